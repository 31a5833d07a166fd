use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    encode, metrics_family, Counter, FloatGauge, Format, Gauge, Histogram, LabelValue,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum StatusClass {
    Success,
    ServerError,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(labels(method: Method, route: String, status: StatusClass), max_series = 500)]
    requests: Counter,
    /// Request latency
    #[metric(labels(route: String, method: Method), unit = "seconds", buckets = [0.1, 1], max_value_len = 256)]
    latency: Histogram,
    /// Requests in flight
    #[metric(labels(method: Method, route: String))]
    in_flight: Gauge,
    /// Bytes per tenant and peer
    #[metric(labels(tenant: String, peer: String))]
    bytes: Counter,
    /// Load per route
    #[metric(labels(route: String, status: StatusClass))]
    load: FloatGauge,
}

fn main() {
    let m = Http::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();

    m.requests.inc(Method::Get, "/users/:id", StatusClass::Success);
    m.requests.inc_by(Method::Post, "/users/:id", StatusClass::ServerError, 2);
    let users = m.requests.with_free("/users/:id");
    users.inc(Method::Get, StatusClass::ServerError);
    m.requests.with(Method::Post, "/users/:id", StatusClass::Success).inc();
    assert_eq!(m.requests.get(Method::Post, "/users/:id", StatusClass::ServerError), 2);

    m.latency.observe("/users/:id", Method::Get, 0.05);
    let _timer = m.latency.start_timer("/users/:id", Method::Post);
    let users_latency = m.latency.with_free("/users/:id");
    users_latency.start_timer(Method::Get).observe();
    m.in_flight.inc(Method::Get, "/users/:id");
    m.in_flight.dec(Method::Get, "/users/:id");
    m.bytes.inc_by("tenant-a", "peer-b", 100);
    m.load.set("/users/:id", StatusClass::Success, 0.5);
    m.load.inc("/users/:id", StatusClass::Success);

    let route = String::from("/users/:id");
    assert!(m.requests.remove(&route));
    assert!(m.bytes.remove(("tenant-a", "peer-b")));
    assert_eq!(m.requests.series(), 0);
    assert_eq!(m.requests.overflowed(), 0);
    assert!(encode(&registry, Format::Text).unwrap().contains("http_latency_seconds_bucket{route=\"/users/:id\",method=\"get\",le=\"+Inf\"} 2\n"));
}
