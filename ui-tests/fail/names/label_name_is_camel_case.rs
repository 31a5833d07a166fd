use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Contexts {
    /// Executions
    #[metric(labels(contextId: String))]
    executions: Counter,
}

fn main() {
    let metrics = Contexts::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.executions.inc("ctx");
}
