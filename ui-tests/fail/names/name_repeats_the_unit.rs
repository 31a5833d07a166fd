use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Sync duration
    #[metric(unit = "seconds")]
    duration_seconds: Histogram,
}

fn main() {}
