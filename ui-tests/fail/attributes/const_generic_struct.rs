use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync<const N: usize> {
    /// Attempts
    attempts: Counter,
}

fn main() {}
