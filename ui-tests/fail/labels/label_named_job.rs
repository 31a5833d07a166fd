use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "batch")]
struct Batch {
    /// Batch runs
    #[metric(labels(job: String))]
    runs: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Batch::new()).unwrap();
    metrics.runs.inc("nightly");
}
