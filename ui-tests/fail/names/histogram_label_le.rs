use metrics_runtime::{metrics_family, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Sync {
    /// Duration
    #[metric(labels(le: Branch))]
    duration: Histogram,
}

fn main() {}
