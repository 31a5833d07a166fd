use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = exponential(0.001, 1.1, 100))]
    duration: Histogram,
}

fn main() {}
