//! The rendered catalogue describes mixed metrics: enum values and the
//! free-form bound per label, pairs for two free-form labels, a non-default
//! `max_value_len`, and the series bound.

use metrics_catalog::Catalog;
use metrics_runtime::{metrics_family, Counter, FloatGauge, Gauge, Histogram, LabelValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Status {
    Success,
    ClientError,
    ServerError,
}

#[allow(dead_code)]
#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(labels(method: Method, route: String, status: Status), max_series = 3)]
    requests: Counter,
    /// Request latency
    #[metric(labels(route: String, method: Method), max_series = 2, unit = "seconds", buckets = [0.1, 1])]
    latency: Histogram,
    /// Requests in flight
    #[metric(labels(method: Method, route: String), max_series = 2, max_value_len = 8)]
    in_flight: Gauge,
    /// Bytes per tenant and peer
    #[metric(labels(tenant: String, method: Method, peer: String), max_series = 2)]
    bytes: Counter,
    /// Load per route
    #[metric(labels(route: String, status: Status))]
    load: FloatGauge,
}

#[test]
fn the_catalogue_describes_mixed_metrics() {
    let catalog = Catalog::new().with::<Http>();
    let markdown = catalog.to_markdown();
    assert!(markdown.contains(
        "| `http_requests_total` | `Family<Counter>` | method, route, status | Requests served. method ∈ {get, post, delete}. route: free-form, at most 3 values. status ∈ {success, client_error, server_error} |"
    ), "{markdown}");
    // A length bound other than the default is stated; two free-form labels
    // are bounded as pairs.
    assert!(
        markdown.contains("route: free-form, at most 2 values of up to 8 bytes"),
        "{markdown}"
    );
    assert!(markdown.contains(
        "Bytes per tenant and peer. tenant, peer: free-form, at most 2 pairs of values. method ∈ {get, post, delete} |"
    ), "{markdown}");
    assert!(markdown.contains(
        "On `http_requests_total`, which has other labels too, `max_series` bounds the distinct tuples of free-form values; each held tuple has a series for every combination of the enum labels (exported at 0 until recorded), and a folded recording keeps its enum values, so sums by them stay exact."
    ), "{markdown}");
    // The series bound: (3 routes + the overflow route) x 3 x 3.
    assert!(
        markdown.contains(
            "| `requests` | `http_requests_total`, `http_requests_overflow_total` | — | 36 |"
        ),
        "{markdown}"
    );
    let json = catalog.to_json();
    assert!(json.contains(
        r#"{"name": "route", "type": "String", "free_form": true, "max_series": 2, "overflow_value": "__overflow__", "max_value_len": 8}"#
    ), "{json}");
    assert!(json.contains(
        r#"{"name": "route", "type": "String", "free_form": true, "max_series": 3, "overflow_value": "__overflow__"}"#
    ), "{json}");
    assert!(json.contains(r#""max_series": 36"#), "{json}");
}
