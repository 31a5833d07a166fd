// expect: error
// mistake: `latency_seconds` with `unit = "seconds"`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Request latency
    #[metric(unit = "seconds")]
    pub latency_seconds: Histogram,
}
fn main() { let m = Http::new(); m.latency_seconds.observe(0.1); }
