//! Exemplars on a counter and a classic histogram, with and without labels,
//! one and two exemplar labels, recorded with and without an exemplar and
//! read back; the field types name the kinds as written.
use metrics_runtime::{
    metrics_family, Counter, CounterWithExemplar, Format, Histogram, HistogramWithExemplars,
    LabelValue, Registry,
};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(exemplar(trace_id))]
    requests: Counter,
    /// Requests by method and route
    #[metric(labels(method: Method, route: String), exemplar(trace_id, span_id))]
    by_route: metrics_runtime::Counter,
    /// Request latency
    #[metric(unit = "seconds", buckets = [0.1, 1], labels(method: Method), exemplar(trace_id))]
    latency: Histogram,
}

fn main() {
    let registry = Registry::new();
    let http = registry.register(Http::new()).unwrap();
    http.requests.inc();
    http.requests.inc_by(2);
    http.requests.inc_with_exemplar("4bf92f3577b34da6");
    http.requests.inc_by_with_exemplar(3, "4bf92f3577b34da6");
    let requests: &CounterWithExemplar = &http.requests;
    assert_eq!(requests.get(), 7);
    assert_eq!(requests.exemplar().unwrap().value, 3.0);

    http.by_route
        .inc_with_exemplar(Method::Get, "/users", ("4bf92f3577b34da6", "00f067aa0ba902b7"));
    http.by_route.inc(Method::Post, "/users");
    let users = http.by_route.with_free("/users");
    users.inc_by_with_exemplar(Method::Post, 2, ("a", "b"));
    assert_eq!(http.by_route.get(Method::Post, "/users"), 3);

    http.latency.observe(Method::Get, 0.05);
    http.latency.observe_with_exemplar(Method::Get, 0.5, "4bf92f3577b34da6");
    drop(http.latency.start_timer(Method::Post));
    let latency: &HistogramWithExemplars<(Method,)> = &http.latency;
    assert_eq!(latency.get(Method::Get).count, 2);
    assert!(latency.exemplars(Method::Get)[1].is_some());

    let text = registry.encode(Format::OpenMetrics).unwrap();
    assert!(text.contains("# {trace_id=\"4bf92f3577b34da6\"} 0.5 "));
}
