use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync<'a> {
    /// Attempts
    attempts: &'a Counter,
}

fn main() {}
