use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Class {
    Key,
    #[label(rename = "key")]
    Other,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(class: Class))]
    purges: Counter,
}

fn main() {
    Store::new().purges.inc(Class::Key);
}
