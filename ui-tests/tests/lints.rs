//! Generated code is clean under the user's strictest lints: every feature
//! of the DSL expanded in a crate that denies clippy's default groups, the
//! pedantic ones that fire on generated code most often, and missing docs.
//! `cargo clippy --workspace --all-targets -- -D warnings` (CI) checks this
//! file; the tests below make sure the expansions are also exercised.
#![deny(
    missing_docs,
    warnings,
    clippy::all,
    clippy::must_use_candidate,
    clippy::missing_const_for_fn,
    clippy::redundant_pub_crate,
    clippy::use_self,
    clippy::semicolon_if_nothing_returned,
    clippy::unreadable_literal,
    clippy::default_trait_access
)]

/// Public families, as a library exports them.
pub mod public {
    use metrics_runtime::{
        label, metrics_family, Counter, FloatGauge, Gauge, Histogram, LabelValue, NativeHistogram,
    };

    /// Which branch of the store.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
    pub enum Branch {
        /// The namespace branch.
        Namespace,
        /// The subgroup branch.
        #[label(rename = "sub")]
        Subgroup,
    }

    /// What was purged.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
    pub enum Class {
        /// Private signing keys.
        SigningKey,
        /// Context state.
        ContextCleanup,
    }

    /// How a purge ended.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
    pub enum Outcome {
        /// It worked.
        Ok,
        /// It did not.
        Failed,
    }

    /// Where it ran.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
    pub enum Region {
        /// Europe.
        Eu,
        /// America.
        Us,
    }

    /// Every feature of a family at once.
    #[metrics_family(prefix = "lints", require_help)]
    pub struct Everything {
        /// Unlabelled counter.
        pub plain: Counter,
        /// One label.
        #[metric(labels(branch: Branch))]
        pub one: Counter,
        /// Two labels.
        #[metric(labels(branch: Branch, class: Class))]
        pub two: Gauge,
        /// Three labels.
        #[metric(labels(branch: Branch, class: Class, outcome: Outcome))]
        pub three: Counter,
        /// Four labels, one named with a keyword.
        #[metric(labels(branch: Branch, class: Class, outcome: Outcome, r#type: Region))]
        pub four: Counter,
        /// Free-form label.
        #[metric(labels(context_id: String), max_series = 100)]
        pub free: Gauge,
        /// Float gauge with a unit.
        #[metric(unit = "ratios")]
        pub ratio: FloatGauge,
        /// Renamed histogram with listed buckets.
        #[metric(name = "listed", unit = "seconds", buckets = [0.1, 0.5, 1, 2.5])]
        pub listed_histogram: Histogram,
        /// Exponential buckets.
        #[metric(unit = "seconds", buckets = exponential(0.001, 2, 15))]
        pub exponential: Histogram,
        /// Linear buckets, labelled.
        #[metric(labels(branch: Branch), buckets = linear(0.1, 0.1, 10))]
        pub linear: Histogram,
        /// Default buckets, free-form label.
        #[metric(labels(peer: String))]
        pub default_buckets: Histogram,
        /// Enum and free-form labels, bounded in length too.
        #[metric(labels(branch: Branch, route: String, outcome: Outcome), max_series = 50, max_value_len = 128)]
        pub mixed: Counter,
        /// Two free-form labels around an enum.
        #[metric(labels(tenant: String, class: Class, peer: String), buckets = [0.5, 1])]
        pub pairs: Histogram,
        /// A native histogram with every key.
        #[metric(labels(branch: Branch), schema = -1, zero_threshold = 0.000_001, max_buckets = 20)]
        pub native: NativeHistogram,
        /// Classic and native buckets, free-form label.
        #[metric(labels(peer: String), buckets = [0.5, 1])]
        pub both: NativeHistogram,
    }

    /// A constant label value.
    pub const SUB: Branch = label!(Branch, "sub");

    /// A family with constant labels, one free-form and one enum.
    #[metrics_family(prefix = "lints_peer", const_labels(peer: String, r#type: Region))]
    pub struct PerPeer {
        /// Messages by branch.
        #[metric(labels(branch: Branch))]
        pub messages: Counter,
        /// Topics.
        #[metric(labels(topic: String), max_series = 10)]
        pub topics: Counter,
    }

