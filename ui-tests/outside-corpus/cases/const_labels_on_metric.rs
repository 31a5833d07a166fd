// expect: error
// mistake: `const_labels` on a `#[metric]`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "peer")]
pub struct PeerMetrics {
    /// Messages sent
    #[metric(const_labels(peer: String))]
    pub sent: Counter,
}
fn main() { let m = PeerMetrics::new(); m.sent.inc(); }
