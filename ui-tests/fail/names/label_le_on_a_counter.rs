use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Bound {
    Low,
    High,
}

#[metrics_family]
struct Sync {
    /// Requests under a bound
    #[metric(labels(le: Bound))]
    requests: Counter,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.requests.inc(Bound::Low);
}
