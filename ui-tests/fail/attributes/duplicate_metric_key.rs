use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Attempts
    #[metric(name = "attempts", name = "tries")]
    attempts: Counter,
}

fn main() {}
