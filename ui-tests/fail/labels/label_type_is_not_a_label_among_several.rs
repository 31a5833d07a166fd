use metrics_runtime::{metrics_family, Counter, LabelValue};
use metrics_runtime::prometheus_client::registry::Registry;

#[derive(Clone, Copy, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

struct Peer;

#[metrics_family]
struct Network {
    /// Messages
    #[metric(labels(branch: Branch, peer: Peer))]
    messages: Counter,
    /// Bytes
    #[metric(labels(branch: Branch))]
    bytes: Counter,
}

fn main() {
    let metrics = Network::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.messages.inc(Branch::Namespace, Peer);
    metrics.bytes.inc(Branch::Namespace);
}
