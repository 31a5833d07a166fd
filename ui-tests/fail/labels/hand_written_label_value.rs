use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy)]
enum Class {
    Key,
}

// Stores trust a label value's index, so only the derive implements it.
impl LabelValue for Class {
    const VALUES: &'static [&'static str] = &["key"];
    const DOCS: &'static [&'static str] = &[""];
    fn index(self) -> usize {
        2
    }
    fn from_index(_: usize) -> Option<Self> {
        Some(Class::Key)
    }
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
}
