use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefix = 7)]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {}
