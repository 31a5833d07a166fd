// expect: ok
// mistake: none, an unusual but correct use: single variant repr enum (corpus B)
use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

/// The only region we run in, for now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, LabelValue)]
#[repr(u8)]
pub enum Region {
    /// Frankfurt
    EuCentral1 = 1,
}

#[metrics_family(prefix = "edge", const_labels(region: Region))]
pub struct EdgeMetrics {
    /// Requests served
    #[metric(labels(origin: Region))]
    pub requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.get_or_create::<EdgeMetrics>(Region::EuCentral1).unwrap();
    m.requests.inc(Region::EuCentral1);
    assert_eq!(Region::EuCentral1.as_str(), "eu_central1");
}
