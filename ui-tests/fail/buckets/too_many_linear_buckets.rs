use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = linear(1, 1, 1000000000))]
    duration: Histogram,
}

fn main() {}
