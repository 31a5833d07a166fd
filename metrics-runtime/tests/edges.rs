//! Inputs at the edges: each has the behaviour the cell docs state, and no
//! recording panics, whatever the value.

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    encode, metrics_family, Cell, Counter, FloatGauge, Format, Gauge, Histogram, HistogramCell,
};
use proptest::prelude::*;

mod common;

#[metrics_family]
struct Edges {
    /// Counter
    hits: Counter,
    /// Gauge
    level: Gauge,
    /// Float gauge
    load: FloatGauge,
    /// Histogram
    #[metric(buckets = [0.5, 1])]
    latency: Histogram,
    /// Free-form histogram
    #[metric(labels(id: String), buckets = [1])]
    per_id: Histogram,
}

fn scrape(registry: &Registry) -> [common::Exposition; 2] {
    [(Format::OpenMetrics, true), (Format::Text, false)].map(|(format, om)| {
        let text = encode(registry, format).unwrap();
        common::parse(&text, om).unwrap_or_else(|e| panic!("{e}\n{text}"))
    })
}

fn buckets(h: &metrics_runtime::HistogramSnapshot) -> Vec<u64> {
    h.buckets.iter().map(|(_, c)| *c).collect()
}

#[test]
fn histogram_nan_is_counted_in_inf_and_leaves_the_sum() {
    let m = Edges::new();
    m.latency.observe(0.25);
    m.latency.observe(f64::NAN);
    m.latency.observe(-f64::NAN);
    let h = m.latency.get();
    assert_eq!(h.count, 3);
    assert_eq!(buckets(&h), [1, 1, 3]);
    assert_eq!(h.sum, 0.25);
}

#[test]
fn histogram_infinities_are_counted_and_leave_the_sum() {
    let m = Edges::new();
    m.latency.observe(f64::INFINITY);
    m.latency.observe(f64::NEG_INFINITY);
    m.latency.observe(0.75);
    let h = m.latency.get();
    assert_eq!(
        buckets(&h),
        [1, 2, 3],
        "-Inf in the first bucket, +Inf last"
    );
    assert_eq!(h.sum, 0.75);
    // Finite values that overflow the sum do make it infinite.
    m.latency.observe(f64::MAX);
    m.latency.observe(f64::MAX);
    assert_eq!(m.latency.get().sum, f64::INFINITY);
}

#[test]
fn histogram_negative_values_land_in_the_first_fitting_bucket_and_leave_the_sum() {
    let m = Edges::new();
    m.latency.observe(0.75);
    m.latency.observe(-3.0);
    assert_eq!(buckets(&m.latency.get()), [1, 2, 2]);
    assert_eq!(m.latency.get().count, 2);
    assert_eq!(m.latency.get().sum, 0.75, "the sum never decreases");

    // With negative bounds (built directly: a cell takes any bounds).
    let delta = <HistogramCell as Cell>::new(&[-1.0, 0.0, 1.0]);
    for v in [-5.0, -1.0, -0.5, 0.0, -0.0, 1.0, 2.0] {
        delta.observe(v);
    }
    // Bounds -1, 0, 1, +Inf: {-5, -1}, {-0.5, 0, -0}, {1}, {2}.
    assert_eq!(buckets(&delta.get()), [2, 5, 6, 7]);
    assert_eq!(delta.get().sum, 3.0);
}

/// The strict OpenMetrics parser rejects a negative or NaN `_sum` (it is
/// counter-like); after every edge value the scrape is still accepted, and
/// the float gauge's NaN and infinities are too.
#[test]
fn strict_openmetrics_parser_accepts_every_edge_value() {
    const SCRIPT: &str = r#"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        print(s.name, s.value)
"#;
    let m = Edges::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    for v in [0.25, -3.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0] {
        m.latency.observe(v);
        m.per_id.observe("ctx", v);
    }
    m.hits.inc_by(u64::MAX);
    m.level.set(i64::MIN);
    for load in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        m.load.set(load);
        let text = encode(&registry, Format::OpenMetrics).unwrap();
        let Some((ok, out)) = common::external::python_openmetrics(SCRIPT, &text) else {
            return;
        };
        assert!(ok, "rejected: {out}\n{text}");
        assert!(out.contains("latency_count 6\n"), "{out}");
        assert!(out.contains("latency_sum 0.25\n"), "{out}");
        assert!(out.contains("hits_total 18446744073709551615\n"), "{out}");
        let text = encode(&registry, Format::Text).unwrap();
        if let Some((ok, out)) = common::external::promtool(&text) {
            assert!(ok, "promtool: {out}\n{text}");
        }
    }
}

