//! The Prometheus protobuf exposition (feature `protobuf`), decoded by an
//! independent decoder: Python's protobuf package over the published
//! `io.prometheus.client` schema (see `common::external::python_protobuf`).

use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
use metrics_runtime::prometheus_client::metrics::family::Family;
use metrics_runtime::prometheus_client::metrics::gauge::Gauge as PcGauge;
use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{
    encode_protobuf, metrics_family, Counter, FloatGauge, Gauge, Histogram, LabelValue, Registry,
};

mod common;

#[derive(Clone, Copy, Debug, LabelValue)]
enum Protocol {
    Snapshot,
    HashComparison,
}

#[metrics_family(prefix = "node", const_labels(shard: String))]
struct Node {
    /// Sync attempts
    #[metric(labels(protocol: Protocol))]
    attempts: Counter,
    /// Queue depth
    depth: Gauge,
    /// Load
    load: FloatGauge,
    /// Sync duration
    #[metric(unit = "seconds", buckets = [0.1, 1])]
    duration: Histogram,
    /// Executions per context
    #[metric(labels(context_id: String), max_series = 1)]
    executions: Counter,
}

/// The decoder's lines, or `None` when it is not installed.
fn decoded(body: &[u8]) -> Option<String> {
    let (ok, out) = common::external::python_protobuf(body)?;
    assert!(ok, "the protobuf decoder failed:\n{out}");
    Some(out)
}

fn registry() -> Registry {
    let registry = Registry::new();
    // A library's registry: a counter, and a family with no series yet
    // under a name the DSL family below takes.
    let shadow = registry
        .register_sub_registry("lib", |lib| {
            let dials: PcCounter = PcCounter::default();
            dials.inc_by(4);
            lib.register("lib_dials", "Dials", dials);
            let shadow = Family::<Vec<(String, String)>, PcGauge>::default();
            lib.register("node_depth", "Shadow", shadow.clone());
            shadow
        })
        .unwrap();
    let node = registry.get_or_create::<Node>("a".to_owned()).unwrap();
    node.attempts.inc(Protocol::HashComparison);
    node.depth.set(-3);
    node.load.set(0.25);
    node.duration.observe(0.5);
    node.duration.observe(7.0);
    node.executions.with("ctx-1").inc_by(2);
    node.executions.with("ctx-2").inc(); // folded: max_series = 1
    let uptime: PcGauge = PcGauge::default();
    uptime.set(9);
    registry
        .register_metric("uptime", "Uptime", None, uptime)
        .unwrap();
    // Now the library writes `node_depth` too: left out, and counted.
    shadow
        .get_or_create(&vec![("x".to_owned(), "1".to_owned())])
        .set(1);
    registry
}

