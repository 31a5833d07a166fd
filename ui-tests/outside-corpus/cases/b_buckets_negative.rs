// expect: error
// mistake: buckets negative (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "clock")]
pub struct ClockMetrics {
    /// Clock skew against the peer
    #[metric(unit = "seconds", buckets = [-1.0, -0.1, 0.0, 0.1, 1.0])]
    pub skew: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(ClockMetrics::new()).unwrap();
    m.skew.observe(0.05);
}