#[test]
fn gauge_overflow_wraps_in_both_directions() {
    let m = Edges::new();
    m.level.set(i64::MAX);
    m.level.inc();
    assert_eq!(m.level.get(), i64::MIN);
    m.level.dec();
    assert_eq!(m.level.get(), i64::MAX);
    m.level.set(i64::MIN);
    m.level.dec_by(2);
    assert_eq!(m.level.get(), i64::MAX - 1);
    m.level.inc_by(i64::MIN);
    assert_eq!(m.level.get(), -2);
}

#[test]
fn counter_overflow_wraps() {
    let m = Edges::new();
    m.hits.inc_by(u64::MAX);
    m.hits.inc_by(2);
    assert_eq!(m.hits.get(), 1);
}

#[test]
fn float_gauge_nan_and_infinities_are_stored_and_exported() {
    let m = Edges::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    m.load.set(f64::NAN);
    m.load.inc_by(1.0);
    assert!(m.load.get().is_nan(), "NaN stays NaN under addition");
    for s in scrape(&registry) {
        assert!(s.value("load", &[]).is_nan());
    }
    m.load.set(2.0);
    assert_eq!(m.load.get(), 2.0, "set clears NaN");
    m.load.inc_by(f64::INFINITY);
    for s in scrape(&registry) {
        assert_eq!(s.value("load", &[]), f64::INFINITY);
    }
    m.load.dec_by(f64::INFINITY);
    assert!(m.load.get().is_nan(), "inf - inf");
    m.load.set(f64::NEG_INFINITY);
    for s in scrape(&registry) {
        assert_eq!(s.value("load", &[]), f64::NEG_INFINITY);
    }
}

/// `FloatGauge` counts up and down by one, as `Gauge` does.
#[test]
fn float_gauge_inc_and_dec_add_and_subtract_one() {
    let m = Edges::new();
    m.load.set(0.5);
    m.load.inc();
    m.load.inc();
    m.load.dec();
    assert_eq!(m.load.get(), 1.5);
    m.load.set(f64::NAN);
    m.load.dec();
    assert!(m.load.get().is_nan(), "NaN stays NaN");
}

/// Any value at all, recorded through every method: nothing panics, the
/// exposition parses in both formats, `_count` equals `+Inf`, and each
/// histogram's count is the number of observations.
fn values() -> impl Strategy<Value = Vec<(f64, i64, u64)>> {
    let f = prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        Just(-0.0),
    ];
    let i = prop_oneof![any::<i64>(), Just(i64::MAX), Just(i64::MIN)];
    prop::collection::vec((f, i, any::<u64>()), 1..32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_value_makes_a_recording_panic(values in values()) {
        let m = Edges::new();
        let mut registry = Registry::default();
        m.register(&mut registry).unwrap();
        let mut finite_sum = 0.0;
        for (f, i, u) in &values {
            m.hits.inc_by(*u);
            m.level.inc_by(*i);
            m.level.dec_by(*i);
            m.level.set(*i);
            m.load.set(*f);
            m.load.inc_by(*f);
            m.load.dec_by(*f);
            m.latency.observe(*f);
            m.per_id.observe(&f.to_string(), *f);
            if (0.0..f64::INFINITY).contains(f) {
                finite_sum += f;
            }
        }
        let n = values.len() as u64;
        prop_assert_eq!(m.latency.get().count, n);
        let sum = m.latency.get().sum;
        prop_assert!(sum == finite_sum && sum >= 0.0, "{} != {}", sum, finite_sum);
        for s in scrape(&registry) {
            prop_assert_eq!(common::check_histograms(&s).map(|_| ()), Ok(()));
            prop_assert_eq!(s.value("latency_count", &[]), n as f64);
        }
    }
}
