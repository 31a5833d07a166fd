// expect: error
// mistake: native schema out of range (corpus B)
use metrics_runtime::{metrics_family, NativeHistogram, Registry};

#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync duration
    #[metric(unit = "seconds", schema = 10)]
    pub duration: NativeHistogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(SyncMetrics::new()).unwrap();
    m.duration.observe(0.3);
}
