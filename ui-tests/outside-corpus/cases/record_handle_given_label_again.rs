// expect: error
// mistake: a `with(..)` handle given its label again
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    #[metric(labels(method: Method))]
    pub requests: Counter,
}
fn main() { let m = Http::new(); let h = m.requests.with(Method::Get); h.inc(Method::Get); }
