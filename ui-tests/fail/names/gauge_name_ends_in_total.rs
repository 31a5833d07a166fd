use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Sync {
    /// Requests in flight
    inflight_total: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.inflight_total.set(3);
}
