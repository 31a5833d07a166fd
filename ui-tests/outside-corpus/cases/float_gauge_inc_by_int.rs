// expect: ok
// mistake: `inc_by(1)` on a `FloatGauge` with an integer literal (rustc: expected f64)
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "pool")]
pub struct Pool {
    /// Load
    pub load: FloatGauge,
}
fn main() { let m = Pool::new(); m.load.set(0.5); m.load.inc_by(1.0); }
