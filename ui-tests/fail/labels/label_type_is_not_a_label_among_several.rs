use metrics_runtime::{metrics_family, Counter, LabelValue};

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

fn main() {}
