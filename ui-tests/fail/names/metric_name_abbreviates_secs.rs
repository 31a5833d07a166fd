use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Sync duration
    duration_secs: Histogram,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.duration_secs.observe(0.5);
}
