use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{metrics_family, Counter};

#[metrics_family]
struct Conn {
    /// Bytes received
    #[metric(unit = "bytes")]
    received: Counter,
}

fn main() {
    let metrics = Conn::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    let buf = vec![0u8; 512];
    metrics.received.inc_by(buf.len() as u64);
    // A `usize` is not a `u64`, and `u64::from` has no `usize`: the note
    // says `as u64`.
    metrics.received.inc_by(buf.len());
}
