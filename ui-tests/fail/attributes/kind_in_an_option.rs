use metrics_runtime::{metrics_family, Counter};

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    requests: Option<Counter>,
}

fn main() {
    let m = Http::new();
    // Written for the `Option` declared: no error of its own.
    if let Some(requests) = &m.requests {
        requests.inc();
    }
}
