//! Info metrics and state sets in every format the registry serves: our
//! OpenMetrics (types `info` and `stateset`, read back by Python's strict
//! parser), the 0.0.4 text format (gauges, accepted by promtool), a standard
//! prometheus-client registry (gauge for a state set) and protobuf (gauges,
//! decoded by an independent decoder).

use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{encode, metrics_family, Format, Info, LabelValue, Registry, StateSet};

mod common;

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum SyncState {
    Idle,
    Running,
    #[label(rename = "failed \"hard\"")]
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Shard {
    A,
    B,
}

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Channel {
    Stable,
    Nightly,
}

#[metrics_family(prefix = "node", const_labels(peer: String))]
struct Node {
    /// Build information
    #[metric(labels(version: String, channel: Channel, commit: String))]
    build: Info,
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    sync_state: StateSet,
    /// Each shard's sync state
    #[metric(states = SyncState, labels(shard: Shard))]
    shard_state: StateSet,
}

fn registry() -> (Registry, std::sync::Arc<Node>) {
    let registry = Registry::new();
    let node = registry.get_or_create::<Node>("a".to_owned()).unwrap();
    node.build.set("1.4.2", Channel::Nightly, "9f3e1c2");
    node.sync_state.set(SyncState::Running);
    node.shard_state.set(Shard::B, SyncState::Failed);
    (registry, node)
}

const OPENMETRICS: &str = "\
# HELP node_build Build information.
# TYPE node_build info
node_build_info{peer=\"a\",version=\"1.4.2\",channel=\"nightly\",commit=\"9f3e1c2\"} 1
# HELP node_sync_state What the sync loop is doing.
# TYPE node_sync_state stateset
node_sync_state{peer=\"a\",node_sync_state=\"idle\"} 0
node_sync_state{peer=\"a\",node_sync_state=\"running\"} 1
node_sync_state{peer=\"a\",node_sync_state=\"failed \\\"hard\\\"\"} 0
# HELP node_shard_state Each shard's sync state.
# TYPE node_shard_state stateset
node_shard_state{peer=\"a\",shard=\"a\",node_shard_state=\"idle\"} 1
node_shard_state{peer=\"a\",shard=\"a\",node_shard_state=\"running\"} 0
node_shard_state{peer=\"a\",shard=\"a\",node_shard_state=\"failed \\\"hard\\\"\"} 0
node_shard_state{peer=\"a\",shard=\"b\",node_shard_state=\"idle\"} 0
node_shard_state{peer=\"a\",shard=\"b\",node_shard_state=\"running\"} 0
node_shard_state{peer=\"a\",shard=\"b\",node_shard_state=\"failed \\\"hard\\\"\"} 1
# EOF
";

#[test]
fn openmetrics_types_info_and_stateset() {
    let (registry, _node) = registry();
    assert_eq!(registry.encode(Format::OpenMetrics).unwrap(), OPENMETRICS);
}

#[test]
fn text_writes_gauges_named_as_prometheus_client_does() {
    let (registry, _node) = registry();
    let text = registry.encode(Format::Text).unwrap();
    assert!(text.starts_with(
        "# HELP node_build_info Build information.\n# TYPE node_build_info gauge\nnode_build_info{peer=\"a\",version=\"1.4.2\",channel=\"nightly\",commit=\"9f3e1c2\"} 1\n"
    ), "{text}");
    assert!(text.contains(
        "# HELP node_sync_state What the sync loop is doing.\n# TYPE node_sync_state gauge\nnode_sync_state{peer=\"a\",node_sync_state=\"idle\"} 0\nnode_sync_state{peer=\"a\",node_sync_state=\"running\"} 1\n"
    ), "{text}");
    // Our writer writes the same samples as prometheus-client's encoder.
    let mut pc = PcRegistry::default();
    pc.register_collector(Box::new(registry.clone()));
    assert_eq!(encode(&pc, Format::Text).unwrap(), text);
    let theirs = encode(&pc, Format::OpenMetrics).unwrap();
    assert_eq!(
        theirs,
        OPENMETRICS.replace(" stateset\n", " gauge\n"),
        "through a prometheus-client registry a state set is a gauge"
    );
}

#[test]
fn setting_again_replaces_the_info_series_and_moves_the_state() {
    let (registry, node) = registry();
    node.build.set("1.4.3", Channel::Stable, "77aa01b");
    node.sync_state.set(SyncState::Idle);
    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert_eq!(text.matches("node_build_info{").count(), 1, "{text}");
    assert!(text.contains(
        "node_build_info{peer=\"a\",version=\"1.4.3\",channel=\"stable\",commit=\"77aa01b\"} 1\n"
    ));
    assert!(text.contains("node_sync_state{peer=\"a\",node_sync_state=\"idle\"} 1\n"));
    assert!(text.contains("node_sync_state{peer=\"a\",node_sync_state=\"running\"} 0\n"));
    assert_eq!(node.sync_state.get(), SyncState::Idle);
    assert_eq!(
        node.build.get(),
        Some(vec!["1.4.3".into(), "stable".into(), "77aa01b".into()])
    );
}

#[test]
fn an_info_metric_not_set_writes_its_header_alone() {
    let registry = Registry::new();
    let node = registry.get_or_create::<Node>("b".to_owned()).unwrap();
    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert!(
        text.starts_with(
            "# HELP node_build Build information.\n# TYPE node_build info\n# HELP node_sync_state"
        ),
        "{text}"
    );
    assert_eq!(node.build.get(), None);
    // A new state set is in the enum's first value.
    assert_eq!(node.sync_state.get(), SyncState::Idle);
    assert_eq!(node.shard_state.get(Shard::A), SyncState::Idle);
}

#[test]
fn a_scrape_never_sees_two_states_or_none() {
    let (registry, node) = registry();
    let writer = std::thread::spawn(move || {
        for i in 0..20_000 {
            let state = [SyncState::Idle, SyncState::Running, SyncState::Failed][i % 3];
            node.sync_state.set(state);
            node.shard_state.set(Shard::A, state);
        }
    });
    while !writer.is_finished() {
        let text = registry.encode(Format::OpenMetrics).unwrap();
        for family in [
            "node_sync_state{peer=\"a\",node",
            "node_shard_state{peer=\"a\",shard=\"a\"",
        ] {
            let ones = text
                .lines()
                .filter(|line| line.starts_with(family) && line.ends_with("} 1"))
                .count();
            assert_eq!(ones, 1, "{family}: {text}");
        }
    }
    writer.join().unwrap();
}

/// Reads every family's name, type and samples with the strict parser.
const SCRIPT: &str = r#"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    print(family.name, family.type)
    for s in family.samples:
        print(" ", s.name, sorted(s.labels.items()), s.value)
"#;

#[test]
fn the_strict_openmetrics_parser_reads_the_types_and_values() {
    let (registry, _node) = registry();
    let text = registry.encode(Format::OpenMetrics).unwrap();
    let Some((ok, out)) = common::external::python_openmetrics(SCRIPT, &text) else {
        return;
    };
    assert!(ok, "rejected: {out}\n{text}");
    assert!(out.contains("node_build info\n  node_build_info [('channel', 'nightly'), ('commit', '9f3e1c2'), ('peer', 'a'), ('version', '1.4.2')] 1\n"), "{out}");
    assert!(out.contains("node_sync_state stateset\n"), "{out}");
    assert!(
        out.contains("  node_sync_state [('node_sync_state', 'running'), ('peer', 'a')] 1\n"),
        "{out}"
    );
    assert!(
        out.contains("  node_sync_state [('node_sync_state', 'idle'), ('peer', 'a')] 0\n"),
        "{out}"
    );
    assert!(out.contains("  node_shard_state [('node_shard_state', 'failed \"hard\"'), ('peer', 'a'), ('shard', 'b')] 1\n"), "{out}");
    // The values are integers, as OpenMetrics wants for info and stateset.
    assert_eq!(out.matches("] 1\n").count(), 4, "{out}");
    assert_eq!(out.matches("] 0\n").count(), 6, "{out}");
}

#[test]
fn promtool_accepts_the_text_format() {
    let (registry, _node) = registry();
    let text = registry.encode(Format::Text).unwrap();
    if let Some((ok, out)) = common::external::promtool(&text) {
        assert!(ok, "promtool: {out}\n{text}");
        assert!(out.trim().is_empty(), "promtool lints: {out}\n{text}");
    }
}

#[cfg(feature = "protobuf")]
#[test]
fn protobuf_writes_gauges() {
    let (registry, _node) = registry();
    let body = registry.encode_protobuf().unwrap();
    let Some((ok, out)) = common::external::python_protobuf(&body) else {
        return;
    };
    assert!(ok, "the protobuf decoder failed:\n{out}");
    let lines: Vec<&str> = out.lines().collect();
    let family = |name: &str| {
        lines
            .iter()
            .position(|l| l.contains(&format!("\"name\": \"{name}\"")))
            .unwrap_or_else(|| panic!("no {name} in\n{out}"))
    };
    let build = family("node_build_info");
    assert!(lines[build].contains("\"type\": \"GAUGE\""), "{out}");
    assert!(lines[build + 1].contains("\"value\": 1.0"), "{out}");
    assert!(lines[build + 1].contains("\"value\": \"9f3e1c2\""), "{out}");
    let state = family("node_sync_state");
    assert!(lines[state].contains("\"type\": \"GAUGE\""), "{out}");
    assert!(lines[state + 2].contains("\"value\": \"running\""), "{out}");
    assert!(lines[state + 2].contains("\"value\": 1.0"), "{out}");
    assert_eq!(out.matches("\"node_shard_state\"").count(), 7, "{out}");
}

#[test]
fn descriptors_know_the_kinds() {
    use metrics_runtime::{MetricFamily, MetricKind};
    let d = Node::descriptor();
    let [build, sync, shard] = d.metrics else {
        unreachable!()
    };
    assert_eq!(build.kind, MetricKind::Info);
    assert_eq!(build.query_name(d.prefix), "node_build_info");
    assert_eq!(build.max_series(), 1);
    assert_eq!(build.free_bounds(), None);
    assert!(metrics_runtime::overflow_counter_name(build, d.prefix).is_none());
    assert_eq!(sync.kind, MetricKind::StateSet);
    assert_eq!(sync.query_name(d.prefix), "node_sync_state");
    assert_eq!(sync.max_series(), 3);
    assert_eq!(shard.max_series(), 6);
    let state = shard.state_label().unwrap();
    assert_eq!(state.name, "node_shard_state");
    assert_eq!(
        state.values.allowed(),
        Some(&["idle", "running", "failed \"hard\""][..])
    );
    assert_eq!(shard.labels[0].name, "shard");
}

#[test]
fn hand_written_state_sets_and_info_metrics_register() {
    let mode: StateSet<Channel> = StateSet::new("mode", &[]);
    let build: Info<(String,)> = Info::new(&["version"]);
    build.set("2.0.0");
    let registry = Registry::new();
    registry
        .register_metric("mode", "Channel", None, mode.clone())
        .unwrap();
    registry
        .register_metric("build", "Build", None, build.clone())
        .unwrap();
    mode.set(Channel::Nightly);
    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert!(
        text.contains("# TYPE mode gauge\nmode{mode=\"stable\"} 0\nmode{mode=\"nightly\"} 1\n"),
        "{text}"
    );
    assert!(
        text.contains("# TYPE build info\nbuild_info{version=\"2.0.0\"} 1\n"),
        "{text}"
    );
}
