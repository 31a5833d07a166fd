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
    // No free-form label to take a handle on; the calls on the handle
    // draw no error of their own.
    let users = m.requests.with_free("/users");
    users.inc(Method::Get);
}
