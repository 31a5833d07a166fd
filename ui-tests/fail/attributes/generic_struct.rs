use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync<T> {
    /// Attempts
    attempts: Counter,
}

fn main() {}
