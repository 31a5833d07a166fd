use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(unit = "seconds")]
    #[metric(unit = "milliseconds")]
    duration: Histogram,
}

fn main() {}
