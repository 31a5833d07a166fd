use metrics_runtime::{metrics_family, Counter, LabelValue as _};

/// Sync protocols.
#[derive(Clone, Copy, Debug, PartialEq, metrics_runtime::LabelValue)]
pub enum Protocol {
    /// No sync needed.
    None,
    /// Full snapshot.
    Snapshot,
    /// Hash comparison.
    #[label(rename = "hash")]
    HashComparison,
}

/// The value, in const context, without the trait in scope.
const HASH: &str = Protocol::HashComparison.as_str();

#[metrics_family]
struct Sync {
    /// Attempts by protocol
    #[metric(labels(protocol: Protocol))]
    attempts: Counter,
}

fn main() {
    assert_eq!(Protocol::ALL, [Protocol::None, Protocol::Snapshot, Protocol::HashComparison]);
    assert_eq!(HASH, "hash");
    let m = Sync::new();
    for protocol in Protocol::ALL {
        m.attempts.inc(protocol);
    }
    let total: u64 = Protocol::ALL.iter().map(|p| m.attempts.get(*p)).sum();
    assert_eq!(total, 3);
    let names: Vec<&'static str> = Protocol::ALL.iter().map(|p| p.as_str()).collect();
    assert_eq!(names, Protocol::VALUES);
}
