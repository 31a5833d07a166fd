use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = [0.1, 0.5, 0.3, 1])]
    duration: Histogram,
}

fn main() {}
