//! Each rule on small fixture families: what it finds, where, and what it
//! leaves alone.

use metrics_catalog::Catalog;
use metrics_runtime::{
    metrics_family, Counter, Gauge, Histogram, Info, LabelValue, NativeHistogram, StateSet,
};
use promql_lint::{lint, lint_file, parse_file, render_report, Finding, Rule, Severity};

/// Sync protocol.
#[derive(Clone, Copy, LabelValue)]
enum Protocol {
    /// Full snapshot.
    Snapshot,
    /// Hash comparison.
    HashComparison,
}

#[metrics_family(prefix = "sync")]
struct SyncFixture {
    /// Total sync round trips
    #[metric(labels(protocol: Protocol))]
    round_trips: Counter,
    /// Total entities transferred
    entities_transferred: Counter,
    /// Full sync session duration
    #[metric(labels(protocol: Protocol), unit = "seconds", buckets = [0.5, 1, 32, 1024])]
    duration: Histogram,
}

#[metrics_family]
struct ContextFixture {
    /// Context runtime execution counter
    #[metric(labels(context_id: String), max_series = 10)]
    execution_count: Gauge,
}

/// HTTP method.
#[derive(Clone, Copy, LabelValue)]
enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

/// Status class.
#[derive(Clone, Copy, LabelValue)]
enum StatusClass {
    /// 2xx.
    Success,
    /// 5xx.
    ServerError,
}

#[metrics_family(prefix = "http")]
struct HttpFixture {
    /// Requests served
    #[metric(labels(method: Method, route: String, status: StatusClass), max_series = 500, max_value_len = 64)]
    requests: Counter,
}

#[metrics_family(prefix = "native")]
struct NativeFixture {
    /// Sync duration, native buckets
    #[metric(labels(protocol: Protocol), unit = "seconds")]
    duration: NativeHistogram,
}

#[metrics_family(prefix = "network_event_channel")]
struct ChannelFixture {
    /// Current events waiting in channel
    depth: Gauge,
    /// Events dropped (channel full)
    dropped: Counter,
}

/// Sync loop state.
#[derive(Clone, Copy, LabelValue)]
enum SyncState {
    /// Waiting.
    Idle,
    /// Syncing.
    Running,
}

#[metrics_family(prefix = "node")]
struct NodeFixture {
    /// Build information
    #[metric(labels(version: String))]
    build: Info,
    /// What the sync loop is doing
    #[metric(states = SyncState)]
    sync_state: StateSet,
}

fn catalog() -> Catalog {
    Catalog::new()
        .with::<NodeFixture>()
        .with::<SyncFixture>()
        .with::<ContextFixture>()
        .with::<ChannelFixture>()
        .with::<HttpFixture>()
        .with::<NativeFixture>()
}

/// The findings as `(rule, severity, spanned text)`.
fn found(query: &str) -> Vec<(Rule, Severity, String)> {
    lint(query, &catalog())
        .into_iter()
        .map(|f| (f.rule, f.severity, query[f.span].to_owned()))
        .collect()
}

fn only(query: &str) -> Finding {
    let findings = lint(query, &catalog());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    findings.into_iter().next().unwrap()
}

#[test]
fn correct_queries_have_no_findings() {
    for query in [
        "sum(rate(sync_round_trips_total{protocol=~\".*\"}[5m])) by (protocol) / sum(rate(sync_round_trips_total[5m])) by (protocol)",
        "histogram_quantile(0.99, sum by (le, protocol) (rate(sync_duration_seconds_bucket[5m])))",
        "rate(sync_duration_seconds_sum[5m]) / rate(sync_duration_seconds_count[5m])",
        "sync_duration_seconds_bucket{le=\"32.0\"}",
        "sync_duration_seconds_bucket{le=\"+Inf\", job=\"node\", instance=~\"a.*\"}",
        "network_event_channel_depth / 1000",
        "deriv(network_event_channel_depth[5m])",
        "sum(rate(sync_round_trips_total[5m])) by (protocol) / ignoring(protocol) group_left sum(rate(sync_round_trips_total[5m]))",
        "sum(rate(sync_entities_transferred_total[5m])) / sum(rate(sync_round_trips_total[5m]))",
        "rate(sync_entities_transferred_total[5m]) / on() group_left sum(rate(sync_round_trips_total[5m]))",
        "execution_count{context_id=\"ctx-1\"}",
        "topk(3, execution_count)",
        "sync_round_trips_total{protocol!=\"snapshot\"} or sync_round_trips_total",
        // Prometheus's own series of each target: not in the catalogue,
        // and known.
        "up",
        "up{job=\"node\"} == 0",
        "scrape_duration_seconds > 1",
    ] {
        let findings = lint(query, &catalog());
        assert!(findings.is_empty(), "{query}: {findings:#?}");
    }
}

