use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = 0.5)]
    duration: Histogram,
}

fn main() {}
