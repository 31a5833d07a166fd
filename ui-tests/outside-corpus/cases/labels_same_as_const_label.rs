// expect: error
// mistake: a metric label named as a constant label
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "peer", const_labels(peer: String))]
pub struct PeerMetrics {
    /// Messages sent
    #[metric(labels(peer: String))]
    pub sent: Counter,
}
fn main() { let m = PeerMetrics::new("a".to_owned()); m.sent.inc("b"); }
