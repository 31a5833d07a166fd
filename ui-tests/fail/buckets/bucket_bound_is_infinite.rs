use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = [0.1, 1e999])]
    duration: Histogram,
}

fn main() {}
