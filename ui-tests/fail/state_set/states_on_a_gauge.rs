use metrics_runtime::{metrics_family, Gauge, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    Idle,
    Running,
}

#[metrics_family]
struct Node {
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    sync_state: Gauge,
}

fn main() {
    let m = Node::new();
    m.sync_state.set(SyncState::Running);
}
