// expect: error
// mistake: label named job (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "worker")]
pub struct WorkerMetrics {
    /// Jobs finished
    #[metric(labels(job: String))]
    pub finished: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(WorkerMetrics::new()).unwrap();
    m.finished.inc("resize-images");
}
