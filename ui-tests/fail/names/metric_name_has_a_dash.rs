use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Channel {
    /// Events dropped
    #[metric(name = "dropped-events")]
    dropped: Counter,
}

fn main() {}
