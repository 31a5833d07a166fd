use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = logarithmic(0.1, 2, 3))]
    duration: Histogram,
}

fn main() {}
