// expect: error
// mistake: `set(1.5)` on an integer `Gauge`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "pool")]
pub struct Pool {
    /// Fill ratio
    pub fill: Gauge,
}
fn main() { let m = Pool::new(); m.fill.set(0.5); }
