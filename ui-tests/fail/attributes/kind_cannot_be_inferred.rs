use metrics_runtime::metrics_family;

#[metrics_family]
struct Sync {
    /// Attempts
    attempts: u64,
}

fn main() {}
