use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(prefix = "peer", const_labels(peer = "a"))]
struct PeerMetrics {
    /// Messages sent
    sent: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(PeerMetrics::new()).unwrap();
    m.sent.inc();
}
