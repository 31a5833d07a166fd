// expect: error
// mistake: `name = "5xx_responses"`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// 5xx responses
    #[metric(name = "5xx_responses")]
    pub server_errors: Counter,
}
fn main() { let m = Http::new(); m.server_errors.inc(); }
