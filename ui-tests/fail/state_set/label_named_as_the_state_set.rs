use metrics_runtime::{metrics_family, LabelValue, StateSet};

#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    Idle,
    Running,
}

#[derive(Clone, Copy, LabelValue)]
enum Shard {
    A,
    B,
}

#[metrics_family]
struct Node {
    /// Each shard's sync state
    #[metric(states = SyncState, labels(sync_state: Shard))]
    sync_state: StateSet,
}

fn main() {
    let m = Node::new();
    m.sync_state.set(Shard::A, SyncState::Running);
}
