use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Clock {
    /// Offset from the reference clock
    #[metric(unit = "seconds", buckets = [-0.5, 0, 0.5])]
    offset: Histogram,
}

fn main() {}
