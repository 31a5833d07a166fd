use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefix = "sync", prefix = "node")]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {}
