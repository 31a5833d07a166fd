use metrics_runtime::{metrics_family, Counter};

#[metrics_family(require_docs)]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {}
