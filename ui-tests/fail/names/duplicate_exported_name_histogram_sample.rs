use metrics_runtime::{metrics_family, Gauge, Histogram};

#[metrics_family]
struct Sync {
    /// Latency
    latency: Histogram,
    /// Latency samples
    #[metric(name = "latency_sum")]
    latency_total: Gauge,
}

fn main() {}
