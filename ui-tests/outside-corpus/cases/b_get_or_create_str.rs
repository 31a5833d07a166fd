// expect: error
// mistake: get or create str (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "peer", const_labels(peer: String))]
pub struct PeerMetrics {
    /// Messages sent
    pub sent: Counter,
}

fn main() {
    let registry = Registry::new();
    let a = registry.get_or_create::<PeerMetrics>("a").unwrap();
    a.sent.inc();
}
