//! Model check of how lookups, inserts, removals, recordings and encoding
//! interleave, over the real store and cell code: under `--cfg loom` their
//! atomics and locks are loom's (see `src/sync.rs`), and loom runs each
//! model under every interleaving (and every weak-memory outcome it models).
//!
//! Not part of `cargo test --workspace`; run it with
//! `RUSTFLAGS="--cfg loom" cargo test -p metrics-runtime --test loom --release`.

#![cfg(loom)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use loom::thread;
use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    encode, metrics_family, Counter, FloatGauge, Format, Histogram, LabelValue,
    OVERFLOW_LABEL_VALUE,
};

mod common;

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Side {
    Left,
    Right,
}

#[metrics_family]
struct Model {
    /// One series only
    #[metric(labels(id: String), max_series = 1)]
    per_id: Counter,
    /// Fixed histogram
    #[metric(labels(side: Side), buckets = [1])]
    latency: Histogram,
    /// Float gauge
    load: FloatGauge,
}

/// Runs `f` under every interleaving loom explores, and prints how many
/// executions that was (the figure RELIABILITY.md quotes).
fn model(name: &str, f: impl Fn() + Sync + Send + 'static) {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    loom::model(move || {
        counted.fetch_add(1, Ordering::Relaxed);
        f();
    });
    println!(
        "{name}: {} executions explored",
        runs.load(Ordering::Relaxed)
    );
}

fn registered() -> (Arc<Model>, Arc<Registry>) {
    let m = Model::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    (Arc::new(m), Arc::new(registry))
}

/// Two new values race for the last slot: exactly one gets it, the other is
/// folded and counted, and nothing recorded is lost.
#[test]
fn racing_inserts_respect_the_bound() {
    model("racing_inserts_respect_the_bound", || {
        let (m, _) = registered();
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || m2.per_id.inc("a"));
        m.per_id.inc("b");
        t.join().unwrap();
        assert_eq!(m.per_id.series(), 1);
        assert_eq!(m.per_id.overflowed(), 1);
        assert_eq!(m.per_id.get("a") + m.per_id.get("b"), 1);
        assert_eq!(m.per_id.store().overflow().get(), 1);
    });
}

/// Two new values race for one slot while a scrape runs: the scrape never
/// shows more series than the bound plus the overflow series, and the
/// self-metric, written after the metric, has counted at least every folded
/// recording the overflow series shows.
#[test]
fn scrape_racing_two_inserts_for_one_slot() {
    model("scrape_racing_two_inserts_for_one_slot", || {
        let (m, registry) = registered();
        let (m2, m3) = (Arc::clone(&m), Arc::clone(&m));
        let t2 = thread::spawn(move || m2.per_id.inc("a"));
        let t3 = thread::spawn(move || m3.per_id.inc("b"));
        let text = encode(&registry, Format::OpenMetrics).unwrap();
        t2.join().unwrap();
        t3.join().unwrap();
        let s = common::parse(&text, true).unwrap();
        let held = s
            .named("per_id_total")
            .filter(|x| x.label("id") != Some(OVERFLOW_LABEL_VALUE))
            .count();
        assert!(held <= 1, "{text}");
        let shown: f64 = s
            .named("per_id_total")
            .filter(|x| x.label("id") == Some(OVERFLOW_LABEL_VALUE))
            .map(|x| x.value)
            .sum();
        assert!(s.value("per_id_overflow_total", &[]) >= shown, "{text}");
        assert_eq!((m.per_id.series(), m.per_id.overflowed()), (1, 1));
    });
}

/// Two lookups of one new value create one series holding both.
#[test]
fn racing_lookups_of_one_value_share_one_series() {
    model("racing_lookups_of_one_value_share_one_series", || {
        let (m, _) = registered();
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || m2.per_id.inc("a"));
        m.per_id.inc("a");
        t.join().unwrap();
        assert_eq!(m.per_id.series(), 1);
        assert_eq!(m.per_id.get("a"), 2);
        assert_eq!(m.per_id.overflowed(), 0);
    });
}

