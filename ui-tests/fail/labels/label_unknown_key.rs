use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Class {
    #[label(renme = "key")]
    SigningKey,
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
    metrics.purges.inc(Class::SigningKey);
}
