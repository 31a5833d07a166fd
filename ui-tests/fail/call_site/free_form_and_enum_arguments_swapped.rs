use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[derive(Clone, Copy, LabelValue)]
enum StatusClass {
    Success,
    ServerError,
}

#[metrics_family]
struct Http {
    /// Requests served
    #[metric(labels(method: Method, route: String, status: StatusClass), max_series = 500)]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc("/users/:id", Method::Get, StatusClass::Success);
}
