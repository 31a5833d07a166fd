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
///
/// The alerts are the reference's: its "Invariant Alerts" (with their
/// severities), the failure-rate alert of its dashboard, and the thresholds
/// its usage notes give (p99 duration, one protocol's share of messages,
/// hash comparison's success rate), on the reference's own queries.
#[metrics_family(prefix = "sync", title = "Sync Metrics", require_help)]
#[derive(Clone, Debug)]
pub struct SyncMetrics {
    /// Total sync protocol messages sent
    #[metric(
        group = "Transfer & Volume",
        labels(protocol: Protocol),
        alert(
            name = "SyncProtocolDominatesMessages",
            expr = "sum(rate(sync_messages_sent_total[5m])) by (protocol) \
                    / ignoring(protocol) group_left sum(rate(sync_messages_sent_total[5m])) > 0.9",
            for = "15m",
            severity = "warning",
            labels(subsystem = "sync"),
            summary = "Sync protocol {{ $labels.protocol }} sends over 90% of sync messages",
            description = "One protocol accounts for more than 90% of sync messages, which may \
                           indicate a stuck fallback (the reference's usage note).",
        )
    )]
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
    #[metric(
        group = "Phase Timing",
        labels(protocol: Protocol),
        unit = "seconds",
        buckets = exponential(0.01, 2, 15),
        alert(
            name = "SyncDurationP99High",
            expr = "histogram_quantile(0.99, sum(rate(sync_duration_seconds_bucket[5m])) by (le, protocol)) > 30",
            for = "5m",
            severity = "warning",
            labels(subsystem = "sync"),
            summary = "p99 sync session duration of {{ $labels.protocol }} above 30 s",
            description = "The reference alerts on p99 > 30s for any protocol (hash comparison \
                           should take under 100 ms, level-wise under 1 s, a snapshot 10 s or \
                           more). 30 s lies inside the 20.48-40.96 s bucket, so the quantile is \
                           interpolated there.",
        )
    )]
    pub duration: Histogram,
    /// Snapshot blocked on initialized nodes (invariant I5)
    #[metric(
        group = "Invariant Monitoring",
        alert(
            name = "SyncSnapshotBlocked",
            expr = "increase(sync_snapshot_blocked_total[5m]) > 0",
            severity = "warning",
            labels(subsystem = "sync"),
            summary = "Snapshot sync blocked on initialized node {{ $labels.instance }} (invariant I5)",
            description = "A snapshot sync was attempted on an already-initialized node and \
                           blocked by safety invariant I5. It should never happen: investigate.",
        )
    )]
    pub snapshot_blocked: Counter,
    /// Snapshot verification failures (invariant I7)
    #[metric(
        group = "Invariant Monitoring",
        alert(
            name = "SyncSnapshotVerificationFailed",
            expr = "increase(sync_verification_failures_total[5m]) > 0",
            severity = "critical",
            labels(subsystem = "sync"),
            summary = "Snapshot verification failed on {{ $labels.instance }} (invariant I7)",
            description = "The state hash after a snapshot did not match: data corruption or \
                           non-deterministic execution. Requires urgent investigation.",
        )
    )]
    pub verification_failures: Counter,
    /// LWW fallback events
    #[metric(group = "Invariant Monitoring")]
    pub lww_fallback: Counter,
    /// Delta buffer drop events (invariant I6 risk)
    #[metric(
        group = "Invariant Monitoring",
        alert(
            name = "SyncDeltaBufferDrops",
            expr = "rate(sync_buffer_drops_total[5m]) > 0",
            severity = "warning",
            labels(subsystem = "sync"),
            summary = "Delta buffer dropping deltas on {{ $labels.instance }} (invariant I6 risk)",
            description = "Deltas arrive faster than they are processed and the bounded buffer \
                           drops them, which may lead to data loss requiring a catch-up sync.",
        )
    )]
    pub buffer_drops: Counter,
    /// Total sync attempts by protocol
    #[metric(group = "Protocol Selection & Outcomes", labels(protocol: Protocol))]
    pub attempts: Counter,
    /// Successful syncs by protocol
    #[metric(
        group = "Protocol Selection & Outcomes",
        labels(protocol: Protocol),
        alert(
            name = "SyncHashComparisonSuccessRateLow",
            expr = "sum(rate(sync_successes_total{protocol=\"hash_comparison\"}[5m])) \
                    / sum(rate(sync_attempts_total{protocol=\"hash_comparison\"}[5m])) < 0.95",
            for = "15m",
            severity = "warning",
            labels(subsystem = "sync"),
            summary = "Hash-comparison sync success rate below 95%",
            description = "Hash comparison should succeed more than 95% of the time (the \
                           reference's usage note); check network stability and storage health.",
        )
    )]
    pub successes: Counter,
    /// Failed syncs by protocol
    #[metric(
        group = "Protocol Selection & Outcomes",
        labels(protocol: Protocol),
        alert(
            name = "SyncFailureRateHigh",
            expr = "sum(rate(sync_failures_total[5m])) by (protocol) > 0.1",
            for = "5m",
            severity = "warning",
            labels(subsystem = "sync"),
            summary = "Sync failures of protocol {{ $labels.protocol }} above 0.1/s",
            description = "More than 0.1 failed syncs a second over 5 minutes, across the \
                           nodes (the reference's failure-rate alert).",
        )
    )]
    pub failures: Counter,
    /// Protocol selection decisions
    #[metric(group = "Protocol Selection & Outcomes", labels(protocol: Protocol))]
    pub protocol_selections: Counter,
}
