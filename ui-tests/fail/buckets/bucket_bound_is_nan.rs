use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Sync duration
    #[metric(unit = "seconds", buckets = [0.1, f64::NAN])]
    duration: Histogram,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.duration.observe(0.5);
}
