use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Protocol {
    Snapshot,
    HashComparison,
}

#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync failures by protocol
    #[metric(
        labels(protocol: Protocol),
        alert(
            name = "SyncFailureRateHigh",
            expr = "rate(sync_failures_total) > 0.1",
            severity = "warning",
        ),
    )]
    pub failures: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(SyncMetrics::new()).unwrap();
    m.failures.inc(Protocol::Snapshot);
    let _ = Protocol::HashComparison;
}
