use metrics_runtime::{metrics_family, Counter, LabelValue};
use metrics_runtime::prometheus_client::registry::Registry;

#[derive(Clone, Copy, LabelValue)]
enum Status {
    Ok,
    NotFound,
}

#[metrics_family]
struct Http {
    /// Responses
    #[metric(labels(status: Statuss))]
    responses: Counter,
}

fn main() {
    let metrics = Http::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.responses.inc(Status::NotFound);
}
