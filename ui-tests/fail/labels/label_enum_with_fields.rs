use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Status {
    Ok,
    Error(u16),
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(status: Status))]
    purges: Counter,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.purges.inc(Status::Ok);
    metrics.purges.inc(label!(Status, "ok"));
}
