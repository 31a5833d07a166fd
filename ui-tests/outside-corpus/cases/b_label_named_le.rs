// expect: error
// mistake: label named le (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Level { Low, High }

#[metrics_family(prefix = "alarm")]
pub struct AlarmMetrics {
    /// Alarms raised
    #[metric(labels(le: Level))]
    pub raised: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(AlarmMetrics::new()).unwrap();
    m.raised.inc(Level::High);
}
