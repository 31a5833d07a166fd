// expect: error
// mistake: stateset set wrong enum (corpus B)
use metrics_runtime::{metrics_family, LabelValue, Registry, StateSet};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum SyncState { Idle, Running, Failed }

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum Phase { Handshake, Transfer }

#[metrics_family(prefix = "node")]
pub struct NodeMetrics {
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    pub sync_state: StateSet,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(NodeMetrics::new()).unwrap();
    m.sync_state.set(Phase::Transfer);
}
