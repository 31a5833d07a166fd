use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Channel {
    /// Events dropped
    #[metric(name = "dropped_events_total")]
    dropped: Counter,
}

fn main() {}
