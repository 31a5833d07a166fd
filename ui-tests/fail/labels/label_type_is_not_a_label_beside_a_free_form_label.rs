use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[derive(Clone, Copy)]
struct Peer;

#[metrics_family]
struct Http {
    /// Requests
    #[metric(labels(method: Method, route: String, peer: Peer))]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc(Method::Get, "/users", Peer);
}
