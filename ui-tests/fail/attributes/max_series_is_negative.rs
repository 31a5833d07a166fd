use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Contexts {
    /// Executions
    #[metric(labels(context_id: String), max_series = -1)]
    executions: Gauge,
}

fn main() {}
