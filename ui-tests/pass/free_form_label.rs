use metrics_runtime::{metrics_family, Gauge};

#[metrics_family]
struct Contexts {
    /// Executions per context
    #[metric(labels(context_id: String), max_series = 2)]
    executions: Gauge,
}

fn main() {
    let m = Contexts::new();
    m.executions.inc("a");
    m.executions.inc("b");
    m.executions.inc("c"); // past the bound: the overflow series
    let handle = m.executions.with("a");
    handle.inc();
    assert_eq!(m.executions.get("a"), 2);
    assert_eq!(m.executions.series(), 2);
    assert_eq!(m.executions.overflowed(), 1);
    assert!(m.executions.remove("b"));
}
