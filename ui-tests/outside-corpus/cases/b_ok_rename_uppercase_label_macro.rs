// expect: ok
// mistake: none, an unusual but correct use: rename uppercase label macro (corpus B)
use metrics_runtime::{label, metrics_family, Counter, Format, LabelValue, Registry};

/// HTTP methods, exported as upper case like the wire format.
#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
pub enum Method {
    /// GET
    #[label(rename = "GET")]
    Get,
    /// POST
    #[label(rename = "POST")]
    Post,
}

#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests served
    #[metric(labels(method: Method))]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(HttpMetrics::new()).unwrap();
    m.requests.inc(label!(Method, "POST"));
    assert_eq!(Method::Post.as_str(), "POST");
    assert!(registry.encode(Format::Text).unwrap().contains("http_requests_total{method=\"POST\"} 1\n"));
}
