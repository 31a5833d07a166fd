// expect: error
// mistake: buckets decreasing (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Request latency
    #[metric(unit = "seconds", buckets = [0.1, 1.0, 0.5, 5.0])]
    pub latency: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.latency.observe(0.25);
}