#[test]
fn parse_errors_are_errors() {
    let finding = only("sum(rate(x[5m])");
    assert_eq!(finding.rule, Rule::Parse);
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.starts_with("does not parse: "),
        "{}",
        finding.message
    );
}

#[test]
fn unknown_series_say_which_name_is_exported() {
    let finding = only("rate(sync_round_trips[5m])");
    assert_eq!(finding.rule, Rule::UnknownSeries);
    assert_eq!(
        finding.message,
        "no series `sync_round_trips`: the counter is exported as `sync_round_trips_total`; select `sync_round_trips_total`"
    );
    assert_eq!(&finding.query[finding.span.clone()], "sync_round_trips");

    let finding = only("network_event_channel_depth_total");
    assert_eq!(
        finding.message,
        "no series `network_event_channel_depth_total`: `network_event_channel_depth` is a gauge, which exports only `network_event_channel_depth`; select `network_event_channel_depth`"
    );

    let finding = only("rate(sync_duration_seconds[5m])");
    assert!(finding.message.contains("a histogram exports only `sync_duration_seconds_bucket`, `sync_duration_seconds_sum`, `sync_duration_seconds_count`"), "{}", finding.message);

    // The reference's `dropped_total`: the family's prefix is missing.
    let finding = only("rate(dropped_total[1m]) > 0");
    assert_eq!(
        finding.message,
        "no series `dropped_total`: the family registers it under a prefix, as `network_event_channel_dropped_total`; select `network_event_channel_dropped_total`"
    );

    let finding = only("sync_round_trip_total");
    assert!(
        finding
            .message
            .ends_with("did you mean `sync_round_trips_total`?"),
        "{}",
        finding.message
    );

    let finding = only("{__name__=\"nope_total\"}");
    assert_eq!(finding.rule, Rule::UnknownSeries);
}

#[test]
fn unknown_labels_are_errors_unless_they_match_empty() {
    assert_eq!(
        found("sync_round_trips_total{protocl=\"snapshot\"}"),
        [(
            Rule::UnknownLabel,
            Severity::Error,
            "protocl=\"snapshot\"".to_owned()
        )]
    );
    let finding = only("sync_round_trips_total{protocl=\"snapshot\"}");
    assert_eq!(
        finding.message,
        "`sync_round_trips_total` has no label `protocl` (its labels are `protocol`), so the selector matches nothing; did you mean `protocol`?"
    );
    // `le` only on `_bucket`.
    assert_eq!(
        only("sync_duration_seconds_sum{le=\"1.0\"}").rule,
        Rule::UnknownLabel
    );
    let finding = only("sync_entities_transferred_total{protocol=\"\"}");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding
        .message
        .contains("it has no labels but the target's `job` and `instance`"));
}

#[test]
fn enum_values_are_checked_with_a_did_you_mean() {
    let finding = only("sync_round_trips_total{protocol=\"hash_compare\"}");
    assert_eq!(
        (finding.rule, finding.severity),
        (Rule::UnknownValue, Severity::Error)
    );
    assert_eq!(
        finding.message,
        "`protocol=\"hash_compare\"` matches no series: `protocol` (Protocol) is one of `snapshot`, `hash_comparison`; did you mean `hash_comparison`?"
    );
    assert_eq!(
        &finding.query[finding.span.clone()],
        "protocol=\"hash_compare\""
    );
    assert_eq!(
        only("sync_round_trips_total{protocol!=\"snapshots\"}").severity,
        Severity::Warning
    );
    assert_eq!(
        only("sync_round_trips_total{protocol=~\"delta.*\"}").rule,
        Rule::UnknownValue
    );
    assert_eq!(
        only("sync_round_trips_total{protocol!~\".+\"}").rule,
        Rule::UnknownValue
    );
    // Free-form labels take any value.
    assert!(found("execution_count{context_id=\"anything\"}").is_empty());
}

