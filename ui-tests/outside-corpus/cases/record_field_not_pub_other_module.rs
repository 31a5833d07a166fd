// expect: error
// mistake: a field without `pub` recorded from another module
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

mod metrics {
    use super::*;
    #[metrics_family(prefix = "http")]
    pub struct Http {
        /// Requests served
        requests: Counter,
    }
}
fn main() { let m = metrics::Http::new(); m.requests.inc(); }
