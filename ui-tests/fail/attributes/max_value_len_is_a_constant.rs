use metrics_runtime::{metrics_family, Gauge, Registry};

const ROUTE_LEN: usize = 64;

#[metrics_family]
struct Http {
    /// Requests in flight
    #[metric(labels(route: String), max_value_len = ROUTE_LEN)]
    in_flight: Gauge,
}

fn main() {
    let _ = ROUTE_LEN;
    let registry = Registry::new();
    let m = registry.register(Http::new()).unwrap();
    m.in_flight.inc("/users");
}
