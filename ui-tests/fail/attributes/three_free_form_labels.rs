use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Requests
    #[metric(labels(method: Method, tenant: String, route: String, peer: String))]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc(Method::Get, "t", "/users", "p");
}
