use metrics_runtime::{metrics_family, Counter, Gauge};
use metrics_runtime::prometheus_client::registry::Registry;

#[metrics_family]
struct Contexts {
    /// Executions per context
    #[metric(labels(context_id: String))]
    executions: Gauge,
    /// Something else, named like the overflow counter of `executions`
    executions_overflow: Counter,
}

fn main() {
    let metrics = Contexts::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.executions.set("ctx", 1);
    metrics.executions_overflow.inc();
}
