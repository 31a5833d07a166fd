// expect: error
// mistake: a free-form label given an owned `String`
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    #[metric(labels(route: String))]
    pub requests: Counter,
}
fn main() { let m = Http::new(); let route = String::from("/a"); m.requests.inc(route); }
