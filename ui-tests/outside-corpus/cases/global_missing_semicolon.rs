// expect: error
// mistake: `global!` without the final `;`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "cache")]
pub struct Cache {
    /// Cache hits
    pub hits: Counter,
}
metrics_runtime::global! {
    /// Cache metrics.
    pub static CACHE: Cache
}
fn main() { CACHE.hits.inc(); }
