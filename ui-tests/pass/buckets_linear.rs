use metrics_runtime::{metrics_family, Histogram, MetricFamily};

#[metrics_family]
struct Queue {
    /// Batch fill ratio
    #[metric(buckets = linear(0.1, 0.1, 3))]
    fill: Histogram,
}

fn main() {
    assert_eq!(Queue::descriptor().metrics[0].buckets, &[0.1, 0.2, 0.3]);
    Queue::new().fill.observe(0.25);
}
