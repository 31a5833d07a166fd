use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Channel {
    /// Events dropped
    dropped_total: Counter,
}

fn main() {}
