use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Sync {
    /// Depth
    #[metric(buckets = exponential(0.1, 2, 4))]
    depth: Gauge,
}

fn main() {}
