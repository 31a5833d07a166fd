// expect: error
// mistake: type in name counter (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    pub requests_counter: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests_counter.inc();
}
