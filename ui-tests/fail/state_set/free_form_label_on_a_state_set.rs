use metrics_runtime::{metrics_family, LabelValue, StateSet};

#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    Idle,
    Running,
}

#[metrics_family]
struct Node {
    /// Each peer's sync state
    #[metric(states = SyncState, labels(peer: String))]
    sync_state: StateSet,
}

fn main() {
    let m = Node::new();
    m.sync_state.set("peer-1", SyncState::Running);
}