#[test]
fn mixed_metrics_check_their_enum_labels_and_take_any_free_form_value() {
    let finding = only("http_requests_total{method=\"gett\", route=\"/users/:id\"}");
    assert_eq!(
        finding.message,
        "`method=\"gett\"` matches no series: `method` (Method) is one of `get`, `post`; did you mean `get`?"
    );
    assert!(found(
        "sum by (status) (rate(http_requests_total{route=\"/users/:id\", status=\"server_error\"}[5m]))"
    )
    .is_empty());
    // The overflow route is a value like any other.
    assert!(found("http_requests_total{route=\"__overflow__\", method=\"post\"}").is_empty());
    let finding = only("http_requests_total{rout=\"/users\"}");
    assert!(
        finding
            .message
            .contains("(its labels are `method`, `route`, `status`)"),
        "{}",
        finding.message
    );
    // The overflow counter has none of them.
    assert_eq!(
        only("http_requests_overflow_total{method=\"get\"}").rule,
        Rule::UnknownLabel
    );
}

#[test]
fn a_free_form_value_longer_than_the_metric_holds_matches_nothing() {
    let long = "/".repeat(65);
    let query = format!("http_requests_total{{route=\"{long}\"}}");
    let finding = only(&query);
    assert_eq!(
        (finding.rule, finding.severity),
        (Rule::UnknownValue, Severity::Error)
    );
    assert_eq!(
        finding.message,
        "`route=\"...\"` matches no series: `route` is free-form and holds values of up to 64 bytes, and this one has 65; longer values are recorded under `route=\"__overflow__\"`"
    );
    let fits = format!("http_requests_total{{route=\"{}\"}}", "/".repeat(64));
    assert!(found(&fits).is_empty());
    // Only equality: a regex or a negation may still select series.
    assert!(found(&format!("http_requests_total{{route!=\"{long}\"}}")).is_empty());
}

#[test]
fn le_must_be_a_bucket_as_prometheus_stores_it() {
    // The 0.0.4 text form: right only where Prometheus 2 scrapes that format.
    let finding = only("sync_duration_seconds_bucket{le=\"32\"}");
    assert_eq!(
        (finding.rule, finding.severity),
        (Rule::BucketBound, Severity::Warning)
    );
    assert_eq!(
        finding.message,
        "`le=\"32\"` is bucket 32 of `sync_duration_seconds` as the Prometheus 0.0.4 text format writes it, so it matches only where Prometheus 2 scrapes that format: OpenMetrics scrapes (what Prometheus negotiates by default) store `le=\"32.0\"` and Prometheus 3 normalises every scrape to it; write `le=~\"32(\\\\.0)?\"` to match both forms"
    );
    // The suggested regex is clean.
    assert!(found("sync_duration_seconds_bucket{le=~\"32(\\\\.0)?\"}").is_empty());
    let finding = only("sync_duration_seconds_bucket{le=\"32.00\"}");
    assert_eq!(finding.severity, Severity::Error);
    assert!(only("sync_duration_seconds_bucket{le=\"32.00\"}")
        .message
        .contains("but no exposition format writes it so"));
    let finding = only("sync_duration_seconds_bucket{le=\"30\"}");
    assert_eq!(
        finding.message,
        "`le=\"30\"` matches no series: `sync_duration_seconds` has no bucket at 30; the nearest are `le=\"1.0\"` and `le=\"32.0\"`"
    );
    assert!(only("sync_duration_seconds_bucket{le=\"slow\"}")
        .message
        .contains("is not a number"));
    assert_eq!(
        only("sync_duration_seconds_bucket{le=~\"3|4\"}").rule,
        Rule::BucketBound
    );
    assert!(found("sync_duration_seconds_bucket{le=~\"32(\\\\.0)?\"}").is_empty());
    assert!(found("sync_duration_seconds_bucket{le=\"0.5\"}").is_empty());
}

