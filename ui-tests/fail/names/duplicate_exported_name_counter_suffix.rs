use metrics_runtime::{metrics_family, Counter, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Http {
    /// Requests served
    requests: Counter,
    /// Requests, as a gauge
    #[metric(name = "requests_total")]
    requests_gauge: Gauge,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.requests.inc();
    metrics.requests_gauge.set(1);
}
