// expect: error
// mistake: call inc by amount first (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass { Success, ServerError }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(labels(method: Method, status: StatusClass))]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc_by(5, Method::Get, StatusClass::Success);
}
