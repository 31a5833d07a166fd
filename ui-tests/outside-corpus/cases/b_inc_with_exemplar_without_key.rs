// expect: error
// mistake: inc with exemplar without key (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "sync")]
pub struct SyncMetrics {
    /// Sync sessions
    pub sessions: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(SyncMetrics::new()).unwrap();
    m.sessions.inc_with_exemplar("4bf92f3577b34da6");
}
