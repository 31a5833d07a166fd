use metrics_runtime::{metrics_family, Histogram, LabelValue, Registry};

#[derive(Clone, Copy, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family]
struct Http {
    /// Request latency
    #[metric(unit = "seconds", labels(method: Method, route: String, status: u16))]
    latency: Histogram,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Http::new()).unwrap();
    // The labels as declared, so no error of their own.
    m.latency.observe(Method::Get, "/users", 200, 0.25);
    let users = m.latency.with_free("/users");
    users.observe(Method::Post, 500, 0.5);
    let _timer = m.latency.start_timer(Method::Get, "/users", 200);
    assert!(m.latency.get(Method::Get, "/users", 200).is_some());
}
