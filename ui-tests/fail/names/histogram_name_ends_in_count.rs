use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Sync duration
    duration_count: Histogram,
}

fn main() {}
