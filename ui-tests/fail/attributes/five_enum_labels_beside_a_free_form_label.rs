use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum A {
    X,
    Y,
}

#[metrics_family]
struct Wide {
    /// Events
    #[metric(labels(a: A, b: A, route: String, c: A, d: A, e: A))]
    events: Counter,
}

fn main() {
    let m = Wide::new();
    m.events.inc(A::X, A::X, "/users", A::X, A::X, A::X);
}
