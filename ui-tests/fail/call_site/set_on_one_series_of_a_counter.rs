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
    let gets = m.requests.with(Method::Get);
    gets.inc();
    // A counter only goes up, one series of it too.
    gets.set(0);
}
