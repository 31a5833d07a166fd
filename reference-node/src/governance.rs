//! Governance metrics, planned in the reference: the names are reserved for
//! future governance observability.

use metrics_runtime::{metrics_family, Counter, Gauge, LabelValue};

/// Why a governance operation was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum RejectReason {
    /// The author was not allowed to perform the operation.
    Authorization,
    /// The operation was based on outdated state.
    StaleState,
    /// The operation failed validation.
    Validation,
    /// Any other reason.
    Other,
}

/// Governance observability, exported under `calimero_governance_`.
#[metrics_family(
    prefix = "calimero_governance",
    title = "Governance metrics (planned)",
    require_help
)]
#[derive(Clone, Debug)]
pub struct GovernanceMetrics {
    /// Total governance operations applied successfully
    pub ops_applied: Counter,
    /// Total governance operations rejected (authorization failures, stale state, validation, etc.)
    #[metric(labels(reason: RejectReason))]
    pub ops_rejected: Counter,
    /// Current number of DAG heads per group
    #[metric(labels(group_id: String), max_series = 1000)]
    pub dag_heads: Gauge,
    /// Heartbeat head comparison failures
    pub heartbeat_mismatches: Counter,
}
