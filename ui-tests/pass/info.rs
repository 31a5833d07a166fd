use metrics_runtime::{metrics_family, Format, Info, LabelValue, MetricFamily, MetricKind, Registry};

#[derive(Clone, Copy, LabelValue)]
enum Channel {
    Stable,
    Nightly,
}

#[metrics_family(prefix = "node")]
struct Node {
    /// Build information
    #[metric(labels(version: String, commit: String))]
    build: Info,
    /// Release channel and toolchain, an enum beside a string
    #[metric(name = "release", labels(channel: Channel, rustc: String))]
    release_meta: Info,
    /// Eight labels, the most an info metric takes
    #[metric(labels(a: String, b: String, c: String, d: String, e: String, f: String, g: String, h: Channel))]
    wide: Info,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Node::new()).unwrap();
    m.build.set("1.4.2", "9f3e1c2");
    m.release_meta.set(Channel::Nightly, "1.95.0");
    m.wide.set("1", "2", "3", "4", "5", "6", "7", Channel::Stable);
    assert_eq!(m.build.get(), Some(vec!["1.4.2".to_owned(), "9f3e1c2".to_owned()]));
    let d = Node::descriptor();
    assert!(d.metrics.iter().all(|m| m.kind == MetricKind::Info));
    assert_eq!(d.metrics[1].query_name(d.prefix), "node_release_info");
    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert!(text.contains("# TYPE node_release info\nnode_release_info{channel=\"nightly\",rustc=\"1.95.0\"} 1\n"));
}
