use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Sync duration
    #[metric(name = "duration_bucket")]
    duration: Histogram,
}

fn main() {}
