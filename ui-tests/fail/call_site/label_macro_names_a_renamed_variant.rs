use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    #[label(rename = "sub")]
    Subgroup,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch: Branch))]
    purges: Counter,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.purges.inc(label!(Branch, "subgroup"));
}
