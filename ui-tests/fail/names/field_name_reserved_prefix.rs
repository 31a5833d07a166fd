use metrics_runtime::{metrics_family, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Pool {
    /// Connections
    __connections: Gauge,
}

fn main() {
    let metrics = Pool::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.__connections.set(1);
}
