// expect: error
// mistake: float set on gauge (corpus B)
use metrics_runtime::{metrics_family, Gauge, Registry};

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// Load average over one minute
    pub load: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.load.set(0.75);
}
