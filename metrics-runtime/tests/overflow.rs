//! The series bound of free-form labels: folding past the bound, the
//! self-metric counting folded recordings, the reserved overflow value, and
//! removal (freeing a slot, re-creation at zero).

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    check_names, encode, metrics_family, overflow_counter_name, Counter, Format, Gauge, Histogram,
    MetricFamily, RegisterError, OVERFLOW_LABEL_VALUE,
};

mod common;

#[metrics_family(prefix = "node")]
struct Node {
    /// Executions per context
    #[metric(labels(context_id: String), max_series = 3)]
    executions: Counter,
    /// Queue depth per context
    #[metric(labels(context_id: String), max_series = 2)]
    depth: Gauge,
    /// Execution latency per context
    #[metric(labels(context_id: String), max_series = 2, unit = "seconds", buckets = [0.1, 1])]
    latency: Histogram,
    /// Contexts loaded
    loaded: Gauge,
}

fn scrape(registry: &Registry) -> common::Exposition {
    let text = encode(registry, Format::OpenMetrics).unwrap();
    common::parse(&text, true).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn the_self_metric_is_exported_at_zero_for_each_free_form_metric_only() {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();
    let text = encode(&registry, Format::OpenMetrics).unwrap();
    assert!(text.contains(
        "# HELP node_executions_overflow Recordings of node_executions folded into its context_id=\"__overflow__\" series (through a handle, once, when it is taken) because it held max_series (3) series, or a value was longer than max_value_len (1024) bytes or was __overflow__ itself.\n\
         # TYPE node_executions_overflow counter\n\
         node_executions_overflow_total 0\n"
    ), "{text}");
    let scraped = scrape(&registry);
    let overflow: Vec<&str> = scraped
        .types
        .iter()
        .filter(|(name, _)| name.ends_with("_overflow"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        overflow,
        [
            "node_executions_overflow",
            "node_depth_overflow",
            "node_latency_seconds_overflow"
        ]
    );
    // The names the descriptors give are those exported.
    let d = Node::descriptor();
    let named: Vec<Option<String>> = d
        .metrics
        .iter()
        .map(|m| overflow_counter_name(m, d.prefix))
        .collect();
    assert_eq!(
        named,
        [
            Some("node_executions_overflow".to_owned()),
            Some("node_depth_overflow".to_owned()),
            Some("node_latency_seconds_overflow".to_owned()),
            None
        ]
    );
    // The 0.0.4 format carries it too.
    let text = encode(&registry, Format::Text).unwrap();
    let scraped = common::parse(&text, false).unwrap();
    assert_eq!(
        scraped.value("node_latency_seconds_overflow_total", &[]),
        0.0
    );
}

#[test]
fn past_the_bound_recordings_fold_and_are_counted_exactly() {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();
    for id in ["a", "b", "c", "d", "e", "a", "d"] {
        node.executions.inc(id);
    }
    node.executions.inc_by("f", 10);
    assert_eq!(node.executions.series(), 3);
    // "d", "e", "d", "f": four folded lookups (inc_by 10 is one recording).
    assert_eq!(node.executions.overflowed(), 4);
    assert_eq!(node.executions.get("a"), 2);
    assert_eq!(node.executions.get("d"), 0);

    for (id, v) in [("x", 0.05), ("y", 0.5), ("z", 5.0), ("z", 0.05)] {
        node.latency.observe(id, v);
    }
    assert_eq!(node.latency.overflowed(), 2);

    let s = scrape(&registry);
    let overflow = [("context_id", OVERFLOW_LABEL_VALUE)];
    assert_eq!(s.value("node_executions_total", &overflow), 13.0);
    assert_eq!(s.value("node_executions_overflow_total", &[]), 4.0);
    assert_eq!(s.value("node_latency_seconds_count", &overflow), 2.0);
    assert_eq!(s.value("node_latency_seconds_sum", &overflow), 5.05);
    assert_eq!(s.value("node_latency_seconds_overflow_total", &[]), 2.0);
    assert_eq!(s.value("node_depth_overflow_total", &[]), 0.0);
    assert_eq!(
        s.named("node_depth").count(),
        0,
        "no overflow series before any fold"
    );
    assert_eq!(common::check_histograms(&s), Ok(3));
}

#[test]
fn a_handle_is_one_lookup_however_many_recordings_go_through_it() {
    let node = Node::new();
    for id in ["a", "b", "c"] {
        node.executions.inc(id);
    }
    let folded = node.executions.with("late");
    for _ in 0..5 {
        folded.inc();
    }
    assert_eq!(node.executions.overflowed(), 1);
    assert_eq!(node.executions.store().overflow().get(), 5);
}

#[test]
fn the_overflow_value_itself_is_reserved() {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();
    // Under the bound, a caller's "__overflow__" still goes to the overflow
    // series: it takes no slot and cannot make a second series of that name.
    node.executions.inc(OVERFLOW_LABEL_VALUE);
    node.executions.inc("a");
    assert_eq!(node.executions.series(), 1);
    assert_eq!(node.executions.overflowed(), 1);
    assert!(!node.executions.remove(OVERFLOW_LABEL_VALUE));
    for id in ["b", "c", "d"] {
        node.executions.inc(id);
    }
    let s = scrape(&registry);
    let values: Vec<&str> = s
        .named("node_executions_total")
        .map(|s| s.label("context_id").unwrap())
        .collect();
    assert_eq!(values, ["a", "b", "c", OVERFLOW_LABEL_VALUE]);
    assert_eq!(
        s.value(
            "node_executions_total",
            &[("context_id", OVERFLOW_LABEL_VALUE)]
        ),
        2.0
    );
}

#[test]
fn removal_frees_a_slot_and_recreates_at_zero() {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();
    node.depth.set("a", 7);
    node.depth.set("b", 8);
    node.depth.set("c", 9); // folded: the bound is 2
    assert_eq!(node.depth.series(), 2);
    assert_eq!(node.depth.overflowed(), 1);

    // Removing an absent value changes nothing.
    assert!(!node.depth.remove("c"));
    assert!(!node.depth.remove("never"));
    assert_eq!(node.depth.series(), 2);

    // Removing a held one frees its slot: "c" now gets its own series.
    let stale = node.depth.with("a");
    assert!(node.depth.remove("a"));
    assert!(!node.depth.remove("a"), "removed once only");
    assert_eq!(node.depth.series(), 1);
    assert_eq!(node.depth.get("a"), 0);
    node.depth.set("c", 3);
    assert_eq!(node.depth.series(), 2);
    assert_eq!(node.depth.overflowed(), 1, "no new fold");
    assert_eq!(node.depth.get("c"), 3);

    // The bound is full again: "a" comes back only into the overflow series.
    node.depth.inc("a");
    assert_eq!(node.depth.overflowed(), 2);
    assert_eq!(node.depth.get("a"), 0);

    // After removing "b", "a" is re-created at zero, not at its old value.
    assert!(node.depth.remove("b"));
    node.depth.inc("a");
    assert_eq!(node.depth.get("a"), 1);

    // A handle kept across removal records into the detached series only.
    stale.set(1000);
    let s = scrape(&registry);
    let held: Vec<(String, f64)> = s
        .named("node_depth")
        .map(|x| (x.label("context_id").unwrap().to_owned(), x.value))
        .collect();
    assert_eq!(
        held,
        [
            ("a".to_owned(), 1.0),
            ("c".to_owned(), 3.0),
            (OVERFLOW_LABEL_VALUE.to_owned(), 10.0)
        ]
    );
    assert_eq!(s.value("node_depth_overflow_total", &[]), 2.0);
}

#[test]
fn removal_under_the_bound_recycles_slots_indefinitely() {
    let node = Node::new();
    for round in 0..1000 {
        let ids = [
            format!("r{round}-0"),
            format!("r{round}-1"),
            format!("r{round}-2"),
        ];
        for id in &ids {
            node.executions.inc(id);
        }
        assert_eq!(node.executions.series(), 3);
        for id in &ids {
            assert!(node.executions.remove(id));
        }
        assert!(node.executions.store().is_empty());
    }
    assert_eq!(node.executions.overflowed(), 0);
}

// One family cannot name a metric like a sibling's overflow counter: the
// macro refuses it (ui-tests/fail/names/duplicate_exported_name_overflow_counter.rs).
// Across families it is the runtime's check that refuses it.
#[metrics_family]
struct Executions {
    /// Executions per context
    #[metric(labels(context_id: String))]
    executions: Counter,
}

#[metrics_family]
struct Clash {
    /// Something else that happens to end in overflow
    executions_overflow: Counter,
}

#[test]
fn a_metric_named_like_another_familys_overflow_counter_is_refused() {
    let mut registry = Registry::default();
    let err = check_names(&registry, &[Executions::descriptor(), Clash::descriptor()]).unwrap_err();
    assert_eq!(
        err,
        RegisterError::Conflict {
            metric: "Clash::executions_overflow".into(),
            name: "executions_overflow_total".into(),
            other: "Executions::executions".into(),
        }
    );
    Executions::new().register(&mut registry).unwrap();
    let err = Clash::new().register(&mut registry).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`Clash::executions_overflow` exports `executions_overflow_total`, which the metric family `executions_overflow` already in this registry exports"
    );
}

#[test]
fn the_default_bound_is_a_thousand() {
    #[metrics_family]
    struct Defaulted {
        /// Per peer
        #[metric(labels(peer: String))]
        messages: Counter,
    }
    let m = Defaulted::new();
    assert_eq!(m.messages.store().max_series(), 1000);
    for i in 0..1001 {
        m.messages.inc(&i.to_string());
    }
    assert_eq!((m.messages.series(), m.messages.overflowed()), (1000, 1));
}
