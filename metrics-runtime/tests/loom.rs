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
    /// Enum and free-form labels: one route only
    #[metric(labels(side: Side, route: String), max_series = 1)]
    mixed: Counter,
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

/// Two new routes race for the one tuple a mixed metric holds, each with
/// its own enum value: exactly one gets it (with both enum combinations),
/// the other is folded into the overflow route with its enum value kept,
/// and nothing is lost.
#[test]
fn racing_mixed_inserts_fold_only_the_free_form_value() {
    model("racing_mixed_inserts_fold_only_the_free_form_value", || {
        let (m, _) = registered();
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || m2.mixed.inc(Side::Left, "a"));
        m.mixed.inc(Side::Right, "b");
        t.join().unwrap();
        assert_eq!((m.mixed.series(), m.mixed.overflowed()), (1, 1));
        let a = m.mixed.get(Side::Left, "a");
        let b = m.mixed.get(Side::Right, "b");
        assert_eq!(a + b, 1);
        // The folded one kept its side.
        let (left, right) = (
            m.mixed.get(Side::Left, OVERFLOW_LABEL_VALUE),
            m.mixed.get(Side::Right, OVERFLOW_LABEL_VALUE),
        );
        assert_eq!((left, right), (1 - a, 1 - b));
    });
}

/// Two lookups of one new route with different enum values create one
/// tuple holding both.
#[test]
fn racing_mixed_lookups_of_one_route_share_one_tuple() {
    model("racing_mixed_lookups_of_one_route_share_one_tuple", || {
        let (m, _) = registered();
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || m2.mixed.inc(Side::Left, "a"));
        m.mixed.inc(Side::Right, "a");
        t.join().unwrap();
        assert_eq!((m.mixed.series(), m.mixed.overflowed()), (1, 0));
        assert_eq!(m.mixed.get(Side::Left, "a"), 1);
        assert_eq!(m.mixed.get(Side::Right, "a"), 1);
    });
}

/// A removal of a route racing the insert of another under a full bound:
/// the insert finds the slot freed or folds, with its enum value; the
/// count of tuples always matches the table.
#[test]
fn mixed_removal_racing_an_insert() {
    model("mixed_removal_racing_an_insert", || {
        let (m, _) = registered();
        m.mixed.inc(Side::Left, "a");
        let m2 = Arc::clone(&m);
        let t = thread::spawn(move || assert!(m2.mixed.remove("a")));
        m.mixed.inc(Side::Right, "b");
        t.join().unwrap();
        let held = m.mixed.get(Side::Right, "b") == 1;
        assert_eq!(m.mixed.series(), usize::from(held));
        assert_eq!(m.mixed.overflowed(), u64::from(!held));
        assert_eq!(
            m.mixed.get(Side::Right, OVERFLOW_LABEL_VALUE),
            u64::from(!held)
        );
        assert_eq!(m.mixed.get(Side::Left, "a"), 0);
    });
}

/// A scrape racing an insert and a fold into a mixed metric: well formed,
/// never more than the one route held (with its two enum combinations),
/// the overflow series with their enum values, and the self-metric, written
/// after the metric, at least what the overflow series show.
#[test]
fn scrape_racing_a_mixed_insert_and_fold_is_well_formed() {
    model(
        "scrape_racing_a_mixed_insert_and_fold_is_well_formed",
        || {
            let (m, registry) = registered();
            let m2 = Arc::clone(&m);
            let t = thread::spawn(move || {
                m2.mixed.inc(Side::Left, "a");
                m2.mixed.inc(Side::Right, "b");
            });
            let text = encode(&registry, Format::OpenMetrics).unwrap();
            t.join().unwrap();
            let s = common::parse(&text, true).unwrap();
            let held: Vec<_> = s
                .named("mixed_total")
                .filter(|x| x.label("route") != Some(OVERFLOW_LABEL_VALUE))
                .collect();
            assert!(held.is_empty() || held.len() == 2, "{text}");
            for x in &held {
                assert_eq!(x.label("route"), Some("a"), "{text}");
            }
            let overflow: Vec<_> = s
                .named("mixed_total")
                .filter(|x| x.label("route") == Some(OVERFLOW_LABEL_VALUE))
                .collect();
            assert!(overflow.is_empty() || overflow.len() == 2, "{text}");
            let shown: f64 = overflow.iter().map(|x| x.value).sum();
            for x in &overflow {
                assert!(x.label("side").is_some());
            }
            assert!(s.value("mixed_overflow_total", &[]) >= shown, "{text}");
            assert_eq!((m.mixed.series(), m.mixed.overflowed()), (1, 1));
            assert_eq!(m.mixed.get(Side::Right, OVERFLOW_LABEL_VALUE), 1);
        },
    );
}
