// expect: error
// mistake: bucket key singular (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Request latency
    #[metric(unit = "seconds", bucket = [0.1, 0.5, 1.0])]
    pub latency: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.latency.observe(0.25);
}
