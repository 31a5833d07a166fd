use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Http {
    /// Requests
    #[metric(name = "requests")]
    served: Counter,
    /// Requests
    #[metric(name = "requests")]
    failed: Counter,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.served.inc();
    metrics.failed.inc();
}
