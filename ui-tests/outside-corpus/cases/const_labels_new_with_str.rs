// expect: error
// mistake: `new("a")` with a `&str` for a `String` constant label
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
fn main() { let m = PeerMetrics::new("a"); m.sent.inc(); }
