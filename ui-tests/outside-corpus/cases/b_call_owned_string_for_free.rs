// expect: error
// mistake: call owned string for free (corpus B)
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
    let route = format!("/users/{}", 42);
    m.requests.inc(Method::Get, route);
}
