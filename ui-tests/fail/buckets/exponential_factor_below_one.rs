use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = exponential(1, 0.5, 10))]
    duration: Histogram,
}

fn main() {}
