use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(unit = seconds)]
    duration: Histogram,
}

fn main() {}
