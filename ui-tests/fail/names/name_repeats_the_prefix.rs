use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(name = "http_requests")]
    requests: Counter,
}

fn main() {
    let m = Http::new();
    m.requests.inc();
}
