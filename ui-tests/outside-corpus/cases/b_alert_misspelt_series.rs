// expect: error
// mistake: alert misspelt series (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync failures
    #[metric(alert(
        name = "SyncFailing",
        expr = "rate(sync_failure_total[5m]) > 0.1",
        severity = "warning",
    ))]
    pub failures: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(SyncMetrics::new()).unwrap();
    m.failures.inc();
}
