use metrics_runtime::{metrics_family, LabelValue, Registry, StateSet};

#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    Idle,
    Running,
}

#[metrics_family(prefix = "node")]
struct Node {
    /// What the sync loop is doing
    #[metric(labels(state: SyncState))]
    sync_state: StateSet,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(Node::new()).unwrap();
    metrics.sync_state.set(SyncState::Running);
}
