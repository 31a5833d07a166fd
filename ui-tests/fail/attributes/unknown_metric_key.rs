use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Channel {
    /// Events dropped
    #[metric(nmae = "dropped")]
    dropped_events: Counter,
}

fn main() {
    let metrics = Channel::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.dropped_events.inc();
}
