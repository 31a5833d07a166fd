// expect: error
// mistake: bucket bounds out of order
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Request latency
    #[metric(unit = "seconds", buckets = [1.0, 0.5, 2.0])]
    pub latency: Histogram,
}
fn main() { let m = Http::new(); m.latency.observe(0.1); }
