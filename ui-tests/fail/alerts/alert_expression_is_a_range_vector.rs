use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Protocol {
    Snapshot,
    Delta,
}

#[metrics_family(prefix = "sync")]
struct SyncMetrics {
    /// Failed syncs by protocol
    #[metric(
        labels(protocol: Protocol),
        alert(
            name = "SyncFailing",
            expr = "sync_failures_total[5m]",
            severity = "warning",
            summary = "Syncs are failing",
        )
    )]
    failures: Counter,
}

fn main() {
    let m = SyncMetrics::new();
    m.failures.inc(Protocol::Snapshot);
    m.failures.inc(Protocol::Delta);
}
