// expect: error
// mistake: observe value before label (corpus B)
use metrics_runtime::{metrics_family, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Request latency
    #[metric(unit = "seconds", labels(method: Method))]
    pub latency: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.latency.observe(0.2, Method::Get);
}
