use metrics_runtime::{metrics_family, Histogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Sizes {
    /// Object sizes
    #[metric(unit = "bytes", buckets = linear(1e20, 1, 3))]
    objects: Histogram,
}

fn main() {
    let metrics = Sizes::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.objects.observe(0.5);
}