#[test]
fn sides_that_never_match_are_errors_at_the_operator() {
    let query = "rate(sync_entities_transferred_total[5m]) / sum(rate(sync_round_trips_total[5m]))";
    let finding = only(query);
    assert_eq!(
        (finding.rule, finding.severity),
        (Rule::NeverMatches, Severity::Error)
    );
    assert_eq!(finding.span, 42..43);
    assert_eq!(
        finding.message,
        "the two sides of `/` never match, so it returns nothing: the left side keeps `instance`, `job`, the right side no labels, and they must agree on `instance`, `job`; aggregate both sides alike (e.g. `sum(...)` on both), or match with `on()` and `group_left`/`group_right`"
    );
    // Different groupings, `and` too; `or` is a union and needs no match.
    assert_eq!(
        found("sum by (protocol) (sync_round_trips_total) - sum by (job) (sync_round_trips_total)"),
        [(Rule::NeverMatches, Severity::Error, "-".to_owned())]
    );
    assert_eq!(
        found("sync_round_trips_total and on(protocol) sync_entities_transferred_total"),
        [(Rule::NeverMatches, Severity::Error, "and".to_owned())]
    );
    assert!(found("sync_round_trips_total or sum(sync_entities_transferred_total)").is_empty());
    // Matching on labels both sides keep.
    assert!(found(
        "sync_round_trips_total / on(job, instance) group_left sync_entities_transferred_total"
    )
    .is_empty());
}

#[test]
fn one_to_one_matching_that_can_be_ambiguous_is_a_warning() {
    assert_eq!(
        found("sync_round_trips_total / on(job, instance) sync_entities_transferred_total"),
        [(
            Rule::MissingGroupModifier,
            Severity::Warning,
            "/".to_owned()
        )]
    );
    assert_eq!(
        found(
            "sync_entities_transferred_total / on(job, instance) group_left sync_round_trips_total"
        ),
        [(
            Rule::MissingGroupModifier,
            Severity::Warning,
            "/".to_owned()
        )]
    );
}

#[test]
fn counter_functions_on_gauges_and_back() {
    assert_eq!(
        found("topk(5, rate(execution_count[5m]))"),
        [(
            Rule::CounterFunctionOnGauge,
            Severity::Warning,
            "execution_count".to_owned()
        )]
    );
    assert_eq!(
        found("delta(sync_round_trips_total[5m])"),
        [(
            Rule::GaugeFunctionOnCounter,
            Severity::Warning,
            "sync_round_trips_total".to_owned()
        )]
    );
    assert!(found("increase(sync_duration_seconds_count[5m])").is_empty());
}

#[test]
fn info_metrics_and_state_sets_read_as_their_samples() {
    for query in [
        "node_sync_state{node_sync_state=\"running\"} == 1",
        "count by (version) (node_build_info)",
        "changes(node_sync_state{node_sync_state=\"idle\"}[1h])",
    ] {
        assert!(found(query).is_empty(), "{query}: {:?}", found(query));
    }
    assert_eq!(
        found("node_sync_state{node_sync_state=\"runing\"}")[0].0,
        Rule::UnknownValue
    );
    let rate = only("rate(node_sync_state[5m])");
    assert_eq!(rate.rule, Rule::CounterFunctionOnGauge);
    assert!(
        rate.message.contains("state set `node_sync_state`"),
        "{}",
        rate.message
    );
    let increase = only("increase(node_build_info[1h])");
    assert!(
        increase.message.contains("info metric `node_build_info`"),
        "{}",
        increase.message
    );
    let bare = only("node_build");
    assert_eq!(bare.rule, Rule::UnknownSeries);
    assert!(
        bare.message.contains("`node_build_info`"),
        "{}",
        bare.message
    );
}

