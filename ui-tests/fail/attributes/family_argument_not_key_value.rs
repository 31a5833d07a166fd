use metrics_runtime::{metrics_family, Counter};

#[metrics_family("sync")]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {}
