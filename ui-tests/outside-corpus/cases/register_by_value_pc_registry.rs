// expect: error
// mistake: `register(registry)` by value into a prometheus-client registry
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
fn main() {
    let mut registry = metrics_runtime::prometheus_client::registry::Registry::default();
    let m = Http::new();
    m.register(registry).unwrap();
    m.requests.inc();
}
