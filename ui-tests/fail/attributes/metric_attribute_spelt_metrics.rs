use metrics_runtime::{metrics_family, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Request latency
    #[metrics(unit = "seconds", labels(method: Method))]
    latency: Histogram,
}

fn main() {
    let m = Http::new();
    m.latency.observe(Method::Get, 0.25);
}
