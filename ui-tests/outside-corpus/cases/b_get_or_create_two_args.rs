// expect: error
// mistake: get or create two args (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Shard { One, Two }

#[metrics_family(prefix = "peer", const_labels(peer: String, shard: Shard))]
pub struct PeerMetrics {
    /// Messages sent
    pub sent: Counter,
}

fn main() {
    let registry = Registry::new();
    let a = registry.get_or_create::<PeerMetrics>("a".to_owned(), Shard::One).unwrap();
    a.sent.inc();
}
