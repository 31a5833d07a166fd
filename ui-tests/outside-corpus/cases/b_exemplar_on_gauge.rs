// expect: error
// mistake: exemplar on gauge (corpus B)
use metrics_runtime::{metrics_family, Gauge, Registry};

#[metrics_family(prefix = "queue")]
pub struct QueueMetrics {
    /// Messages waiting
    #[metric(exemplar(trace_id))]
    pub depth: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(QueueMetrics::new()).unwrap();
    m.depth.set(3);
}
