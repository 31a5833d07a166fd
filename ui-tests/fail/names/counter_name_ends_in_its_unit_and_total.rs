use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "process")]
struct Process {
    /// CPU time used
    #[metric(unit = "seconds")]
    cpu_seconds_total: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Process::new()).unwrap();
    metrics.cpu_seconds_total.inc_by(1);
}
