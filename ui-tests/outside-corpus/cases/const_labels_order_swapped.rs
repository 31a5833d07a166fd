// expect: error
// mistake: constant-label values given in the wrong order
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
fn main() { let m = PeerMetrics::new(Shard::One, "a".to_owned()); m.sent.inc(); }
