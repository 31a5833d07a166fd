// expect: error
// mistake: `inc_by(1.5)` on a counter
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Bytes sent
    #[metric(unit = "bytes")]
    pub sent: Counter,
}
fn main() { let m = Http::new(); m.sent.inc_by(1.5); }
