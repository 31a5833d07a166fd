//! The catalogue knows info metrics and state sets: their type in Markdown
//! and JSON, the `_info` series, and a state set's state label and values.

use metrics_catalog::Catalog;
use metrics_runtime::{metrics_family, Info, LabelValue, MetricKind, StateSet};

/// Sync loop state.
#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    /// Waiting for work.
    Idle,
    /// Syncing.
    Running,
}

/// A shard.
#[derive(Clone, Copy, LabelValue)]
enum Shard {
    /// The first.
    A,
    /// The second.
    B,
}

#[allow(dead_code)]
#[metrics_family(prefix = "node")]
struct Node {
    /// Build information
    #[metric(labels(version: String, commit: String))]
    build: Info,
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    sync_state: StateSet,
    /// Each shard's sync state
    #[metric(states = SyncState, labels(shard: Shard))]
    shard_state: StateSet,
}

#[test]
fn info_metrics_and_state_sets_are_listed_by_kind() {
    let catalog = Catalog::new().with::<Node>();
    let info = catalog.series("node_build_info").expect("the info series");
    assert_eq!(info.metric.kind, MetricKind::Info);
    assert_eq!(info.suffix, "_info");
    let state = catalog.series("node_sync_state").expect("the state set");
    assert_eq!(state.metric.kind, MetricKind::StateSet);

    let markdown = catalog.to_markdown();
    assert!(
        markdown.contains("| `node_build_info` | `Info` | version, commit | Build information. version: free-form, the value `set` gives. commit: free-form, the value `set` gives |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `node_sync_state` | `StateSet` | node_sync_state | What the sync loop is doing. node_sync_state ∈ {idle, running}: 1 for the current state, 0 for the others |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `node_shard_state` | `Family<StateSet>` | shard, node_shard_state |"),
        "{markdown}"
    );
    // One series for the info metric, one per state (and shard) for a state set.
    assert!(
        markdown.contains("| `build` | `node_build_info` | — | 1 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `shard_state` | `node_shard_state` | — | 4 |"),
        "{markdown}"
    );
    // The state values are documented with the enum's docs; an info
    // metric's text labels have no bound to describe.
    assert!(markdown.contains("| `running` | Syncing. |"), "{markdown}");
    assert!(!markdown.contains("`version`, on"), "{markdown}");
    assert!(!markdown.contains("overflow"), "{markdown}");

    let json = catalog.to_json();
    assert!(json.contains("\"type\": \"info\""), "{json}");
    assert!(json.contains("\"value\": \"info\""), "{json}");
    assert_eq!(json.matches("\"type\": \"stateset\"").count(), 2, "{json}");
    assert!(
        json.contains("{\"name\": \"version\", \"type\": \"String\", \"free_form\": true}"),
        "{json}"
    );
    assert!(
        json.contains("{\"name\": \"node_sync_state\", \"type\": \"SyncState\""),
        "{json}"
    );
    assert!(!json.contains("overflow_value"), "{json}");
}
