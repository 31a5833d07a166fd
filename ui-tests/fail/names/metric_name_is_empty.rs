use metrics_runtime::{metrics_family, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Pool {
    /// Connections
    #[metric(name = "")]
    connections: Gauge,
}

fn main() {
    let metrics = Pool::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.connections.set(1);
}
