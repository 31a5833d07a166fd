use metrics_runtime::{metrics_family, Histogram, LabelValue};
use metrics_runtime::prometheus_client::registry::Registry;

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(labels(le: Branch))]
    duration: Histogram,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.duration.observe(Branch::Namespace, 0.5);
}
