//! TEE self-purge metrics: the cleanup that runs when a hardware-attested
//! fleet node is evicted from its ReadOnlyTee role.

use metrics_runtime::{metrics_family, Counter, LabelValue};

/// Which store branch a self-purge failure happened in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
pub enum Branch {
    /// The namespace's own rows and keys.
    Namespace,
    /// A subgroup's rows and keys.
    Subgroup,
}

/// What a failed cleanup was removing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
pub enum PurgeClass {
    /// Private signing-key material: the security-relevant class.
    SigningKey,
    /// Dead-pointer rows; informational.
    ContextCleanup,
}

/// Startup reconcile-sweep outcome for one marked namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
pub enum ReconcileOutcome {
    /// The purge completed.
    Reconciled,
    /// The purge failed again; the marker stays.
    Retained,
    /// A stale marker was cleared.
    ClearedStale,
    /// Clearing a stale marker failed; re-evaluated next restart.
    StaleClearFailed,
    /// Declined to purge under read uncertainty.
    Skipped,
}

/// Observability for the self-purge cleanup of an evicted TEE node.
#[metrics_family(
    prefix = "context_group_store",
    title = "TEE Self-Purge Metrics",
    require_help
)]
#[derive(Clone, Debug)]
pub struct SelfPurgeMetrics {
    /// Self-purge local-state cleanup failures.
    #[metric(labels(branch: Branch, class: PurgeClass))]
    pub self_purge_failures: Counter,
    /// Startup reconcile-sweep outcomes, one increment per marked namespace processed.
    #[metric(labels(outcome: ReconcileOutcome))]
    pub self_purge_reconcile: Counter,
    /// Self-purge op-events dropped by the broadcast Lagged arm (subscriber fell behind).
    pub self_purge_events_dropped: Counter,
}
