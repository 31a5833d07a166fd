// expect: error
// mistake: global with const labels (corpus B)
use metrics_runtime::{global, metrics_family, Counter};

#[metrics_family(prefix = "peer", const_labels(peer: String))]
pub struct PeerMetrics {
    /// Messages sent
    pub sent: Counter,
}

global! {
    /// The process's peer metrics.
    pub static PEERS: PeerMetrics;
}

fn main() {
    PEERS.sent.inc();
}