/// A removal racing an insert under a full bound: the insert either finds
/// the slot freed or folds; the count of series always matches the map.
#[test]
fn removal_racing_an_insert() {
    model("removal_racing_an_insert", || {
        let (m, _) = registered();
        m.per_id.inc("a");
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || assert!(m2.per_id.remove("a")));
        m.per_id.inc("b");
        t.join().unwrap();
        let held = m.per_id.store().existing("b").is_some();
        assert_eq!(m.per_id.series(), usize::from(held));
        assert_eq!(m.per_id.overflowed(), u64::from(!held));
        assert!(m.per_id.store().existing("a").is_none());
    });
}

/// A scrape racing the creation of a series and a recording into it: the
/// exposition is well formed and shows the series at 0 or 1, or not yet.
#[test]
fn scrape_racing_an_insert_is_well_formed() {
    model("scrape_racing_an_insert_is_well_formed", || {
        let (m, registry) = registered();
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || m2.per_id.inc("a"));
        let text = encode(&registry, Format::OpenMetrics).unwrap();
        t.join().unwrap();
        let s = common::parse(&text, true).unwrap();
        let series: Vec<_> = s.named("per_id_total").collect();
        assert!(series.len() <= 1, "{text}");
        for x in series {
            assert_eq!(x.label("id"), Some("a"));
            assert!(x.value == 0.0 || x.value == 1.0);
        }
        assert!(s
            .named("per_id_total")
            .all(|x| x.label("id") != Some(OVERFLOW_LABEL_VALUE)));
    });
}

/// A scrape racing a removal and the creation of another series in the freed
/// slot: the exposition is well formed, shows one consistent cut (the
/// removed series or its successor, never both, so never more series than
/// the bound), and every value it shows is one the series held. (This model
/// found scrapes that read the shards one after another showing both.)
#[test]
fn scrape_racing_a_removal_is_well_formed() {
    model("scrape_racing_a_removal_is_well_formed", || {
        let (m, registry) = registered();
        m.per_id.inc("a");
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || {
            assert!(m2.per_id.remove("a"));
            m2.per_id.inc("b");
        });
        let text = encode(&registry, Format::OpenMetrics).unwrap();
        t.join().unwrap();
        let s = common::parse(&text, true).unwrap();
        for x in s.named("per_id_total") {
            match x.label("id") {
                Some("a") => assert_eq!(x.value, 1.0, "{text}"),
                Some("b") => assert!(x.value == 0.0 || x.value == 1.0, "{text}"),
                other => panic!("unexpected series {other:?}: {text}"),
            }
        }
        assert!(s.named("per_id_total").count() <= 1, "{text}");
        assert_eq!(s.value("per_id_overflow_total", &[]), 0.0);
        assert_eq!((m.per_id.series(), m.per_id.get("b")), (1, 1));
    });
}

/// A scrape racing observations: every histogram's `_count` equals its
/// `+Inf` bucket, whatever the interleaving; the totals are exact after.
#[test]
fn scrape_racing_observations_keeps_count_equal_to_inf() {
    model(
        "scrape_racing_observations_keeps_count_equal_to_inf",
        || {
            let (m, registry) = registered();
            let m2 = Arc::clone(&m);
            let t = thread::spawn(move || {
                m2.latency.observe(Side::Left, 0.5);
                m2.latency.observe(Side::Left, 2.0);
            });
            let text = encode(&registry, Format::Text).unwrap();
            t.join().unwrap();
            let s = common::parse(&text, false).unwrap();
            assert_eq!(common::check_histograms(&s), Ok(2));
            let h = m.latency.get(Side::Left);
            assert_eq!((h.count, h.sum), (2, 2.5));
        },
    );
}

/// Concurrent float additions (a compare-and-swap loop) lose nothing.
#[test]
fn float_additions_are_exact() {
    model("float_additions_are_exact", || {
        let (m, _) = registered();
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || m2.load.inc_by(1.0));
        m.load.inc_by(2.0);
        t.join().unwrap();
        assert_eq!(m.load.get(), 3.0);
    });
}
