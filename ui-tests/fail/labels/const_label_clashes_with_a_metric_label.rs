use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
enum Peer {
    Local,
    Remote,
}

#[metrics_family(const_labels(peer: String))]
struct Network {
    /// Messages by peer
    #[metric(labels(peer: Peer))]
    messages: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Network::new("a".to_owned())).unwrap();
    m.messages.inc(Peer::Local);
}
