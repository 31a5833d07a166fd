//! The struct is re-emitted from its own tokens: visibilities, attributes
//! around `#[metric]` (which alone is removed), `#[doc = ".."]` written out
//! and a last field without a trailing comma all come through (a dropped
//! doc attribute would fail `missing_docs`).
#![deny(warnings, missing_docs)]

/// The family.
pub mod inner {
    use metrics_runtime::{metrics_family, Counter, Gauge, Histogram, LabelValue};

    #[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
    /// A branch.
    pub enum Branch {
        /// One.
        Namespace,
        /// The other.
        Subgroup,
    }

    #[metrics_family(prefix = "kept")]
    #[allow(dead_code)]
    /// Kept.
    pub struct Kept {
        #[doc = "Written as an attribute"]
        #[allow(dead_code)]
        #[metric(labels(branch: Branch))]
        #[allow(clippy::all)]
        pub rounds: Counter,
        /// Two lines
        /// of help
        #[metric(labels(context_id: String), max_series = 10)]
        pub(crate) contexts: Gauge,
        /// Last, without a comma
        #[metric(unit = "seconds", buckets = [0.1, 1])]
        pub latency: Histogram
    }
}

fn main() {
    use metrics_runtime::MetricFamily;
    let m = inner::Kept::default();
    m.rounds.inc(inner::Branch::Subgroup);
    m.contexts.set("ctx", 3);
    m.latency.observe(0.5);
    assert_eq!(m.rounds.get(inner::Branch::Subgroup), 1);
    let names: Vec<&str> = inner::Kept::descriptor()
        .metrics
        .iter()
        .map(|m| m.help)
        .collect();
    assert_eq!(
        names,
        ["Written as an attribute", "Two lines of help", "Last, without a comma"]
    );
}
