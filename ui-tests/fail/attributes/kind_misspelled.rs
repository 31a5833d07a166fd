use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Attempts
    attempts: Countr,
    /// Failures
    failures: Counter,
}

fn main() {}
