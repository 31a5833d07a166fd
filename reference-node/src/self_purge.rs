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
///
/// The alerts are the reference's "TEE Self-Purge Health" queries with its
/// severities; the `retained` one is corrected (see its description).
#[metrics_family(
    prefix = "context_group_store",
    title = "TEE Self-Purge Metrics",
    require_help
)]
#[derive(Clone, Debug)]
pub struct SelfPurgeMetrics {
    /// Self-purge local-state cleanup failures.
    #[metric(
        labels(branch: Branch, class: PurgeClass),
        alert(
            name = "SelfPurgeSigningKeyResidue",
            expr = "increase(context_group_store_self_purge_failures_total{class=\"signing_key\"}[15m]) > 0",
            severity = "critical",
            labels(subsystem = "self_purge"),
            summary = "Signing-key material left on disk after eviction on {{ $labels.instance }} ({{ $labels.branch }})",
            description = "A self-purge failed to delete the node's own private signing-key \
                           material, which may linger on disk until the reconcile sweep. \
                           class=\"context_cleanup\" failures are informational and do not alert.",
        )
    )]
    pub self_purge_failures: Counter,
    /// Startup reconcile-sweep outcomes, one increment per marked namespace processed.
    #[metric(
        labels(outcome: ReconcileOutcome),
        alert(
            name = "SelfPurgeNamespaceRetained",
            expr = "context_group_store_self_purge_reconcile_total{outcome=\"retained\"} > 0",
            severity = "warning",
            labels(subsystem = "self_purge"),
            lint_allow = "counter-compared-raw",
            summary = "The startup reconcile sweep retained a namespace on {{ $labels.instance }}",
            description = "A signing-key purge keeps failing across restarts. The counter is \
                           compared raw on purpose: the sweep runs once, at startup, so its value \
                           is the number of namespaces this process's sweep retained. The \
                           reference's increase(...[1h]) > 0 misses the case it warns about: a \
                           sweep that runs before the first scrape shows no increase, and across \
                           restarts the series reads 1, 1, 1.",
        )
    )]
    pub self_purge_reconcile: Counter,
    /// Self-purge op-events dropped by the broadcast Lagged arm (subscriber fell behind).
    #[metric(alert(
        name = "SelfPurgeEventsDropped",
        expr = "rate(context_group_store_self_purge_events_dropped_total[5m]) > 0",
        severity = "warning",
        labels(subsystem = "self_purge"),
        summary = "Self-purge events dropped on {{ $labels.instance }}",
        description = "The self-purge subscriber fell more than the broadcast capacity behind, \
                       so some evictions may have left un-reconcilable on-disk residue (bounded; \
                       not a forward-secrecy hole, which key rotation holds).",
    ))]
    pub self_purge_events_dropped: Counter,
}
