use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Class {
    SigningKey,
    #[label(rename = "signing_key")]
    Key,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(class: Class))]
    purges: Counter,
}

fn main() {
    let metrics = Store::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.purges.inc(Class::Key);
    metrics.purges.inc(label!(Class, "signing_key"));
}
