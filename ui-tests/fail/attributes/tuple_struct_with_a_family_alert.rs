use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family(
    prefix = "sync",
    alert(
        name = "SyncFailing",
        expr = "rate(sync_failures_total[5m]) > 0",
        severity = "warning",
        summary = "Syncs are failing",
    ),
)]
struct Sync(Counter);

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.0.inc();
}
