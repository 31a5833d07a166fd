// expect: error
// mistake: a `u16` status code as a label type
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    #[metric(labels(status: u16))]
    pub requests: Counter,
}
fn main() { let m = Http::new(); m.requests.inc(200); }