#[test]
fn histogram_quantile_over_a_native_histogram_needs_no_le() {
    for query in [
        "histogram_quantile(0.99, rate(native_duration_seconds[1m]))",
        "histogram_quantile(0.99, sum by (protocol) (rate(native_duration_seconds[5m])))",
        "histogram_quantile(0.5, sum(rate(native_duration_seconds{protocol=\"snapshot\"}[5m])))",
    ] {
        assert!(found(query).is_empty(), "{query}: {:?}", found(query));
    }
    // Its classic part, from a text scrape, is a classic histogram still.
    assert_eq!(
        found("histogram_quantile(0.99, sum by (protocol) (rate(native_duration_seconds_bucket[5m])))"),
        [(
            Rule::HistogramWithoutLe,
            Severity::Error,
            "histogram_quantile".to_owned()
        )]
    );
}

#[test]
fn histogram_quantile_needs_le() {
    assert_eq!(
        found(
            "histogram_quantile(0.99, sum by (protocol) (rate(sync_duration_seconds_bucket[5m])))"
        ),
        [(
            Rule::HistogramWithoutLe,
            Severity::Error,
            "histogram_quantile".to_owned()
        )]
    );
    assert_eq!(
        found("histogram_quantile(0.5, rate(sync_duration_seconds_sum[5m]))"),
        [(
            Rule::HistogramWithoutLe,
            Severity::Error,
            "histogram_quantile".to_owned()
        )]
    );
}

#[test]
fn a_lower_bucket_minus_a_higher_one_is_never_positive() {
    let query = "sum(rate(sync_duration_seconds_bucket{le=\"32.0\"}[5m])) by (protocol)\n- sum(rate(sync_duration_seconds_bucket{le=\"1024.0\"}[5m])) by (protocol)";
    assert_eq!(
        found(query),
        [(Rule::BucketDifference, Severity::Error, "-".to_owned())]
    );
    let swapped = "sum(rate(sync_duration_seconds_bucket{le=\"+Inf\"}[5m])) by (protocol)\n- sum(rate(sync_duration_seconds_bucket{le=\"32.0\"}[5m])) by (protocol)";
    assert!(found(swapped).is_empty());
}

#[test]
fn files_join_continuation_lines_and_report_positions() {
    let file = "# comment\n\n# Ratio\nrate(sync_entities_transferred_total[5m])\n/ sum(rate(sync_round_trips_total[5m]))\nnetwork_event_channel_depth\n";
    let queries = parse_file(file);
    assert_eq!(queries.len(), 2);
    assert_eq!(queries[0].line, 4);
    assert_eq!(queries[0].position(42), (5, 1));
    let results = lint_file(file, &catalog());
    let report = render_report("q.promql", &results);
    let expected = [
        "error[never-matches]: the two sides of `/` never match, so it returns nothing: the left side keeps `instance`, `job`, the right side no labels, and they must agree on `instance`, `job`; aggregate both sides alike (e.g. `sum(...)` on both), or match with `on()` and `group_left`/`group_right`",
        " --> q.promql:5:1",
        "  |",
        "4 | rate(sync_entities_transferred_total[5m])",
        "5 | / sum(rate(sync_round_trips_total[5m]))",
        "  | ^",
        "  = query: Ratio",
        "",
        "q.promql: 2 queries, 1 error, 0 warnings",
        "",
    ];
    assert_eq!(report, expected.join("\n"));
}

#[test]
fn overflow_counters_are_series_without_the_metrics_labels() {
    assert!(found("rate(execution_count_overflow_total[5m]) > 0").is_empty());
    assert_eq!(
        found("execution_count_overflow_total{context_id=\"ctx\"}"),
        [(
            Rule::UnknownLabel,
            Severity::Error,
            "context_id=\"ctx\"".to_owned()
        )]
    );
    // Only free-form metrics have one.
    assert_eq!(
        only("sync_round_trips_overflow_total").rule,
        Rule::UnknownSeries
    );
}

