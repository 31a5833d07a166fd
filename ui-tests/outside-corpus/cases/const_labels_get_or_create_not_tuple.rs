// expect: error
// mistake: `get_or_create` given two values, not a tuple
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Shard { One, Two }
#[metrics_family(prefix = "peer", const_labels(peer: String, shard: Shard))]
pub struct PeerMetrics {
    /// Messages sent
    pub sent: Counter,
}
fn main() { let r = Registry::new(); let m = r.get_or_create::<PeerMetrics>("a".to_owned(), Shard::One).unwrap(); m.sent.inc(); }
