use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = exponential(1e300, 1e10, 40))]
    duration: Histogram,
}

fn main() {}
