// expect: ok
// mistake: `&String` beside an enum label (should coerce)
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    #[metric(labels(method: Method, route: String))]
    pub requests: Counter,
}
fn main() { let m = Http::new(); let route = String::from("/a"); m.requests.inc(Method::Get, &route); }
