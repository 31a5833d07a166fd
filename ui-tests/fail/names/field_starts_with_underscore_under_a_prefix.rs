use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Histogram};

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Phase duration
    _phase: Histogram,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics._phase.observe(0.5);
}
