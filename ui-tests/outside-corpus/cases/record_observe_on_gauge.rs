// expect: error
// mistake: `observe` on a gauge
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests in flight
    pub in_flight: Gauge,
}
fn main() { let m = Http::new(); m.in_flight.observe(1.0); }
