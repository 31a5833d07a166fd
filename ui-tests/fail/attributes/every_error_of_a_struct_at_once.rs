use metrics_runtime::{metrics_family, Counter, Gauge, Histogram};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family(prefix = "sync", require_help)]
struct Sync {
    attempts_total: Counter,
    /// Duration
    #[metric(unit = "seconds", buckets = [1, 0.5])]
    duration: Histogram,
    /// Depth
    #[metric(buckets = [1])]
    depth: Gauge,
}

fn main() {
    let metrics = Sync::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.attempts_total.inc();
    metrics.duration.observe(0.5);
    metrics.depth.set(1);
}
