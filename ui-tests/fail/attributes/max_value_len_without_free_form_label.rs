use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Requests
    #[metric(labels(method: Method), max_value_len = 256)]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc(Method::Get);
}
