// expect: ok
// mistake: the same family registered twice (a run-time `Err`)
use metrics_runtime::{metrics_family, Counter, Gauge, FloatGauge, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct Http {
    /// Requests served
    pub requests: Counter,
}
fn main() {
    let registry = Registry::new();
    let a = registry.register(Http::new()).unwrap();
    let b = registry.register(Http::new());
    a.requests.inc();
    println!("{}", b.err().map(|e| e.to_string()).unwrap_or_default());
}
