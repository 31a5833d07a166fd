use metrics_runtime::{metrics_family, Counter, Gauge, Histogram};

#[metrics_family(prefix = "sync", require_help)]
struct Sync {
    attempts_total: Counter,
    /// Duration
    #[metric(unit = "seconds", buckets = [1, 0.5])]
    duration: Histogram,
    /// Depth
    #[metric(buckets = [1])]
    depth: Gauge,
}

fn main() {}
