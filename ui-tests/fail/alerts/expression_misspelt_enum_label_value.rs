use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[derive(Clone, Copy, LabelValue)]
enum PurgeClass {
    SigningKey,
    ContextCleanup,
}

#[metrics_family(prefix = "context_group_store")]
struct SelfPurgeMetrics {
    /// Self-purge local-state cleanup failures.
    #[metric(
        labels(branch: Branch, class: PurgeClass),
        alert(
            name = "SelfPurgeSigningKeyResidue",
            expr = "increase(context_group_store_self_purge_failures_total{class=\"signing_kye\"}[15m]) > 0",
            severity = "critical",
        )
    )]
    self_purge_failures: Counter,
}

fn main() {
    let m = SelfPurgeMetrics::new();
    m.self_purge_failures.inc(Branch::Namespace, PurgeClass::SigningKey);
}
