use metrics_runtime::{metrics_family, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Contexts {
    /// Executions
    #[metric(labels(context_id: String), max_series = 0)]
    executions: Gauge,
}

fn main() {
    let metrics = Contexts::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.executions.set("ctx", 1);
}
