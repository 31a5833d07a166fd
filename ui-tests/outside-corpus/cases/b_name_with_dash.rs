// expect: error
// mistake: name with dash (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(name = "requests-served")]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc();
}
