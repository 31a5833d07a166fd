use metrics_runtime::{metrics_family, FloatGauge};

#[metrics_family]
struct Node {
    /// Load average
    load: FloatGauge,
}

fn main() {
    let m = Node::new();
    m.load.set(0.5);
    m.load.inc_by(0.25);
    m.load.dec_by(0.125);
    assert_eq!(m.load.get(), 0.625);
}
