use metrics_runtime::{metrics_family, Gauge, LabelValue};
use metrics_runtime::prometheus_client::registry::Registry;

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Sync {
    /// Lag
    #[metric(labels(quantile: Branch))]
    lag: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.lag.set(Branch::Namespace, 1);
}
