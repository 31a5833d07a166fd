use metrics_runtime::{metrics_family, Counter};

#[metrics_family(require_help = "yes")]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {}
