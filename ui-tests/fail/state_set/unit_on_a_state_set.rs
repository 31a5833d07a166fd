use metrics_runtime::{metrics_family, LabelValue, StateSet};

#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    Idle,
    Running,
}

#[metrics_family]
struct Node {
    /// What the sync loop is doing
    #[metric(states = SyncState, unit = "seconds")]
    sync_state: StateSet,
}

fn main() {
    let m = Node::new();
    m.sync_state.set(SyncState::Running);
}
