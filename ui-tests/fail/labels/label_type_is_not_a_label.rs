use metrics_runtime::{metrics_family, Counter};

struct Peer;

#[metrics_family]
struct Network {
    /// Messages
    #[metric(labels(peer: Peer))]
    messages: Counter,
}

fn main() {}
