use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Requests served
    #[metric(lables(method: Method, route: String), max_series = 100)]
    requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Http::new()).unwrap();
    // The labels as declared, enum and free-form, so no error of their own.
    m.requests.inc(Method::Get, "/users");
    m.requests.with_free("/users").inc(Method::Post);
    assert_eq!(m.requests.get(Method::Get, "/users"), 1);
    assert!(m.requests.remove("/users"));
    assert_eq!(m.requests.series(), 0);
}
