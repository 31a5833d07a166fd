use metrics_runtime::{metrics_family, Histogram, MetricFamily};

#[metrics_family]
struct Sync {
    /// Phase duration
    #[metric(unit = "seconds", buckets = exponential(0.001, 2, 15))]
    phase: Histogram,
}

fn main() {
    let bounds = Sync::descriptor().metrics[0].buckets;
    assert_eq!(bounds.len(), 15);
    assert_eq!(bounds[0], 0.001);
    assert_eq!(bounds[14], 16.384);
    Sync::new().phase.observe(0.002);
}
