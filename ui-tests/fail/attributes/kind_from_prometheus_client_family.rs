use metrics_runtime::prometheus_client::metrics::family::Family;
use metrics_runtime::prometheus_client::metrics::histogram::Histogram;
use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Request latency
    #[metric(labels(method: Method), unit = "seconds")]
    latency: Family<Vec<(String, String)>, Histogram>,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.latency.observe(Method::Post, 0.25);
}
