// expect: error
// mistake: states on gauge (corpus B)
use metrics_runtime::{metrics_family, Gauge, LabelValue, Registry};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum SyncState { Idle, Running, Failed }

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    pub sync_state: Gauge,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.sync_state.set(SyncState::Running);
}
