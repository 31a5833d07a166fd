use metrics_runtime::{metrics_family, Format, LabelValue, MetricFamily, MetricKind, Registry, StateSet};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum SyncState {
    Idle,
    Running,
    Failed,
}

#[derive(Clone, Copy, LabelValue)]
enum Shard {
    A,
    B,
}

#[derive(Clone, Copy, LabelValue)]
enum Region {
    East,
    West,
}

#[metrics_family(prefix = "node", const_labels(peer: String))]
struct Node {
    /// What the sync loop is doing
    #[metric(
        states = SyncState,
        alert(
            name = "SyncFailed",
            expr = "node_sync_state{node_sync_state=\"failed\"} == 1",
            for = "10m",
            severity = "warning",
        )
    )]
    sync_state: StateSet,
    /// Each shard's sync state, in each region
    #[metric(states = self::SyncState, labels(shard: Shard, region: Region))]
    shard_state: StateSet,
}

fn main() {
    let registry = Registry::new();
    let m = registry.get_or_create::<Node>("a".to_owned()).unwrap();
    m.sync_state.set(SyncState::Running);
    m.shard_state.set(Shard::B, Region::West, SyncState::Failed);
    assert_eq!(m.sync_state.get(), SyncState::Running);
    assert_eq!(m.shard_state.get(Shard::A, Region::East), SyncState::Idle);
    let d = Node::descriptor();
    assert!(d.metrics.iter().all(|m| m.kind == MetricKind::StateSet));
    assert_eq!(d.metrics[1].max_series(), 12);
    assert_eq!(d.metrics[0].alerts[0].name, "SyncFailed");
    assert_eq!(d.metrics[1].state_label().map(|l| l.name), Some("node_shard_state"));
    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert!(text.contains("# TYPE node_sync_state stateset\nnode_sync_state{peer=\"a\",node_sync_state=\"idle\"} 0\n"));
}
