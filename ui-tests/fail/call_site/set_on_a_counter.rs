use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(labels(method: Method))]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc(Method::Get);
    // A counter only goes up: `set` is a gauge's.
    m.requests.set(Method::Post, 5);
}
