use metrics_runtime::{metrics_family, Counter, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Protocol {
    Snapshot,
    HashComparison,
}

#[metrics_family(prefix = "sync")]
struct SyncMetrics {
    /// Failed syncs by protocol
    #[metric(
        labels(protocol: Protocol),
        alert(
            name = "SyncFailures",
            expr = "rate(sync_failures_total[5m]) > 0",
            severity = "warning",
        )
    )]
    failures: Counter,
    /// Full sync session duration
    #[metric(labels(protocol: Protocol), unit = "seconds", buckets = [0.1, 1, 10],
        alert(
            name = "SyncSlow",
            expr = "rate(sync_duration_seconds_bucket{le=\"10.00\"}[5m]) > 0",
            severity = "warning",
        ))]
    duration: Histogram,
}

fn main() {
    let m = SyncMetrics::new();
    m.failures.inc(Protocol::Snapshot);
    m.duration.observe(Protocol::HashComparison, 0.5);
}
