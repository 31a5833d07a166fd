// expect: error
// mistake: gauge named total (corpus B)
use metrics_runtime::{metrics_family, Gauge, Registry};

#[metrics_family(prefix = "pool")]
pub struct PoolMetrics {
    /// Connections open now
    pub connections_total: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(PoolMetrics::new()).unwrap();
    m.connections_total.set(4);
}
