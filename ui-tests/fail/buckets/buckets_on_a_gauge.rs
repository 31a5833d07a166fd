use metrics_runtime::{metrics_family, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Sync {
    /// Depth
    #[metric(buckets = exponential(0.1, 2, 4))]
    depth: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.depth.set(1);
}
