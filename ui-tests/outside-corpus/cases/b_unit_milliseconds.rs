// expect: error
// mistake: unit milliseconds (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Request latency
    #[metric(unit = "milliseconds", buckets = [5, 10, 50, 100, 500])]
    pub latency: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.latency.observe(42.0);
}
