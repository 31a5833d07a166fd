use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Status {}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(status: Status))]
    purges: Counter,
}

fn record(metrics: &Store, status: Status) {
    metrics.purges.inc(status);
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    let _ = record;
}
