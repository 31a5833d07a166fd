use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Jobs {
    /// Jobs started
    started: Counter,
    /// Jobs retried, in debug builds only
    #[cfg(debug_assertions)]
    retried: Counter,
}

fn main() {
    let metrics = Jobs::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.started.inc();
    #[cfg(debug_assertions)]
    metrics.retried.inc();
}
