use metrics_runtime::{metrics_family, Counter, Gauge};

#[metrics_family]
struct Http {
    /// Requests served
    requests: Counter,
    /// Requests, as a gauge
    #[metric(name = "requests_total")]
    requests_gauge: Gauge,
}

fn main() {}
