//! Exemplars end to end in one process: declared with `exemplar(..)`,
//! recorded with `inc_with_exemplar` / `observe_with_exemplar`, kept per
//! series and per bucket (the latest winning), written in OpenMetrics only,
//! and an over-long label set dropped and counted.

use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{
    dropped_exemplars, encode, metrics_family, Counter, Format, Histogram, LabelValue, Registry,
    DROPPED_EXEMPLARS,
};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Method {
    Get,
    Post,
}

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(labels(method: Method), exemplar(trace_id))]
    requests: Counter,
    /// Requests by route
    #[metric(labels(route: String, method: Method), exemplar(trace_id, span_id))]
    by_route: Counter,
    /// Request latency
    #[metric(unit = "seconds", labels(method: Method), buckets = [0.1, 1], exemplar(trace_id))]
    latency: Histogram,
    /// Without exemplars
    plain: Counter,
}

mod common;

fn om_line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{text}"))
}

#[test]
fn counter_exemplars_are_written_in_openmetrics_only() {
    let registry = Registry::new();
    let http = registry.register(Http::new()).unwrap();
    http.requests.inc(Method::Get);
    http.requests.inc_with_exemplar(Method::Get, "aaa");
    http.requests.inc_by_with_exemplar(Method::Get, 5, "bbb"); // the latest wins
    http.requests.inc(Method::Get); // without one: "bbb" stays
    assert_eq!(http.requests.get(Method::Get), 8);
    let exemplar = http.requests.exemplar(Method::Get).unwrap();
    assert_eq!(exemplar.labels, [("trace_id", "bbb".to_owned())]);
    assert_eq!(exemplar.value, 5.0);
    assert!(http.requests.exemplar(Method::Post).is_none());

    let om = registry.encode(Format::OpenMetrics).unwrap();
    let line = om_line(&om, "http_requests_total{method=\"get\"}");
    let ts = exemplar
        .timestamp
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let (sample, written_ts) = line.rsplit_once(' ').unwrap();
    assert_eq!(
        sample,
        "http_requests_total{method=\"get\"} 8 # {trace_id=\"bbb\"} 5.0"
    );
    // Seconds since the epoch, a float as prometheus-client writes it.
    let written_ts: f64 = written_ts.parse().unwrap();
    assert!((written_ts - ts).abs() < 1e-3, "{written_ts} {ts}");
    assert_eq!(
        om_line(&om, "http_requests_total{method=\"post\"}"),
        "http_requests_total{method=\"post\"} 0"
    );
    let text = registry.encode(Format::Text).unwrap();
    assert!(!text.contains(" # {"), "{text}");
    assert!(
        text.contains("http_requests_total{method=\"get\"} 8\n"),
        "{text}"
    );
}

#[test]
fn two_label_exemplars_on_free_form_series_escape_their_values() {
    let registry = Registry::new();
    let http = registry.register(Http::new()).unwrap();
    http.by_route
        .inc_with_exemplar("/users", Method::Post, ("t\"1", "s\\2"));
    let exemplar = http.by_route.exemplar("/users", Method::Post).unwrap();
    assert_eq!(
        exemplar.labels,
        [
            ("trace_id", "t\"1".to_owned()),
            ("span_id", "s\\2".to_owned())
        ]
    );
    let om = registry.encode(Format::OpenMetrics).unwrap();
    let line = om_line(&om, "http_by_route_total{route=\"/users\",method=\"post\"}");
    assert!(
        line.starts_with(
            "http_by_route_total{route=\"/users\",method=\"post\"} 1 # {trace_id=\"t\\\"1\",span_id=\"s\\\\2\"} 1.0 "
        ),
        "{line}"
    );
    // Through a handle too.
    http.by_route
        .with_free("/orders")
        .inc_with_exemplar(Method::Get, ("a", "b"));
    assert_eq!(
        http.by_route
            .exemplar("/orders", Method::Get)
            .unwrap()
            .labels[0]
            .1,
        "a"
    );
}

