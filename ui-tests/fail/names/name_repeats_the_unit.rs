use metrics_runtime::{metrics_family, Histogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Sync {
    /// Sync duration
    #[metric(unit = "seconds")]
    duration_seconds: Histogram,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.duration_seconds.observe(0.5);
}
