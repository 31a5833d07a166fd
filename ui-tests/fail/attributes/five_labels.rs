use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(a: Branch, b: Branch, c: Branch, d: Branch, e: Branch))]
    purges: Counter,
}

fn main() {}
