// expect: error
// mistake: `unit` on the family instead of the metric
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http", unit = "seconds")]
pub struct Http {
    /// Request latency
    pub latency: Histogram,
}
fn main() { let m = Http::new(); m.latency.observe(0.1); }
