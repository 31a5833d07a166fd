use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{label, metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Requests served
    #[metric(labels(method: Method))]
    requests: Counter,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.requests.inc(label!(Method, "GET"));
}
