// expect: error
// mistake: a plain struct as a label type
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

pub struct Peer(pub u8);
#[metrics_family(prefix = "net")]
pub struct Net {
    /// Messages sent
    #[metric(labels(peer: Peer))]
    pub sent: Counter,
    /// Messages received
    #[metric(labels(peer: Peer))]
    pub received: Counter,
}
fn main() { let m = Net::new(); m.sent.inc(Peer(1)); m.received.inc(Peer(1)); }
