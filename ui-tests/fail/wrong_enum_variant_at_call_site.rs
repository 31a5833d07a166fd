use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family]
struct SelfPurge {
    /// Failures
    #[metric(labels(branch: Branch))]
    self_purge_failures: Counter,
}

fn main() {
    let m = SelfPurge::new();
    m.self_purge_failures.inc(Branch::Namspace);
}
