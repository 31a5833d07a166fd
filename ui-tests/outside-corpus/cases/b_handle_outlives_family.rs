// expect: error
// mistake: handle outlives family (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method { Get, Post }

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(labels(method: Method))]
    pub requests: Counter,
}

fn get_handle() -> &'static metrics_runtime::CounterCell {
    let m = HttpMetrics::new();
    m.requests.with(Method::Get)
}

fn main() {
    let gets = get_handle();
    gets.inc();
}
