// expect: error
// mistake: `global!` of a family that needs constant-label values
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "peer", const_labels(peer: String))]
pub struct PeerMetrics {
    /// Messages sent
    pub sent: Counter,
}
metrics_runtime::global! {
    /// Peer metrics.
    pub static PEER: PeerMetrics;
}
fn main() { PEER.sent.inc(); }
