use metrics_runtime::{metrics_family, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Latency
    #[metric(labels(method: Method, le: String), buckets = [0.1, 1])]
    latency: Histogram,
}

fn main() {
    let m = Http::new();
    m.latency.observe(Method::Get, "/users", 0.5);
}
