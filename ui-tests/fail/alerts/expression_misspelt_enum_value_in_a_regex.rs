use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum ReconcileOutcome {
    Reconciled,
    Retained,
    Skipped,
}

#[metrics_family(prefix = "context_group_store")]
struct SelfPurgeMetrics {
    /// Startup reconcile-sweep outcomes.
    #[metric(
        labels(outcome: ReconcileOutcome),
        alert(
            name = "SelfPurgeSweepTroubled",
            expr = "increase(context_group_store_self_purge_reconcile_total{outcome=~\"retained|skiped\"}[1h]) > 0",
            severity = "warning",
        )
    )]
    self_purge_reconcile: Counter,
}

fn main() {
    let m = SelfPurgeMetrics::new();
    m.self_purge_reconcile.inc(ReconcileOutcome::Retained);
}
