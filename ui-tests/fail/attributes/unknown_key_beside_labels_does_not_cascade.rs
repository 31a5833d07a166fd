use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct Purges {
    /// Purge failures
    #[metric(labels(branch: Branch), unti = "seconds")]
    failures: Counter,
}

fn main() {
    // Recording with the declared labels draws no second error.
    Purges::new().failures.inc(Branch::Subgroup);
}
