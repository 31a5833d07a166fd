// expect: error
// mistake: a field without doc comment under `require_help`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http", require_help)]
pub struct Http {
    /// Requests served
    pub requests: Counter,
    pub errors: Counter,
}
fn main() { let m = Http::new(); m.requests.inc(); m.errors.inc(); }
