// expect: error
// mistake: observe on counter (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Bytes received
    #[metric(unit = "bytes")]
    pub received: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.received.observe(512.0);
}
