// expect: error
// mistake: gauge clashes histogram count (corpus B)
use metrics_runtime::{metrics_family, Gauge, Histogram, Registry};

#[metrics_family(prefix = "rpc")]
pub struct RpcMetrics {
    /// Call latency
    #[metric(unit = "seconds")]
    pub latency: Histogram,
    /// Calls in flight, as a gauge beside the latency
    #[metric(name = "latency_seconds_count")]
    pub in_flight: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(RpcMetrics::new()).unwrap();
    m.latency.observe(0.01);
    m.in_flight.inc();
}
