use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Requests
    #[metric(labels(quantile: String, method: Method))]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc("0.99", Method::Get);
}
