use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefx = "sync")]
struct Sync {
    /// Attempts
    attempts: Counter,
}

fn main() {}