    /// A family with one constant label.
    #[metrics_family(prefix = "lints_shard", const_labels(shard: Branch))]
    pub struct PerShard {
        /// Writes.
        pub writes: Counter,
    }

    metrics_runtime::global! {
        /// The process-wide instance of `Everything`.
        pub static EVERYTHING: Everything;
    }
}

/// A private family inside a function's module.
mod private {
    use metrics_runtime::{label, metrics_family, Counter};

    use crate::public::Branch;

    #[metrics_family]
    pub struct Local {
        /// Local counter.
        #[metric(labels(branch: Branch))]
        pub hits: Counter,
    }

    pub fn record() -> u64 {
        #[metrics_family(prefix = "inner")]
        struct InFunction {
            /// Declared inside a function.
            hits: Counter,
        }
        let inner = InFunction::default();
        inner.hits.inc();
        let local = Local::new();
        local.hits.inc(label!(Branch, "namespace"));
        for branch in Branch::ALL {
            local.hits.inc(branch);
        }
        inner.hits.get() + local.hits.get(Branch::Namespace)
    }
}

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, Format, MetricFamily};
use public::{Branch, Class, Everything, Outcome, PerPeer, PerShard, Region};

#[test]
fn constant_labels_and_statics_expand_and_record() {
    let registry = metrics_runtime::Registry::new();
    let peer = registry
        .get_or_create::<PerPeer>(("a".to_owned(), Region::Eu))
        .expect("fresh registry");
    peer.messages.inc(Branch::Namespace);
    peer.topics.inc("blocks");
    let shard = registry
        .register(PerShard::new(Branch::Subgroup))
        .expect("fresh registry");
    shard.writes.inc();
    let text = registry.encode(Format::Text).expect("encodes");
    assert!(
        text.contains("lints_peer_messages_total{peer=\"a\",type=\"eu\",branch=\"namespace\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("lints_shard_writes_total{shard=\"sub\"} 1"),
        "{text}"
    );
    public::EVERYTHING.plain.inc();
    let global = metrics_runtime::Registry::global()
        .encode(Format::Text)
        .expect("encodes");
    assert!(global.contains("lints_plain_total 1"), "{global}");
}

#[test]
fn every_feature_expands_and_records() {
    let m = Everything::default();
    m.plain.inc();
    m.one.inc(public::SUB);
    m.two.set(Branch::Namespace, Class::SigningKey, 3);
    m.three
        .inc(Branch::Subgroup, Class::ContextCleanup, Outcome::Failed);
    m.four.inc(
        Branch::Subgroup,
        Class::ContextCleanup,
        Outcome::Ok,
        Region::Us,
    );
    m.free.inc("ctx");
    m.ratio.set(0.5);
    m.listed_histogram.observe(0.2);
    m.exponential
        .observe_duration(std::time::Duration::from_millis(3));
    m.linear.observe(Branch::Namespace, 0.25);
    m.default_buckets.observe("peer-1", 0.01);
    m.mixed.inc(Branch::Subgroup, "/users", Outcome::Ok);
    m.mixed
        .with_free("/users")
        .inc(Branch::Namespace, Outcome::Failed);
    m.pairs.observe("t", Class::SigningKey, "p", 0.5);
    m.native.observe(Branch::Namespace, 0.5);
    m.both.with("peer-1").observe(0.7);
    let mut registry = Registry::default();
    m.register(&mut registry).expect("fresh registry");
    let text = encode(&registry, Format::Text).expect("encodes");
    assert!(text.contains("lints_one_total{branch=\"sub\"} 1"), "{text}");
    assert!(text.contains("lints_listed_seconds_count 1"), "{text}");
    assert!(
        text.contains("lints_mixed_total{branch=\"sub\",route=\"/users\",outcome=\"ok\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("lints_both_bucket{peer=\"peer-1\",le=\"1\"} 1"),
        "{text}"
    );
    assert_eq!(m.native.get(Branch::Namespace).count, 1);
    assert_eq!(Everything::descriptor().metrics.len(), 15);
    assert_eq!(private::record(), 3);
    assert_eq!(Branch::Subgroup.as_str(), "sub");
}
