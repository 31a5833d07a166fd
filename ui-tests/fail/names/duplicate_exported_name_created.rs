use metrics_runtime::{metrics_family, Counter, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Jobs {
    /// Jobs started
    started: Counter,
    /// When the first job started, as a Unix time
    started_created: Gauge,
}

fn main() {
    let metrics = Jobs::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.started.inc();
    metrics.started_created.set(1);
}
