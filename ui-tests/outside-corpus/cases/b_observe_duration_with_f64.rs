// expect: error
// mistake: observe duration with f64 (corpus B)
use metrics_runtime::{metrics_family, Histogram, Registry};
use std::time::Instant;

#[metrics_family(prefix = "job")]
pub struct JobMetrics {
    /// Time a job took
    #[metric(unit = "seconds")]
    pub duration: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(JobMetrics::new()).unwrap();
    let started = Instant::now();
    m.duration.observe_duration(started.elapsed().as_secs_f64());
}
