// expect: error
// mistake: set on counter (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "pool")]
pub struct PoolMetrics {
    /// Connections open
    pub connections: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(PoolMetrics::new()).unwrap();
    m.connections.set(4);
}
