use metrics_runtime::{metrics_family, Counter};
use metrics_runtime::prometheus_client::registry::Registry;

struct Peer;

#[metrics_family]
struct Network {
    /// Messages
    #[metric(labels(peer: Peer))]
    messages: Counter,
}

fn main() {
    let metrics = Network::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.messages.inc(Peer);
}
