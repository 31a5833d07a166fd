// expect: error
// mistake: inc on histogram (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "batch")]
pub struct BatchMetrics {
    /// Items per batch
    #[metric(buckets = [1, 10, 100])]
    pub size: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(BatchMetrics::new()).unwrap();
    m.size.inc();
}
