use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(buckets = linear(0.1, 0.1, 0))]
    duration: Histogram,
}

fn main() {}