#[test]
fn histogram_exemplars_are_kept_per_bucket() {
    let registry = Registry::new();
    let http = registry.register(Http::new()).unwrap();
    http.latency
        .observe_with_exemplar(Method::Get, 0.05, "low1");
    http.latency
        .observe_with_exemplar(Method::Get, 0.07, "low2"); // same bucket: wins
    http.latency.observe_with_exemplar(Method::Get, 5.0, "high");
    http.latency.observe(Method::Get, 0.5); // no exemplar for `le="1"`
    drop(http.latency.start_timer(Method::Get)); // a timer records without one
    let snapshot = http.latency.get(Method::Get);
    assert_eq!(snapshot.count, 5);
    let exemplars = http.latency.exemplars(Method::Get);
    assert_eq!(exemplars.len(), 3);
    assert_eq!(exemplars[0].as_ref().unwrap().labels[0].1, "low2");
    assert!(exemplars[1].is_none());
    assert_eq!(exemplars[2].as_ref().unwrap().value, 5.0);

    let om = registry.encode(Format::OpenMetrics).unwrap();
    assert!(om_line(
        &om,
        "http_latency_seconds_bucket{le=\"0.1\",method=\"get\"}"
    )
    .starts_with(
        "http_latency_seconds_bucket{le=\"0.1\",method=\"get\"} 3 # {trace_id=\"low2\"} 0.07 "
    ));
    assert_eq!(
        om_line(
            &om,
            "http_latency_seconds_bucket{le=\"1.0\",method=\"get\"}"
        ),
        "http_latency_seconds_bucket{le=\"1.0\",method=\"get\"} 4"
    );
    assert!(om_line(
        &om,
        "http_latency_seconds_bucket{le=\"+Inf\",method=\"get\"}"
    )
    .starts_with(
        "http_latency_seconds_bucket{le=\"+Inf\",method=\"get\"} 5 # {trace_id=\"high\"} 5.0 "
    ));
    let text = registry.encode(Format::Text).unwrap();
    assert!(!text.contains(" # {"), "{text}");
}

#[test]
fn an_over_long_exemplar_is_dropped_and_counted() {
    let registry = Registry::new();
    let http = registry.register(Http::new()).unwrap();
    // 8 + 120 = 128 characters: kept. Multi-byte characters count once.
    let fits = "é".repeat(120);
    http.requests.inc_with_exemplar(Method::Post, &fits);
    assert_eq!(
        http.requests.exemplar(Method::Post).unwrap().labels[0].1,
        fits
    );
    let before = dropped_exemplars();
    let long = "x".repeat(121);
    http.requests.inc_with_exemplar(Method::Post, &long);
    http.latency.observe_with_exemplar(Method::Post, 0.5, &long);
    assert!(dropped_exemplars() >= before + 2);
    // The samples are recorded, the exemplars not: the earlier one stays.
    assert_eq!(http.requests.get(Method::Post), 2);
    assert_eq!(
        http.requests.exemplar(Method::Post).unwrap().labels[0].1,
        fits
    );
    assert!(http.latency.exemplars(Method::Post)[1].is_none());
    let om = registry.encode(Format::OpenMetrics).unwrap();
    assert!(!om.contains(&long), "{om}");
    let counted = om_line(&om, &format!("{DROPPED_EXEMPLARS}_total "));
    let n: u64 = counted.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(n >= 2, "{counted}");
    assert!(om.contains(&format!("# TYPE {DROPPED_EXEMPLARS} counter\n")));
}

#[test]
fn a_registry_without_exemplars_exports_no_drop_counter() {
    #[metrics_family]
    struct Plain {
        /// Jobs
        jobs: Counter,
    }
    let registry = Registry::new();
    registry.register(Plain::new()).unwrap();
    assert!(!registry
        .encode(Format::Text)
        .unwrap()
        .contains(DROPPED_EXEMPLARS));
}

#[test]
fn prometheus_client_registries_get_counter_exemplars() {
    let http = Http::new();
    let mut registry = PcRegistry::default();
    http.register(&mut registry).unwrap();
    http.requests.inc_with_exemplar(Method::Get, "abc");
    let om = encode(&registry, Format::OpenMetrics).unwrap();
    assert!(
        om_line(&om, "http_requests_total{method=\"get\"}")
            .starts_with("http_requests_total{method=\"get\"} 1 # {trace_id=\"abc\"} 1.0 "),
        "{om}"
    );
    let text = encode(&registry, Format::Text).unwrap();
    assert!(
        text.contains("http_requests_total{method=\"get\"} 1\n"),
        "{text}"
    );
    // A histogram's bucket exemplars are our writer's alone: through a
    // prometheus-client registry its buckets carry none (the README says so).
    http.latency.observe_with_exemplar(Method::Get, 0.05, "def");
    let om = encode(&registry, Format::OpenMetrics).unwrap();
    let bucket = om_line(
        &om,
        "http_latency_seconds_bucket{le=\"0.1\",method=\"get\"}",
    );
    assert_eq!(
        bucket, "http_latency_seconds_bucket{le=\"0.1\",method=\"get\"} 1",
        "{om}"
    );
    let ours = Registry::new();
    ours.register(Http::new())
        .unwrap()
        .latency
        .observe_with_exemplar(Method::Get, 0.05, "def");
    let om = ours.encode(Format::OpenMetrics).unwrap();
    assert!(
        om_line(
            &om,
            "http_latency_seconds_bucket{le=\"0.1\",method=\"get\"}"
        )
        .contains(" # {trace_id=\"def\"} 0.05 "),
        "{om}"
    );
}

