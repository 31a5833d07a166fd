// expect: error
// mistake: summary kind (corpus B)
use metrics_runtime::{metrics_family, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Request latency
    #[metric(unit = "seconds")]
    pub latency: Summary,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.latency.observe(0.2);
}
