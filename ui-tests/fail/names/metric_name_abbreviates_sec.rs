use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Sync {
    /// Replication lag
    lag_sec: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.lag_sec.set(3);
}
