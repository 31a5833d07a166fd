use metrics_runtime::{metrics_family, Histogram};

#[metrics_family]
struct Sizes {
    /// Object sizes
    #[metric(unit = "bytes", buckets = linear(1e20, 1, 3))]
    objects: Histogram,
}

fn main() {}
