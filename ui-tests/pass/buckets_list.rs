use metrics_runtime::{metrics_family, Histogram, MetricFamily};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(unit = "seconds", buckets = [0.1, 0.5, 1, 2.5])]
    duration: Histogram,
}

fn main() {
    let m = Sync::new();
    m.duration.observe(0.3);
    assert_eq!(Sync::descriptor().metrics[0].buckets, &[0.1, 0.5, 1.0, 2.5]);
    assert_eq!(m.duration.get().count, 1);
}
