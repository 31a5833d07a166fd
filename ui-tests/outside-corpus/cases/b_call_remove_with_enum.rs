// expect: error
// mistake: call remove with enum (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(labels(method: Method, route: String), max_series = 100)]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc(Method::Get, "/users");
    m.requests.remove(Method::Get, "/users");
}
