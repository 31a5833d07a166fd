// expect: error
// mistake: const labels new without args (corpus B)
use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "peer", const_labels(peer: String))]
pub struct PeerMetrics {
    /// Messages sent
    pub sent: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(PeerMetrics::new()).unwrap();
    m.sent.inc();
}
