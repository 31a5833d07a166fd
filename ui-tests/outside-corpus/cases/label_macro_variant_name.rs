// expect: error
// mistake: `label!(StatusClass, "ServerError")`: the variant's name
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};
use metrics_runtime::label;

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    #[metric(labels(status: StatusClass))]
    pub requests: Counter,
}
fn main() { let m = Http::new(); m.requests.inc(label!(StatusClass, "ServerError")); }
