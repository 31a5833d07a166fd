use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Attempts
    #[metric(name = 5)]
    attempts: Counter,
}

fn main() {}
