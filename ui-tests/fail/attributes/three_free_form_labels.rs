use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Contexts {
    /// Executions
    #[metric(labels(context_id: String, peer_id: String, node_id: String))]
    executions: Gauge,
}

fn main() {
    let metrics = Contexts::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    // The labels as declared, so no error of its own.
    metrics.executions.inc("ctx", "peer", "node");
    metrics.executions.with("ctx", "peer", "node").set(2);
    metrics.executions.remove("ctx", "peer", "node");
}
