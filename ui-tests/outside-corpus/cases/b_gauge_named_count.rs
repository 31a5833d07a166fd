// expect: ok
// mistake: a gauge named `message_count` (corpus B): accepted by design, the one name promtool flags that the macro lets through (README: `_count` as "number of"; the reference catalogue's `execution_count`)
use metrics_runtime::{metrics_family, Gauge, Registry};

#[metrics_family(prefix = "queue")]
pub struct QueueMetrics {
    /// Messages waiting
    pub message_count: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(QueueMetrics::new()).unwrap();
    m.message_count.set(7);
}
