// expect: error
// mistake: the amount before the label in `inc_by`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Bytes sent
    #[metric(unit = "bytes", labels(method: Method))]
    pub sent: Counter,
}
fn main() { let m = Http::new(); m.sent.inc_by(10, Method::Get); }
