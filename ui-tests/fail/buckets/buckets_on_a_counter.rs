use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Requests
    #[metric(buckets = [0.1, 1])]
    requests: Counter,
}

fn main() {}
