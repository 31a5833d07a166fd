//! Sync engine metrics: protocol selection, data transfer, phase timing and
//! invariant monitoring (`crates/node/src/sync/prometheus_metrics.rs` in the
//! reference).

use metrics_runtime::{metrics_family, Counter, Histogram, LabelValue};

/// The sync protocol a session ran, or `none` when no protocol was needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum Protocol {
    /// No sync was needed: the peers already agreed.
    None,
    /// Full state snapshot transfer.
    Snapshot,
    /// Binary search over entity hashes.
    HashComparison,
    /// Replay of missing deltas.
    DeltaSync,
    /// Prefetch of a whole subtree.
    SubtreePrefetch,
    /// Level-by-level walk of the DAG.
    LevelWise,
    /// Set reconciliation with a Bloom filter.
    BloomFilter,
}

/// A phase of a sync session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, LabelValue)]
pub enum Phase {
    /// Finding out what the peer has.
    Discovery,
    /// Comparing state with the peer.
    Comparison,
    /// Moving entities over the network.
    Transfer,
    /// Writing received state to storage.
    Apply,
}

/// Metrics emitted by the sync engine covering protocol selection, data
/// transfer, phase timing, and invariant monitoring.
#[metrics_family(prefix = "sync", title = "Sync Metrics", require_help)]
#[derive(Clone, Debug)]
pub struct SyncMetrics {
    /// Total sync protocol messages sent
    #[metric(group = "Transfer & Volume", labels(protocol: Protocol))]
    pub messages_sent: Counter,
    /// Total sync protocol bytes sent
    #[metric(group = "Transfer & Volume", labels(protocol: Protocol))]
    pub bytes_sent: Counter,
    /// Total sync round trips
    #[metric(group = "Transfer & Volume", labels(protocol: Protocol))]
    pub round_trips: Counter,
    /// Total entities transferred during sync
    #[metric(group = "Transfer & Volume")]
    pub entities_transferred: Counter,
    /// Total CRDT merge operations
    #[metric(group = "CRDT Operations", labels(protocol: Protocol))]
    pub merges: Counter,
    /// Total entity hash comparisons
    #[metric(group = "CRDT Operations")]
    pub comparisons: Counter,
    /// Duration of sync phases
    #[metric(group = "Phase Timing", labels(phase: Phase), unit = "seconds", buckets = exponential(0.001, 2, 15))]
    pub phase_duration: Histogram,
    /// Full sync session duration
    #[metric(group = "Phase Timing", labels(protocol: Protocol), unit = "seconds", buckets = exponential(0.01, 2, 15))]
    pub duration: Histogram,
    /// Snapshot blocked on initialized nodes (invariant I5)
    #[metric(group = "Invariant Monitoring")]
    pub snapshot_blocked: Counter,
    /// Snapshot verification failures (invariant I7)
    #[metric(group = "Invariant Monitoring")]
    pub verification_failures: Counter,
    /// LWW fallback events
    #[metric(group = "Invariant Monitoring")]
    pub lww_fallback: Counter,
    /// Delta buffer drop events (invariant I6 risk)
    #[metric(group = "Invariant Monitoring")]
    pub buffer_drops: Counter,
    /// Total sync attempts by protocol
    #[metric(group = "Protocol Selection & Outcomes", labels(protocol: Protocol))]
    pub attempts: Counter,
    /// Successful syncs by protocol
    #[metric(group = "Protocol Selection & Outcomes", labels(protocol: Protocol))]
    pub successes: Counter,
    /// Failed syncs by protocol
    #[metric(group = "Protocol Selection & Outcomes", labels(protocol: Protocol))]
    pub failures: Counter,
    /// Protocol selection decisions
    #[metric(group = "Protocol Selection & Outcomes", labels(protocol: Protocol))]
    pub protocol_selections: Counter,
}
