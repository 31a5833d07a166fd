use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Store {
    /// Size of the store
    größe: Gauge,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.größe.set(3);
}
