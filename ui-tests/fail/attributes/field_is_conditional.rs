use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Jobs {
    /// Jobs started
    started: Counter,
    /// Jobs retried, in debug builds only
    #[cfg(debug_assertions)]
    retried: Counter,
}

fn main() {}
