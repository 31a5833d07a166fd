use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(colour = "red")]
    duration: Histogram,
}

fn main() {}
