// expect: error
// mistake: duplicate name override (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    pub requests: Counter,
    /// Requests that failed
    #[metric(name = "requests")]
    pub failed: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc();
    m.failed.inc();
}
