use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = exponential(0.1, 2))]
    duration: Histogram,
}

fn main() {}
