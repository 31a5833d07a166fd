// expect: error
// mistake: inherent register into our registry (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

fn main() {
    let mut registry = Registry::new();
    let m = AppMetrics::new();
    m.register(&mut registry).unwrap();
    m.requests.inc();
}
