// expect: error
// mistake: inc by float on counter (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "cpu")]
pub struct CpuMetrics {
    /// CPU time used
    #[metric(unit = "seconds")]
    pub used: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(CpuMetrics::new()).unwrap();
    m.used.inc_by(0.25);
}
