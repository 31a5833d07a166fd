// expect: error
// mistake: `global!` of a type that is not a family
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

pub struct Cache { pub hits: u64 }
metrics_runtime::global! {
    /// Cache metrics.
    pub static CACHE: Cache;
}
fn main() { let _ = CACHE.hits; }
