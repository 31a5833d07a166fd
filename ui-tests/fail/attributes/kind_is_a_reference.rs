use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Attempts
    attempts: &'static Counter,
}

fn main() {}
