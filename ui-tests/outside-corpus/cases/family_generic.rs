// expect: error
// mistake: a generic family struct
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http<T> {
    /// Requests served
    pub requests: Counter,
    /// Marker
    pub _t: std::marker::PhantomData<T>,
}
fn main() { let m = Http::<u8>::new(); m.requests.inc(); }
