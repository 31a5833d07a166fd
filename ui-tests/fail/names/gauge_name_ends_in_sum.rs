use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Sync {
    /// Summed latency
    latency_sum: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.latency_sum.set(3);
}
