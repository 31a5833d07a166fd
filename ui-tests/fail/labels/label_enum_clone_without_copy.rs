use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, LabelValue};

// `Clone` but not `Copy`: label values are copied.
#[derive(Clone, Debug, LabelValue)]
pub enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Mirror {
    /// Branches synced
    #[metric(labels(branch: Branch))]
    synced: Counter,
}

fn main() {
    let metrics = Mirror::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.synced.inc(Branch::Namespace);
}
