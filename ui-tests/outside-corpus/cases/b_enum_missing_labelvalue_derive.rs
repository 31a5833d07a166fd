// expect: error
// mistake: enum missing labelvalue derive (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[derive(Clone, Copy, Debug)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(labels(method: Method))]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc(Method::Get);
}
