// expect: error
// mistake: label type str ref (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(labels(route: &str))]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc("/users/:id");
}
