use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Sync {
    /// Total sync round trips
    #[metric(group = "")]
    round_trips: Counter,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.round_trips.inc();
}
