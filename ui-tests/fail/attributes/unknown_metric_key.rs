use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Channel {
    /// Events dropped
    #[metric(nmae = "dropped")]
    dropped_events: Counter,
}

fn main() {}
