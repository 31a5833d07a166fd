use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Contexts {
    /// Executions
    #[metric(labels(context_id: String), max_value_len = 0)]
    executions: Counter,
}

fn main() {
    let m = Contexts::new();
    m.executions.inc("ctx-1");
}
