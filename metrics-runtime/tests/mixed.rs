//! Enum and free-form labels in one metric: every enum combination of a
//! held value tuple exported, the bounds folding only the free-form values
//! (the enum labels keep theirs), the byte bound, removal of a tuple, the
//! test accessor, handles, two free-form labels, and the descriptors.

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    encode, metrics_family, overflow_counter_name, Bounds, Counter, FloatGauge, Format, Gauge,
    Histogram, LabelValue, LabelValues, MetricFamily, OVERFLOW_LABEL_VALUE,
};

mod common;

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Status {
    Success,
    ClientError,
    ServerError,
}

const METHODS: [Method; 3] = [Method::Get, Method::Post, Method::Delete];
const STATUSES: [Status; 3] = [Status::Success, Status::ClientError, Status::ServerError];

#[metrics_family(prefix = "http")]
struct Http {
    /// Requests served
    #[metric(labels(method: Method, route: String, status: Status), max_series = 3)]
    requests: Counter,
    /// Request latency
    #[metric(labels(route: String, method: Method), max_series = 2, unit = "seconds", buckets = [0.1, 1])]
    latency: Histogram,
    /// Requests in flight
    #[metric(labels(method: Method, route: String), max_series = 2, max_value_len = 8)]
    in_flight: Gauge,
    /// Bytes per tenant and peer
    #[metric(labels(tenant: String, method: Method, peer: String), max_series = 2)]
    bytes: Counter,
    /// Load per route
    #[metric(labels(route: String, status: Status))]
    load: FloatGauge,
}

fn registered() -> (Http, Registry) {
    let m = Http::new();
    let mut registry = Registry::default();
    m.register(&mut registry).unwrap();
    (m, registry)
}

