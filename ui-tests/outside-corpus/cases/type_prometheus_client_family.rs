// expect: error
// mistake: prometheus-client's `Family<.., Counter>` as a field
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

use metrics_runtime::prometheus_client::metrics::{counter::Counter as PcCounter, family::Family};
#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    pub requests: Family<Vec<(String, String)>, PcCounter>,
}
fn main() { let m = Http::new(); m.requests.get_or_create(&vec![]).inc(); }
