// expect: error
// mistake: metric attr without family (corpus B)
use metrics_runtime::{Counter, Histogram};

pub struct HttpMetrics {
    /// Requests served
    pub requests: Counter,
    /// Request latency
    #[metric(unit = "seconds")]
    pub latency: Histogram,
}

fn main() {
    let m = HttpMetrics::new();
    m.requests.inc();
    m.latency.observe(0.2);
}
