use metrics_runtime::{metrics_family, Histogram, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Response size
    #[metric(unit = "bytes", labels(route: String, method: Method), max_series = 100)]
    response_size: Histogram,
}

fn main() {
    let m = Http::new();
    m.response_size.observe("/users", Method::Get, 512.0);
    // A histogram takes observations: `inc_by` is a counter's.
    m.response_size.inc_by("/users", Method::Post, 512);
}
