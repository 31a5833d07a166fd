use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[derive(Clone, Copy, LabelValue)]
enum PurgeClass {
    SigningKey,
    #[label(rename = "cleanup")]
    ContextCleanup,
}

#[metrics_family(prefix = "context_group_store")]
struct SelfPurge {
    /// Failures
    #[metric(labels(branch: Branch, class: PurgeClass))]
    self_purge_failures: Counter,
}

fn main() {
    let m = SelfPurge::new();
    m.self_purge_failures.inc(Branch::Subgroup, PurgeClass::ContextCleanup);
    assert_eq!(m.self_purge_failures.get(Branch::Subgroup, PurgeClass::ContextCleanup), 1);
    assert_eq!(m.self_purge_failures.get(Branch::Namespace, PurgeClass::SigningKey), 0);
    assert_eq!(PurgeClass::ContextCleanup.as_str(), "cleanup");
}
