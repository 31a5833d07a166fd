use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(bucket = [0.1, 1])]
    duration: Histogram,
}

fn main() {}
