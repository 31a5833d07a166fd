// expect: error
// mistake: exponential two args (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync duration
    #[metric(unit = "seconds", buckets = exponential(0.01, 2))]
    pub duration: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(SyncMetrics::new()).unwrap();
    m.duration.observe(0.25);
}