/// Without `exemplar(..)`, a metric keeps the plain cell: no exemplar slot.
#[test]
fn a_metric_without_exemplars_keeps_its_plain_cell() {
    use metrics_runtime::{CounterCell, CounterWithExemplarCell, Metric};
    let http = Http::new();
    let _: &Metric<(), CounterCell> = &http.plain;
    assert!(
        std::mem::size_of::<CounterCell>()
            < std::mem::size_of::<CounterWithExemplarCell<(String,)>>()
    );
}

#[test]
fn our_writer_and_prometheus_clients_agree_on_counter_exemplars() {
    let http = Http::new();
    let mut pc = PcRegistry::default();
    http.register(&mut pc).unwrap();
    let own = Registry::new();
    let mine = own.register(Http::new()).unwrap();
    http.requests.inc_with_exemplar(Method::Get, "abc");
    mine.requests.inc_with_exemplar(Method::Get, "abc");
    let theirs = encode(&pc, Format::OpenMetrics).unwrap();
    let written = own.encode(Format::OpenMetrics).unwrap();
    let strip = |line: &str| line.rsplit_once(' ').map(|(a, _)| a.to_owned()).unwrap();
    assert_eq!(
        strip(om_line(&theirs, "http_requests_total{method=\"get\"}")),
        strip(om_line(&written, "http_requests_total{method=\"get\"}"))
    );
}

/// Python's strict OpenMetrics parser reads every exemplar back (one and
/// two labels, escaped values, a 128-character label set of multi-byte
/// characters, counter and bucket exemplars); promtool accepts the 0.0.4
/// body, which has none.
#[test]
fn strict_parsers_accept_scrapes_with_exemplars() {
    const SCRIPT: &str = r#"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.buffer.read().decode("utf-8")):
    for s in family.samples:
        if s.exemplar is not None:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.exemplar.labels.items()))
            print(s.name, labels, s.exemplar.value, s.exemplar.timestamp is not None)
"#;
    let registry = Registry::new();
    let http = registry.register(Http::new()).unwrap();
    http.requests
        .inc_with_exemplar(Method::Get, "4bf92f3577b34da6");
    http.requests
        .inc_by_with_exemplar(Method::Post, 2, &"é".repeat(120));
    http.by_route
        .inc_with_exemplar("/users", Method::Get, ("a\"b", "c\\d"));
    http.latency.observe_with_exemplar(Method::Get, 0.05, "low");
    http.latency
        .observe_with_exemplar(Method::Get, 50.0, "high");
    http.requests
        .inc_with_exemplar(Method::Get, &"x".repeat(200)); // dropped
    let om = registry.encode(Format::OpenMetrics).unwrap();
    let Some((ok, out)) = common::external::python_openmetrics(SCRIPT, &om) else {
        return;
    };
    assert!(ok, "rejected: {out}\n{om}");
    let expected = [
        "http_requests_total trace_id=4bf92f3577b34da6 1.0 True".to_owned(),
        format!("http_requests_total trace_id={} 2.0 True", "é".repeat(120)),
        "http_by_route_total span_id=c\\d,trace_id=a\"b 1.0 True".to_owned(),
        "http_latency_seconds_bucket trace_id=low 0.05 True".to_owned(),
        "http_latency_seconds_bucket trace_id=high 50.0 True".to_owned(),
    ];
    for line in &expected {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    assert_eq!(out.lines().count(), expected.len(), "{out}");
    let text = registry.encode(Format::Text).unwrap();
    if let Some((ok, out)) = common::external::promtool(&text) {
        assert!(ok, "promtool: {out}\n{text}");
    }
}
