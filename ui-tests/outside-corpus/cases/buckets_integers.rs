// expect: ok
// mistake: integer bucket bounds `[1, 2, 5]`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Response size
    #[metric(unit = "bytes", buckets = [100, 1000, 10000])]
    pub size: Histogram,
}
fn main() { let m = Http::new(); m.size.observe(10.0); }
