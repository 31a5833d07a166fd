use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Requests served
    #[metric(labels(route: String, method: Method), exemplar(trace_id, trace_id))]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc_with_exemplar("/users", Method::Get, ("a", "a"));
    m.requests.with_free("/users").inc_with_exemplar(Method::Post, ("a", "a"));
}
