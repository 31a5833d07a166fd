use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Sync {
    /// Total sync round trips
    #[metric(group = "")]
    round_trips: Counter,
}

fn main() {}
