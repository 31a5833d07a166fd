// expect: error
// mistake: recording into the `Result` of `register`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    pub requests: Counter,
}
fn main() { let registry = Registry::new(); let m = registry.register(Http::new()); m.requests.inc(); }
