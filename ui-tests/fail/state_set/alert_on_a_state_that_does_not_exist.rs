use metrics_runtime::{metrics_family, LabelValue, StateSet};

#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    Idle,
    Running,
    Failed,
}

#[metrics_family(prefix = "node")]
struct Node {
    /// What the sync loop is doing
    #[metric(
        states = SyncState,
        alert(
            name = "SyncFailed",
            expr = "node_sync_state{node_sync_state=\"faild\"} == 1",
            severity = "warning",
        )
    )]
    sync_state: StateSet,
}

fn main() {
    let m = Node::new();
    m.sync_state.set(SyncState::Failed);
}
