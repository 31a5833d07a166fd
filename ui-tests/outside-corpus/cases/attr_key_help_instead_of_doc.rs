// expect: error
// mistake: `help = ".."` instead of a doc comment
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    #[metric(help = "Requests served")]
    pub requests: Counter,
}
fn main() { let m = Http::new(); m.requests.inc(); }
