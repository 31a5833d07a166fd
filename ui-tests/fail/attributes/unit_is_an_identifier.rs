use metrics_runtime::{metrics_family, Histogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(unit = seconds)]
    duration: Histogram,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.duration.observe(0.5);
}
