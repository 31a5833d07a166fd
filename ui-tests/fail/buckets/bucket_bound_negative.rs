use metrics_runtime::{metrics_family, Histogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Clock {
    /// Offset from the reference clock
    #[metric(unit = "seconds", buckets = [-0.5, 0, 0.5])]
    offset: Histogram,
}

fn main() {
    let metrics = Clock::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.offset.observe(0.5);
}
