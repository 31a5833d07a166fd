// expect: error
// mistake: max series string (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "exec")]
pub struct ExecMetrics {
    /// Executions per context
    #[metric(labels(context_id: String), max_series = "500")]
    pub executions: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(ExecMetrics::new()).unwrap();
    m.executions.inc("ctx-1");
}
