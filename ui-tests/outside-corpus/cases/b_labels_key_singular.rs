// expect: error
// mistake: labels key singular (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(label(method: Method))]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc(Method::Get);
}
