// expect: error
// mistake: const label clashes metric label (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "peer", const_labels(peer: String))]
pub struct PeerMetrics {
    /// Messages sent, by peer
    #[metric(labels(peer: String))]
    pub sent: Counter,
}

fn main() {
    let registry = Registry::new();
    let a = registry.get_or_create::<PeerMetrics>("a".to_owned()).unwrap();
    a.sent.inc("b");
}
