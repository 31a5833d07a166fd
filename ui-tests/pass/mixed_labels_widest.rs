use metrics_runtime::{metrics_family, Counter, LabelValue};

#[derive(Clone, Copy, LabelValue)]
enum A {
    X,
    Y,
}

#[derive(Clone, Copy, LabelValue)]
enum B {
    P,
    Q,
}

#[metrics_family]
struct Widest {
    /// Four enum labels and two free-form ones, interleaved
    #[metric(labels(a: A, tenant: String, b: B, c: A, peer: String, d: B), max_series = 10)]
    events: Counter,
}

fn main() {
    let m = Widest::new();
    m.events.inc(A::X, "t", B::Q, A::Y, "p", B::P);
    m.events.inc_by(A::Y, "t", B::P, A::X, "p", B::Q, 3);
    let pair = m.events.with_free(("t", "p"));
    pair.inc(A::X, B::Q, A::Y, B::P);
    assert_eq!(m.events.get(A::X, "t", B::Q, A::Y, "p", B::P), 2);
    assert_eq!(m.events.series(), 1);
}
