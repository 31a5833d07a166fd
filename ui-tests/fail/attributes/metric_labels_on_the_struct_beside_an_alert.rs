use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, LabelValue)]
enum Protocol {
    Snapshot,
    Delta,
}

#[metrics_family(prefix = "sync")]
#[metric(labels(protocol: Protocol))]
struct Sync {
    /// Failed syncs
    #[metric(alert(
        name = "SnapshotSyncFailing",
        expr = "rate(sync_failures_total{protocol=\"snapshot\"}[5m]) > 0",
        severity = "warning",
    ))]
    failures: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Sync::new()).unwrap();
    metrics.failures.inc();
    let _ = Protocol::Delta;
}
