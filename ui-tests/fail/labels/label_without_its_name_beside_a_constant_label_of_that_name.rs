use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, LabelValue)]
enum Shard {
    One,
    Two,
}

#[metrics_family(prefix = "peer", const_labels(shard: Shard))]
struct Peer {
    /// Messages sent
    #[metric(labels(Shard))]
    sent: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.get_or_create::<Peer>(Shard::One).unwrap();
    metrics.sent.inc(Shard::Two);
}
