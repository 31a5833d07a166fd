use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[derive(Clone, Copy, LabelValue)]
enum Class {
    SigningKey,
    ContextCleanup,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch = Branch, class = Class))]
    purges: Counter,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    // The labels as declared, so no error of its own.
    metrics.purges.inc(Branch::Namespace, Class::SigningKey);
}
