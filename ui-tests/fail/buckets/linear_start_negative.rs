use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Clock {
    /// Offset from the reference clock
    #[metric(unit = "seconds", buckets = linear(-1, 0.5, 5))]
    offset: Histogram,
}

fn main() {}
