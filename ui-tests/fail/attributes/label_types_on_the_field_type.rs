use metrics_runtime::{metrics_family, Counter, LabelValue};
use metrics_runtime::prometheus_client::registry::Registry;

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Store {
    /// Purges
    purges: Counter<(Branch,)>,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.purges.inc(Branch::Namespace);
}
