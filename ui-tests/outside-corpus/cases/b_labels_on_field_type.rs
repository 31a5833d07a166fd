// expect: error
// mistake: labels on field type (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    pub requests: Counter<Method>,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc(Method::Get);
}
