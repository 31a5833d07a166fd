// expect: error
// mistake: int set on float gauge (corpus B)
use metrics_runtime::{metrics_family, FloatGauge, Registry};

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// Fraction of the disk in use
    #[metric(unit = "ratio")]
    pub disk_usage: FloatGauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.disk_usage.set(1);
}
