// expect: error
// mistake: unit in field and attr (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Request latency
    #[metric(unit = "seconds")]
    pub latency_seconds: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.latency_seconds.observe(0.25);
}
