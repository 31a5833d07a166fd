use std::time::Duration;

use metrics_runtime::{metrics_family, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Phase {
    Fetch,
    Apply,
}

#[metrics_family]
struct Sync {
    /// Phase duration
    #[metric(unit = "seconds", labels(phase: Phase))]
    phase: Histogram,
    /// Whole sync
    #[metric(unit = "seconds")]
    total: Histogram,
}

fn main() {
    let m = Sync::new();
    m.phase.observe_duration(Phase::Fetch, Duration::from_millis(20));
    {
        let _timer = m.phase.start_timer(Phase::Apply);
    }
    let elapsed = m.total.start_timer().observe();
    assert!(elapsed < Duration::from_secs(60));
    assert_eq!(m.phase.get(Phase::Fetch).count, 1);
    assert_eq!(m.phase.get(Phase::Apply).count, 1);
    assert_eq!(m.total.get().count, 1);
}
