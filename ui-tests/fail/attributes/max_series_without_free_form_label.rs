use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Store {
    /// Purges
    #[metric(labels(branch: Branch), max_series = 100)]
    purges: Counter,
}

fn main() {}
