use metrics_runtime::{metrics_family, Registry, StateSet};

#[derive(Clone, Copy)]
enum SyncState {
    Idle,
    Running,
}

#[metrics_family]
struct Node {
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    sync_state: StateSet,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Node::new()).unwrap();
    m.sync_state.set(SyncState::Running);
    let _ = SyncState::Idle;
}
