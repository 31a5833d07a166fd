use metrics_runtime::{metrics_family, Counter, Registry};

/// Application metrics.
#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served.
    pub requests: Counter,
}

fn main() {
    // A family's own `register` is prometheus-client's way; our registry
    // takes the family: `registry.register(AppMetrics::new())`.
    let mut registry = Registry::new();
    let m = AppMetrics::new();
    m.register(&mut registry).unwrap();
    m.requests.inc();
}