fn scrape(registry: &Registry) -> common::Exposition {
    let text = encode(registry, Format::OpenMetrics).unwrap();
    common::parse(&text, true).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn one_call_records_and_a_held_tuple_exports_every_enum_combination() {
    let (m, registry) = registered();
    m.requests.inc(Method::Get, "/users/:id", Status::Success);
    m.requests
        .inc_by(Method::Post, "/users/:id", Status::ServerError, 4);
    assert_eq!(
        m.requests.get(Method::Get, "/users/:id", Status::Success),
        1
    );
    assert_eq!(
        m.requests
            .get(Method::Post, "/users/:id", Status::ServerError),
        4
    );
    assert_eq!(m.requests.series(), 1);

    let text = encode(&registry, Format::Text).unwrap();
    // Labels in declaration order; the tuple's nine combinations in the
    // enums' order, the unrecorded at 0.
    let requests: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .collect();
    let mut want = Vec::new();
    for method in METHODS {
        for status in STATUSES {
            let value = match (method, status) {
                (Method::Get, Status::Success) => 1,
                (Method::Post, Status::ServerError) => 4,
                _ => 0,
            };
            want.push(format!(
                "http_requests_total{{method=\"{}\",route=\"/users/:id\",status=\"{}\"}} {value}",
                method.as_str(),
                status.as_str()
            ));
        }
    }
    assert_eq!(requests, want);
    // Nothing recorded, nothing exported: no tuple is held yet.
    assert!(!text.contains("http_latency_seconds_bucket{"), "{text}");
    assert!(text
        .contains("# TYPE http_requests_overflow_total counter\nhttp_requests_overflow_total 0\n"));
}

#[test]
fn past_the_bound_only_the_free_form_values_fold_and_sums_by_enum_stay_exact() {
    let (m, registry) = registered();
    let routes = ["/a", "/b", "/c", "/d", "/e", "/f"];
    let mut recorded = [[0u64; 3]; 3];
    for (i, route) in routes.iter().enumerate() {
        for (j, method) in METHODS.into_iter().enumerate() {
            let k = (i + j) % 3;
            m.requests.inc(method, route, STATUSES[k]);
            recorded[j][k] += 1;
        }
    }
    // Three routes held; the other three folded, one recording each per
    // method.
    assert_eq!(m.requests.series(), 3);
    assert_eq!(m.requests.overflowed(), 9);
    let s = scrape(&registry);
    assert_eq!(s.value("http_requests_overflow_total", &[]), 9.0);
    // Every overflow series keeps its method and status.
    let overflow: Vec<_> = s
        .named("http_requests_total")
        .filter(|x| x.label("route") == Some(OVERFLOW_LABEL_VALUE))
        .collect();
    assert_eq!(overflow.len(), 9);
    for x in &overflow {
        assert!(x.label("method").is_some() && x.label("status").is_some());
    }
    // sum by (method, status): exact, the folded recordings included.
    for (j, method) in METHODS.into_iter().enumerate() {
        for (k, status) in STATUSES.into_iter().enumerate() {
            let sum: f64 = s
                .named("http_requests_total")
                .filter(|x| {
                    x.label("method") == Some(method.as_str())
                        && x.label("status") == Some(status.as_str())
                })
                .map(|x| x.value)
                .sum();
            assert_eq!(sum, recorded[j][k] as f64, "{method:?} {status:?}");
        }
    }
    // The held routes are the first three, whole: no route both held and
    // folded.
    for route in &routes[..3] {
        let n: f64 = s
            .named("http_requests_total")
            .filter(|x| x.label("route") == Some(route))
            .map(|x| x.value)
            .sum();
        assert_eq!(n, 3.0, "{route}");
    }
    assert_eq!(
        m.requests
            .get(Method::Get, OVERFLOW_LABEL_VALUE, Status::Success),
        s.value(
            "http_requests_total",
            &[
                ("method", "get"),
                ("route", OVERFLOW_LABEL_VALUE),
                ("status", "success")
            ]
        ) as u64
    );
}

#[test]
fn get_reads_the_overflow_series_without_recording() {
    let (m, _) = registered();
    for route in ["/a", "/b", "/c", "/d"] {
        m.requests.inc(Method::Delete, route, Status::ClientError);
    }
    m.requests.inc(Method::Delete, "/e", Status::ClientError);
    assert_eq!(m.requests.overflowed(), 2);
    for _ in 0..3 {
        assert_eq!(
            m.requests
                .get(Method::Delete, OVERFLOW_LABEL_VALUE, Status::ClientError),
            2
        );
        assert_eq!(
            m.requests
                .get(Method::Get, OVERFLOW_LABEL_VALUE, Status::ClientError),
            0
        );
        // A value not held reads 0 and folds nothing.
        assert_eq!(m.requests.get(Method::Delete, "/e", Status::ClientError), 0);
    }
    assert_eq!(m.requests.overflowed(), 2, "reading recorded nothing");
    assert_eq!(m.requests.series(), 3);

    // The same for one free-form label alone.
    #[metrics_family]
    struct One {
        /// Per id
        #[metric(labels(id: String), max_series = 1)]
        per_id: Counter,
    }
    let one = One::new();
    one.per_id.inc("a");
    for _ in 0..300 {
        one.per_id.inc("b");
    }
    assert_eq!(one.per_id.get(OVERFLOW_LABEL_VALUE), 300);
    assert_eq!(one.per_id.get("b"), 0);
    assert_eq!(one.per_id.overflowed(), 300);
}

#[test]
fn values_longer_than_max_value_len_fold_are_counted_and_never_exported() {
    let (m, registry) = registered();
    // `in_flight` holds values of up to 8 bytes.
    m.in_flight.inc(Method::Get, "12345678");
    m.in_flight.inc(Method::Get, "123456789");
    m.in_flight.inc(Method::Post, "123456789");
    assert_eq!(m.in_flight.series(), 1);
    assert_eq!(m.in_flight.overflowed(), 2);
    let s = scrape(&registry);
    let routes: Vec<&str> = s
        .named("http_in_flight")
        .map(|x| x.label("route").unwrap())
        .collect();
    assert_eq!(
        routes,
        [
            "12345678",
            "12345678",
            "12345678",
            OVERFLOW_LABEL_VALUE,
            OVERFLOW_LABEL_VALUE,
            OVERFLOW_LABEL_VALUE
        ]
    );
    assert_eq!(
        s.value(
            "http_in_flight",
            &[("method", "post"), ("route", OVERFLOW_LABEL_VALUE)]
        ),
        1.0
    );
    // Not removable, not readable: never held.
    assert!(!m.in_flight.remove("123456789"));
    assert_eq!(m.in_flight.get(Method::Get, "123456789"), 0);
}

#[test]
fn a_64_kib_value_is_folded_and_counted_never_exported() {
    #[metrics_family]
    struct Node {
        /// Executions per context
        #[metric(labels(context_id: String))]
        executions: Counter,
        /// Requests per method and route
        #[metric(labels(method: Method, route: String))]
        requests: Counter,
    }
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();
    let huge = "x\"\\\n".repeat(16 * 1024);
    assert_eq!(huge.len(), 64 * 1024);
    // The default bound is 1024 bytes: 1024 is held, 1025 folds.
    let at_bound = "a".repeat(Bounds::DEFAULT_MAX_VALUE_LEN);
    let past_bound = "a".repeat(Bounds::DEFAULT_MAX_VALUE_LEN + 1);
    for _ in 0..2 {
        node.executions.inc(&huge);
        node.requests.inc(Method::Delete, &huge);
    }
    node.executions.inc(&at_bound);
    node.executions.inc(&past_bound);
    assert_eq!(node.executions.series(), 1);
    assert_eq!(node.executions.overflowed(), 3);
    assert_eq!(node.requests.series(), 0);
    assert_eq!(node.requests.overflowed(), 2);
    for (format, openmetrics) in [(Format::OpenMetrics, true), (Format::Text, false)] {
        let text = encode(&registry, format).unwrap();
        assert!(text.len() < 8 * 1024, "{} bytes", text.len());
        assert!(!text.contains("x\\\"\\\\\\n"), "the value is not exported");
        let s = common::parse(&text, openmetrics).unwrap();
        assert_eq!(
            s.value("executions_total", &[("context_id", OVERFLOW_LABEL_VALUE)]),
            3.0
        );
        assert_eq!(s.value("executions_overflow_total", &[]), 3.0);
        assert_eq!(
            s.value(
                "requests_total",
                &[("method", "delete"), ("route", OVERFLOW_LABEL_VALUE)]
            ),
            2.0
        );
        assert_eq!(s.value("requests_overflow_total", &[]), 2.0);
    }
}

#[test]
fn removing_a_tuple_removes_all_its_series() {
    let (m, registry) = registered();
    m.requests.inc(Method::Get, "/a", Status::Success);
    m.requests.inc(Method::Post, "/a", Status::ServerError);
    m.requests.inc(Method::Get, "/b", Status::Success);
    let kept = m.requests.with(Method::Get, "/a", Status::Success);
    assert!(m.requests.remove("/a"));
    assert!(!m.requests.remove("/a"), "removed once only");
    assert!(!m.requests.remove(OVERFLOW_LABEL_VALUE));
    assert_eq!(m.requests.series(), 1);
    let s = scrape(&registry);
    assert_eq!(
        s.named("http_requests_total")
            .filter(|x| x.label("route") == Some("/a"))
            .count(),
        0
    );
    assert_eq!(s.named("http_requests_total").count(), 9);
    // Recorded again, the tuple starts at zero; the old handle records into
    // the detached series.
    kept.inc();
    m.requests.inc(Method::Get, "/a", Status::Success);
    assert_eq!(m.requests.get(Method::Get, "/a", Status::Success), 1);
    assert_eq!(kept.get(), 2);

    // Two free-form labels: the pair is the tuple.
    m.bytes.inc_by("t1", Method::Get, "p1", 10);
    m.bytes.inc_by("t1", Method::Get, "p2", 20);
    assert!(m.bytes.remove(("t1", "p1")));
    assert!(!m.bytes.remove(("t1", "p3")));
    assert_eq!(m.bytes.series(), 1);
    assert_eq!(m.bytes.get("t1", Method::Get, "p2"), 20);
    assert_eq!(m.bytes.get("t1", Method::Get, "p1"), 0);
}

#[test]
fn a_free_form_handle_records_into_any_enum_combination() {
    let (m, _) = registered();
    let users = m.requests.with_free("/users");
    for method in METHODS {
        for status in STATUSES {
            users.inc(method, status);
            users.with(method, status).inc_by(2);
        }
    }
    assert_eq!(m.requests.get(Method::Delete, "/users", Status::Success), 3);
    assert_eq!(m.requests.overflowed(), 0);
    // Past the bound, the handle is the overflow tuple's: one fold however
    // many recordings go through it.
    m.requests.inc(Method::Get, "/b", Status::Success);
    m.requests.inc(Method::Get, "/c", Status::Success);
    let folded = m.requests.with_free("/d");
    for _ in 0..5 {
        folded.inc(Method::Post, Status::ClientError);
    }
    assert_eq!(m.requests.overflowed(), 1);
    assert_eq!(
        m.requests
            .get(Method::Post, OVERFLOW_LABEL_VALUE, Status::ClientError),
        5
    );

    let latency = m.latency.with_free("/users");
    latency.observe(Method::Get, 0.5);
    let timer = latency.start_timer(Method::Post);
    drop(timer);
    assert_eq!(m.latency.get("/users", Method::Get).unwrap().count, 1);
    assert_eq!(m.latency.get("/users", Method::Post).unwrap().count, 1);
    // A timer on the metric holds its series: a removal meanwhile does not
    // disturb it (it records into the detached series).
    let held = m.latency.start_timer("/users", Method::Get);
    drop(held);
    let elapsed = m.latency.start_timer("/users", Method::Get).observe();
    assert!(elapsed.as_secs() < 60);
    assert_eq!(m.latency.get("/users", Method::Get).unwrap().count, 3);
    assert!(m.latency.get("/nope", Method::Post).is_none());

    let load = m.load.with_free("/users");
    load.set(Status::Success, 1.5);
    load.inc(Status::Success);
    load.dec(Status::ClientError);
    assert_eq!(m.load.get("/users", Status::Success), 2.5);
    m.load.inc("/users", Status::ServerError);
    m.load.dec("/users", Status::ServerError);
    m.load.dec_by("/users", Status::ServerError, 0.5);
    assert_eq!(m.load.get("/users", Status::ServerError), -0.5);
    assert_eq!(m.load.get("/users", Status::ClientError), -1.0);
}

#[test]
fn two_free_form_labels_fold_together_and_keep_the_enum() {
    let (m, registry) = registered();
    m.bytes.inc("t1", Method::Get, "p1");
    m.bytes.inc("t1", Method::Post, "p2");
    m.bytes.inc("t2", Method::Get, "p1"); // third pair: folded
    m.bytes.inc(OVERFLOW_LABEL_VALUE, Method::Delete, "p1"); // reserved: folded
    assert_eq!(m.bytes.series(), 2);
    assert_eq!(m.bytes.overflowed(), 2);
    let s = scrape(&registry);
    let series: Vec<(String, String, String, f64)> = s
        .named("http_bytes_total")
        .map(|x| {
            (
                x.label("tenant").unwrap().to_owned(),
                x.label("method").unwrap().to_owned(),
                x.label("peer").unwrap().to_owned(),
                x.value,
            )
        })
        .collect();
    let o = OVERFLOW_LABEL_VALUE.to_owned();
    let row =
        |t: &str, method: &str, p: &str, v: f64| (t.to_owned(), method.to_owned(), p.to_owned(), v);
    assert_eq!(
        series,
        [
            row("t1", "get", "p1", 1.0),
            row("t1", "post", "p1", 0.0),
            row("t1", "delete", "p1", 0.0),
            row("t1", "get", "p2", 0.0),
            row("t1", "post", "p2", 1.0),
            row("t1", "delete", "p2", 0.0),
            row(&o, "get", &o, 1.0),
            row(&o, "post", &o, 0.0),
            row(&o, "delete", &o, 1.0),
        ]
    );
    // Reading the overflow pair takes both values reserved.
    assert_eq!(
        m.bytes
            .get(OVERFLOW_LABEL_VALUE, Method::Delete, OVERFLOW_LABEL_VALUE),
        1
    );
    assert_eq!(m.bytes.get(OVERFLOW_LABEL_VALUE, Method::Delete, "p1"), 0);
}

#[test]
fn the_overflow_counter_of_a_mixed_metric_says_what_folds() {
    let (_, registry) = registered();
    let text = encode(&registry, Format::Text).unwrap();
    assert!(text.contains(
        "# HELP http_requests_overflow_total Recordings of http_requests folded into its route=\"__overflow__\" series (its enum labels kept; through a handle, once, when it is taken) because it held max_series (3) tuples of free-form values, or a value was longer than max_value_len (1024) bytes or was __overflow__ itself.\n"
    ), "{text}");
    assert!(text.contains(
        "# HELP http_bytes_overflow_total Recordings of http_bytes folded into its tenant=\"__overflow__\", peer=\"__overflow__\" series (its enum labels kept; through a handle, once, when it is taken) because it held max_series (2) tuples of free-form values, or a value was longer than max_value_len (1024) bytes or was __overflow__ itself.\n"
    ), "{text}");
    let d = Http::descriptor();
    assert_eq!(
        overflow_counter_name(&d.metrics[0], d.prefix).as_deref(),
        Some("http_requests_overflow")
    );
}

#[test]
fn descriptors_describe_mixed_metrics() {
    let d = Http::descriptor();
    let requests = &d.metrics[0];
    let names: Vec<&str> = requests.labels.iter().map(|l| l.name).collect();
    assert_eq!(names, ["method", "route", "status"]);
    assert_eq!(
        requests.labels[0].values.allowed(),
        Some(&["get", "post", "delete"][..])
    );
    assert_eq!(
        requests.labels[1].values,
        LabelValues::Free {
            max_series: 3,
            max_value_len: Bounds::DEFAULT_MAX_VALUE_LEN
        }
    );
    assert_eq!(requests.free_bounds(), Some((3, 1024)));
    assert_eq!(requests.free_labels().collect::<Vec<_>>(), ["route"]);
    // (3 routes + the overflow route) × 3 methods × 3 statuses.
    assert_eq!(requests.max_series(), 36);
    assert_eq!(d.metrics[2].free_bounds(), Some((2, 8)));
    // Two free-form labels: pairs, not the product of two bounds.
    assert_eq!(d.metrics[3].max_series(), 3 * 3);
    assert_eq!(
        d.metrics[3].free_labels().collect::<Vec<_>>(),
        ["tenant", "peer"]
    );
}

#[test]
fn both_formats_parse_and_histograms_hold_with_mixed_labels() {
    let (m, registry) = registered();
    for (i, route) in ["/a", "/b", "/c"].iter().enumerate() {
        m.latency.observe(route, METHODS[i], 0.05 * (i + 1) as f64);
        m.in_flight.set(METHODS[i], route, i as i64);
        m.load.set(route, STATUSES[i], 0.5);
    }
    for (format, openmetrics) in [(Format::OpenMetrics, true), (Format::Text, false)] {
        let text = encode(&registry, format).unwrap();
        let s = common::parse(&text, openmetrics).unwrap_or_else(|e| panic!("{e}\n{text}"));
        // Two routes held × 3 methods, and the overflow route × 3.
        assert_eq!(common::check_histograms(&s), Ok(9));
        assert_eq!(
            s.value(
                "http_latency_seconds_count",
                &[("route", OVERFLOW_LABEL_VALUE), ("method", "delete")]
            ),
            1.0
        );
    }
}
