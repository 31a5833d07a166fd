// expect: error
// mistake: an enum that does not derive `LabelValue`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[derive(Clone, Copy, Debug)]
pub enum Peer { A, B }
#[metrics_family(prefix = "net")]
pub struct Net {
    /// Messages sent
    #[metric(labels(peer: Peer))]
    pub sent: Counter,
}
fn main() { let m = Net::new(); m.sent.inc(Peer::A); m.sent.inc(Peer::B); }
