// expect: error
// mistake: stateset missing states (corpus B)
use metrics_runtime::{metrics_family, LabelValue, Registry, StateSet};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum SyncState { Idle, Running, Failed }

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// What the sync loop is doing
    pub sync_state: StateSet,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.sync_state.set(SyncState::Running);
}
