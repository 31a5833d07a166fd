// expect: ok
// mistake: a label named `type` (a keyword)
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    #[metric(labels(type: Method))]
    pub requests: Counter,
}
fn main() { let m = Http::new(); m.requests.inc(Method::Get); }