#[test]
fn positions_point_at_the_right_occurrence() {
    // The second `rate()` of the gauge and the second `histogram_quantile()`.
    let query = "execution_count > 0 and rate(execution_count[5m]) > 0";
    let findings = lint(query, &catalog());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].span, 29..44);
    let query = "histogram_quantile(0.5, sum by (le) (rate(sync_duration_seconds_bucket[5m]))) > histogram_quantile(0.5, sum(rate(sync_duration_seconds_bucket[5m])))";
    // Only the right-hand quantile's `sum()` drops `le`.
    let findings = lint(query, &catalog());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, Rule::HistogramWithoutLe);
    assert_eq!(
        findings[0].span.start,
        query.rfind("histogram_quantile").unwrap()
    );
}

/// Per peer: a constant label on every series, the overflow counter's too.
#[metrics_family(prefix = "peer", const_labels(peer: String))]
struct PeerFixture {
    /// Dials by protocol
    #[metric(labels(protocol: Protocol))]
    dials: Counter,
    /// Bytes per topic
    #[metric(labels(topic: String), max_series = 10)]
    topic_bytes: Counter,
}

#[test]
fn constant_labels_are_labels_of_every_series_of_the_family() {
    let catalog = Catalog::new().with::<PeerFixture>();
    for query in [
        "sum by (peer) (rate(peer_dials_total{peer=\"a\", protocol=\"snapshot\"}[5m]))",
        "peer_topic_bytes_overflow_total{peer=~\"a|b\"}",
        "sum by (peer, topic) (peer_topic_bytes_total)",
    ] {
        assert_eq!(lint(query, &catalog), [], "{query}");
    }
    let findings = lint("peer_dials_total{pear=\"a\"}", &catalog);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, Rule::UnknownLabel);
    assert!(
        findings[0]
            .message
            .contains("(its labels are `peer`, `protocol`), so the selector matches nothing; did you mean `peer`?"),
        "{}",
        findings[0].message
    );
}

#[test]
fn a_counter_compared_raw_is_a_warning_at_the_comparison() {
    // The raw total holds after the first event until the process restarts.
    let query = "network_event_channel_dropped_total > 0";
    let finding = only(query);
    assert_eq!(
        (finding.rule, finding.severity, &query[finding.span.clone()]),
        (Rule::CounterComparedRaw, Severity::Warning, ">")
    );
    assert!(
        finding
            .message
            .contains("compare `increase(network_event_channel_dropped_total[5m])`"),
        "{}",
        finding.message
    );
    assert_eq!(Rule::CounterComparedRaw.code(), "counter-compared-raw");
    // Through aggregations, parentheses and arithmetic with a number, on
    // either side, and for a histogram's counter samples.
    for query in [
        "sum(network_event_channel_dropped_total) > 10",
        "0 < (network_event_channel_dropped_total * 2)",
        "max by (protocol) (sync_round_trips_total) >= 1",
        "sync_duration_seconds_count > bool 0",
        "sync_duration_seconds_bucket{le=\"+Inf\"} == 0",
        "execution_count_overflow_total > 0",
    ] {
        assert_eq!(
            found(query)
                .iter()
                .map(|(rule, severity, _)| (*rule, *severity))
                .collect::<Vec<_>>(),
            [(Rule::CounterComparedRaw, Severity::Warning)],
            "{query}"
        );
    }
    // Not raw: through rate/increase, a gauge, a difference of vectors,
    // arithmetic that is not a comparison.
    for query in [
        "rate(network_event_channel_dropped_total[5m]) > 0",
        "increase(sync_round_trips_total[5m]) > 0",
        "network_event_channel_depth > 800",
        "network_event_channel_dropped_total - network_event_channel_depth != 0",
        "network_event_channel_dropped_total / 2",
        "count(sync_round_trips_total) > 0",
    ] {
        assert!(found(query).is_empty(), "{query}: {:?}", found(query));
    }
}

#[test]
fn declared_recording_rules_are_known_series() {
    #[metrics_family(
        prefix = "queue",
        record(name = "queue:depth:max5m", expr = "max_over_time(queue_depth[5m])")
    )]
    struct Queue {
        /// Events waiting
        depth: Gauge,
    }
    let catalog = Catalog::new().with::<Queue>();
    assert!(lint("queue:depth:max5m > 100", &catalog).is_empty());
    let findings = lint("queue:depth:max1h > 100", &catalog);
    assert_eq!(findings[0].rule, Rule::UnknownSeries);
}
