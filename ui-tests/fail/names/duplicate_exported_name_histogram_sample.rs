use metrics_runtime::{metrics_family, Gauge, Histogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Sync {
    /// Latency
    latency: Histogram,
    /// Latency samples
    #[metric(name = "latency_sum")]
    latency_total: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.latency.observe(0.5);
    metrics.latency_total.set(1);
}
