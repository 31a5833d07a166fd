use metrics_runtime::{metrics_family, Histogram, Registry};

#[metrics_family(prefix = "sync")]
#[metric(unit = "seconds")]
struct Sync {
    /// Sync duration
    duration: Histogram,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Sync::new()).unwrap();
    metrics.duration.observe(0.5);
}
