use metrics_runtime::{metrics_family, Counter, Gauge};

#[metrics_family]
struct Contexts {
    /// Executions per context
    #[metric(labels(context_id: String))]
    executions: Gauge,
    /// Something else, named like the overflow counter of `executions`
    executions_overflow: Counter,
}

fn main() {}