#[test]
fn a_protobuf_scrape_decodes_into_the_expected_families() {
    let registry = registry();
    let body = registry.encode_protobuf().unwrap();
    let Some(out) = decoded(&body) else { return };
    let shard = r#"{"name": "shard", "value": "a"}"#;
    let expected = [
        r#"{"help": "Families a prometheus-client registry or collector in this registry wrote under a name another metric here exports, left out of scrapes.", "name": "metrics_runtime_left_out_families_total", "type": "COUNTER"}"#.to_owned(),
        r#"  {"counter": {"value": 1.0}}"#.to_owned(),
        r#"{"help": "Sync attempts.", "name": "node_attempts_total", "type": "COUNTER"}"#.to_owned(),
        format!(r#"  {{"counter": {{}}, "label": [{shard}, {{"name": "protocol", "value": "snapshot"}}]}}"#),
        format!(r#"  {{"counter": {{"value": 1.0}}, "label": [{shard}, {{"name": "protocol", "value": "hash_comparison"}}]}}"#),
        r#"{"help": "Queue depth.", "name": "node_depth", "type": "GAUGE"}"#.to_owned(),
        format!(r#"  {{"gauge": {{"value": -3.0}}, "label": [{shard}]}}"#),
        r#"{"help": "Load.", "name": "node_load", "type": "GAUGE"}"#.to_owned(),
        format!(r#"  {{"gauge": {{"value": 0.25}}, "label": [{shard}]}}"#),
        r#"{"help": "Sync duration.", "name": "node_duration_seconds", "type": "HISTOGRAM"}"#.to_owned(),
        format!(r#"  {{"histogram": {{"bucket": [{{"upper_bound": 0.1}}, {{"cumulative_count": "1", "upper_bound": 1.0}}, {{"cumulative_count": "2", "upper_bound": "Infinity"}}], "sample_count": "2", "sample_sum": 7.5}}, "label": [{shard}]}}"#),
        r#"{"help": "Executions per context.", "name": "node_executions_total", "type": "COUNTER"}"#.to_owned(),
        format!(r#"  {{"counter": {{"value": 2.0}}, "label": [{shard}, {{"name": "context_id", "value": "ctx-1"}}]}}"#),
        format!(r#"  {{"counter": {{"value": 1.0}}, "label": [{shard}, {{"name": "context_id", "value": "__overflow__"}}]}}"#),
        r#"{"help": "Recordings of node_executions folded into its context_id=\"__overflow__\" series (through a handle, once, when it is taken) because it held max_series (1) series, or a value was longer than max_value_len (1024) bytes or was __overflow__ itself.", "name": "node_executions_overflow_total", "type": "COUNTER"}"#.to_owned(),
        format!(r#"  {{"counter": {{"value": 1.0}}, "label": [{shard}]}}"#),
        r#"{"help": "Uptime.", "name": "uptime", "type": "GAUGE"}"#.to_owned(),
        r#"  {"gauge": {"value": 9.0}}"#.to_owned(),
        // The library's own family; its `node_depth` was left out.
        r#"{"help": "Dials.", "name": "lib_dials_total", "type": "COUNTER"}"#.to_owned(),
        r#"  {"counter": {"value": 4.0}}"#.to_owned(),
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected, "{out}");
}

#[test]
fn the_protobuf_and_text_scrapes_write_the_same_families() {
    let registry = registry();
    let body = registry.encode_protobuf().unwrap();
    let Some(out) = decoded(&body) else { return };
    let names: Vec<String> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| {
            l.split(r#""name": ""#)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let text = registry.encode(metrics_runtime::Format::Text).unwrap();
    let typed: Vec<String> = common::parse(&text, false)
        .unwrap()
        .types
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, typed);
}

#[test]
fn a_prometheus_client_registry_encodes_the_same_way() {
    let node = Node::new("b".to_owned());
    node.depth.set(5);
    let mut theirs = PcRegistry::default();
    node.register(&mut theirs).unwrap();
    let Some(out) = decoded(&encode_protobuf(&theirs).unwrap()) else {
        return;
    };
    assert!(
        out.contains(r#"  {"gauge": {"value": 5.0}, "label": [{"name": "shard", "value": "b"}]}"#),
        "{out}"
    );
    // Through the `Scrape` trait the servers use.
    use metrics_runtime::Scrape as _;
    assert_eq!(
        theirs.scrape_protobuf().unwrap().unwrap(),
        encode_protobuf(&theirs).unwrap()
    );
}

#[test]
fn a_native_histogram_goes_out_with_its_buckets_in_protobuf_and_as_count_and_sum_in_text() {
    use metrics_runtime::{Format, NativeConfig, NativeHistogram};
    let registry = Registry::new();
    let latency: NativeHistogram =
        NativeHistogram::new(&[], NativeConfig::new(0, 0.001, 160).unwrap(), 1);
    registry
        .register_metric("latency", "Latency", None, latency.clone())
        .unwrap();
    for v in [3.0, 4.0, 0.0, -1.0, 1000.0, f64::NAN] {
        latency.observe(v);
    }
    let body = registry.encode_protobuf().unwrap();
    if let Some(out) = decoded(&body) {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                r#"{"help": "Latency.", "name": "latency", "type": "HISTOGRAM"}"#,
                // 3 and 4 in (2, 4], bucket 2; 1000 in (512, 1024], bucket
                // 10: spans (2, 1) and (7, 1), deltas 2 then -1. -1 in
                // negative bucket 0. NaN in the bucket past the largest
                // finite value's (1024): 1025, span (1014, 1), delta 0; so
                // the buckets add up to the count, as Prometheus requires.
                // Schema 0 and offset 0 are proto3 defaults, not sent, read
                // as 0.
                r#"  {"histogram": {"bucket": [{"cumulative_count": "6", "upper_bound": "Infinity"}], "negative_delta": ["1"], "negative_span": [{"length": 1}], "positive_delta": ["2", "-1", "0"], "positive_span": [{"length": 1, "offset": 2}, {"length": 1, "offset": 7}, {"length": 1, "offset": 1014}], "sample_count": "6", "sample_sum": 1007.0, "zero_count": "1", "zero_threshold": 0.001}}"#,
            ],
            "{out}"
        );
    }
    // Text: a classic histogram of the `+Inf` bucket, `_sum` and `_count`,
    // which the strict parsers accept.
    let text = registry.encode(Format::Text).unwrap();
    assert!(
        text.ends_with("latency_bucket{le=\"+Inf\"} 6\nlatency_sum 1007.0\nlatency_count 6\n"),
        "{text}"
    );
    let openmetrics = registry.encode(Format::OpenMetrics).unwrap();
    assert!(
        openmetrics
            .contains("latency_sum 1007.0\nlatency_count 6\nlatency_bucket{le=\"+Inf\"} 6\n"),
        "{openmetrics}"
    );
    let strict = "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families\nlist(text_string_to_metric_families(sys.stdin.read()))\n";
    if let Some((ok, out)) = common::external::python_openmetrics(strict, &openmetrics) {
        assert!(ok, "{out}\n{openmetrics}");
    }
    if let Some((ok, out)) = common::external::promtool(&text) {
        assert!(ok, "{out}\n{text}");
    }
}

#[test]
fn an_empty_native_histogram_with_no_zero_threshold_still_reads_as_native() {
    use metrics_runtime::{NativeConfig, NativeHistogram};
    let registry = Registry::new();
    let empty: NativeHistogram =
        NativeHistogram::new(&[], NativeConfig::new(3, 0.0, 10).unwrap(), 1);
    registry
        .register_metric("empty", "Empty", None, empty)
        .unwrap();
    let Some(out) = decoded(&registry.encode_protobuf().unwrap()) else {
        return;
    };
    assert!(
        out.contains(r#""positive_span": [{}], "schema": 3}"#),
        "{out}"
    );
}

#[metrics_family(prefix = "sync")]
struct Sync {
    /// Sync duration, native buckets only
    #[metric(unit = "seconds", labels(protocol: Protocol), schema = 1, zero_threshold = 0.0001, max_buckets = 50)]
    duration: metrics_runtime::NativeHistogram,
    /// Round trips, classic and native buckets
    #[metric(buckets = [1, 10])]
    round_trips: metrics_runtime::NativeHistogram,
}

#[test]
fn a_declared_native_histogram_is_recorded_and_exported_in_every_format() {
    use metrics_runtime::{Format, MetricFamily as _, MetricKind};
    let registry = Registry::new();
    let sync = registry.register(Sync::new()).unwrap();
    sync.duration.observe(Protocol::Snapshot, 0.75);
    sync.duration.observe(Protocol::Snapshot, 3.0);
    sync.round_trips.observe(4.0);
    let snapshot = sync.duration.get(Protocol::Snapshot);
    assert_eq!((snapshot.schema, snapshot.count), (1, 2));
    // At schema 1: 0.75 in (2^-0.5, 1], bucket 0; 3 in (2^1.5, 4], bucket 4.
    assert_eq!(snapshot.positive, [(0, 1), (4, 1)]);
    let d = &Sync::descriptor().metrics;
    assert_eq!(d[0].kind, MetricKind::NativeHistogram);
    assert!(d[0].buckets.is_empty());
    assert_eq!(d[1].buckets, [1.0, 10.0]);
    assert_eq!(
        d[0].sample_names(Some("sync")),
        [
            "sync_duration_seconds_bucket",
            "sync_duration_seconds_sum",
            "sync_duration_seconds_count"
        ]
    );

    let text = registry.encode(Format::Text).unwrap();
    assert!(
        text.contains("sync_duration_seconds_bucket{protocol=\"snapshot\",le=\"+Inf\"} 2\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "sync_round_trips_bucket{le=\"1\"} 0\nsync_round_trips_bucket{le=\"10\"} 1\n"
        ),
        "{text}"
    );
    let openmetrics = registry.encode(Format::OpenMetrics).unwrap();
    let strict = "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families\nlist(text_string_to_metric_families(sys.stdin.read()))\n";
    if let Some((ok, out)) = common::external::python_openmetrics(strict, &openmetrics) {
        assert!(ok, "{out}\n{openmetrics}");
    }
    if let Some((ok, out)) = common::external::promtool(&text) {
        assert!(ok, "{out}\n{text}");
    }
    let Some(out) = decoded(&registry.encode_protobuf().unwrap()) else {
        return;
    };
    assert!(out.contains(r#""positive_delta": ["1", "0"], "positive_span": [{"length": 1}, {"length": 1, "offset": 3}], "sample_count": "2", "sample_sum": 3.75, "schema": 1, "zero_threshold": 0.0001}, "label": [{"name": "protocol", "value": "snapshot"}]}"#), "{out}");
    // Classic and native: both bucket kinds in one message.
    assert!(out.contains(r#"{"histogram": {"bucket": [{"upper_bound": 1.0}, {"cumulative_count": "1", "upper_bound": 10.0}, {"cumulative_count": "1", "upper_bound": "Infinity"}], "positive_delta": ["1"], "positive_span": [{"length": 1, "offset": 16}], "sample_count": "1", "sample_sum": 4.0, "schema": 3, "zero_threshold": 2.938735877055719e-39}}"#), "{out}");
}

/// For a server of one's own: `scrape_reply` negotiates protobuf as the
/// servers do, and its body is `encode_protobuf`'s.
#[test]
fn scrape_reply_answers_protobuf_when_asked() {
    use metrics_runtime::scrape_reply;
    let registry = Registry::new();
    registry
        .get_or_create::<Node>("a".to_owned())
        .unwrap()
        .depth
        .set(3);
    let native = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.8,application/openmetrics-text;version=1.0.0;q=0.5";
    let reply = scrape_reply(&registry, None, Some(native), None);
    assert_eq!(reply.status(), 200);
    assert!(
        reply
            .content_type()
            .starts_with("application/vnd.google.protobuf"),
        "{}",
        reply.content_type()
    );
    assert_eq!(reply.body(), registry.encode_protobuf().unwrap());
    let forced = scrape_reply(&registry, Some("format=protobuf"), None, None);
    assert_eq!(forced.into_body(), registry.encode_protobuf().unwrap());
}
