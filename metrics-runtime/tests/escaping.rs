//! Label values are escaped by construction in both text formats: whatever
//! string a caller records under a free-form label, the exposition parses and
//! gives the string back.
//!
//! The property tests use this crate's own small parser (`common`), which
//! unescapes `\\`, `\"` and `\n` and rejects anything else. The hostile
//! values are also checked with the real parsers when they are installed:
//! Debian's `/usr/bin/python3` with `prometheus_client.openmetrics.parser`
//! (OpenMetrics, strict) and `promtool check metrics` (0.0.4). When a tool is
//! missing the check prints a notice and passes, unless
//! `METRICS_EXTERNAL_PARSERS=require` is set, in which case it fails.

use std::collections::BTreeSet;

use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{
    encode, metrics_family, Counter, Format, Histogram, LabelValue, OVERFLOW_LABEL_VALUE,
};
use proptest::prelude::*;

mod common;

use common::external;

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Method {
    Get,
    Post,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, LabelValue)]
enum Outcome {
    Ok,
    Failed,
}

/// Values up to 200,000 bytes are held (the default `max_value_len` of 1024
/// would fold the 64 KiB ones: `overflow::values_longer_than_max_value_len_fold`),
/// so the long hostile values go through the encoders.
#[metrics_family(prefix = "node")]
struct Node {
    /// Executions per context
    #[metric(labels(context_id: String), max_value_len = 200000)]
    executions: Counter,
    /// Execution latency per context
    #[metric(labels(context_id: String), unit = "seconds", buckets = [0.5], max_value_len = 200000)]
    latency: Histogram,
    /// Requests per method, context and outcome: enum and free-form labels
    #[metric(labels(method: Method, context_id: String, outcome: Outcome), max_value_len = 200000)]
    requests: Counter,
    /// Calls per context and peer: two free-form labels around an enum
    #[metric(labels(context_id: String, method: Method, peer: String), buckets = [0.5], max_value_len = 200000)]
    calls: Histogram,
}

/// The peer recorded with `value` in `calls`: the value again, reversed, so
/// the two free-form labels differ and neither can be read for the other.
fn peer_of(value: &str) -> String {
    value.chars().rev().collect()
}

/// Records every value into the metrics of a fresh family, and checks that
/// each format parses and carries exactly `values` (as a set) back.
fn round_trip(values: &[String]) -> Result<(), String> {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).map_err(|e| e.to_string())?;
    for v in values {
        node.executions.inc(v);
        node.latency.observe(v, 1.0);
        node.requests.inc(Method::Post, v, Outcome::Failed);
        node.calls.observe(v, Method::Get, &peer_of(v), 0.25);
    }
    let expected: BTreeSet<&str> = values.iter().map(String::as_str).collect();
    for (format, openmetrics, counter) in [
        (Format::OpenMetrics, true, "node_executions_total"),
        (Format::Text, false, "node_executions_total"),
    ] {
        let text = encode(&registry, format).map_err(|e| e.to_string())?;
        let parsed = common::parse(&text, openmetrics).map_err(|e| format!("{format:?}: {e}"))?;
        mixed_round_trip(values, &parsed).map_err(|e| format!("{format:?}: {e}"))?;
        for sample in [
            counter,
            "node_latency_seconds_count",
            "node_latency_seconds_bucket",
            "node_requests_total",
            "node_calls_count",
        ] {
            let got: BTreeSet<&str> = parsed
                .named(sample)
                .map(|s| s.label("context_id").unwrap_or("<missing>"))
                .collect();
            if got != expected {
                return Err(format!(
                    "{format:?} {sample}: {got:?} != {expected:?}\n{text}"
                ));
            }
        }
        // Each value's series has its own count, unmixed with another's.
        for v in &expected {
            let n = values.iter().filter(|x| x == v).count() as f64;
            if parsed.value(counter, &[("context_id", v)]) != n {
                return Err(format!("{format:?}: {v:?} does not count {n}"));
            }
        }
        common::check_histograms(&parsed)?;
    }
    Ok(())
}

/// The mixed metrics' series of each value: every enum combination, the
/// recorded one at the value's count and the others at 0, the free-form
/// values (two of them in `calls`) each in its own label.
fn mixed_round_trip(values: &[String], parsed: &common::Exposition) -> Result<(), String> {
    let expected: BTreeSet<&str> = values.iter().map(String::as_str).collect();
    for v in &expected {
        let n = values.iter().filter(|x| x == v).count() as f64;
        let mut series: Vec<(&str, &str, f64)> = parsed
            .named("node_requests_total")
            .filter(|s| s.label("context_id") == Some(*v))
            .map(|s| {
                (
                    s.label("method").unwrap_or("<missing>"),
                    s.label("outcome").unwrap_or("<missing>"),
                    s.value,
                )
            })
            .collect();
        series.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let want = [
            ("get", "failed", 0.0),
            ("get", "ok", 0.0),
            ("post", "failed", n),
            ("post", "ok", 0.0),
        ];
        if series != want {
            return Err(format!("requests of {v:?}: {series:?} != {want:?}"));
        }
        let peer = peer_of(v);
        if [*v, peer.as_str()].contains(&OVERFLOW_LABEL_VALUE) {
            // The reserved value folds the pair: checked below.
            continue;
        }
        let calls: Vec<(&str, f64)> = parsed
            .named("node_calls_count")
            .filter(|s| s.label("context_id") == Some(*v) && s.label("peer") == Some(&peer))
            .map(|s| (s.label("method").unwrap_or("<missing>"), s.value))
            .collect();
        // A reversed value can equal another value's: count by the pair.
        let pairs = values
            .iter()
            .filter(|x| *x == v && peer_of(x) == peer)
            .count() as f64;
        let want_calls = [("get", pairs), ("post", 0.0)];
        if calls != want_calls {
            return Err(format!("calls of {v:?}: {calls:?} != {want_calls:?}"));
        }
    }
    // A pair with the reserved value folds whole: both free-form labels
    // `__overflow__`, the enum label kept.
    let folded = values
        .iter()
        .filter(|v| [v.as_str(), &peer_of(v)].contains(&OVERFLOW_LABEL_VALUE))
        .count() as f64;
    let overflow: Vec<(&str, f64)> = parsed
        .named("node_calls_count")
        .filter(|s| {
            s.label("context_id") == Some(OVERFLOW_LABEL_VALUE)
                && s.label("peer") == Some(OVERFLOW_LABEL_VALUE)
        })
        .map(|s| (s.label("method").unwrap_or("<missing>"), s.value))
        .collect();
    let want_overflow: &[(&str, f64)] = if folded > 0.0 {
        &[("get", folded), ("post", 0.0)]
    } else {
        &[]
    };
    if overflow != want_overflow {
        return Err(format!("folded calls: {overflow:?} != {want_overflow:?}"));
    }
    Ok(())
}

/// Characters that matter to the formats, mixed with arbitrary ones
/// (`any::<char>()` is any Unicode scalar value, control characters too).
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        1 => prop::sample::select(vec![
            '\\', '"', '\n', '\r', '\t', '\0', '{', '}', ',', '=', '#', ' ', '\u{2028}',
            '\u{feff}', '\u{7f}',
        ]),
    ]
}

fn value(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..=max_chars).prop_map(|c| c.into_iter().collect())
}

/// A value of at least 64 KiB: a random pattern repeated.
fn huge_value() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 1..=16).prop_map(|pattern| {
        let pattern: String = pattern.into_iter().collect();
        let mut v = String::with_capacity(64 * 1024 + 64);
        while v.len() < 64 * 1024 {
            v.push_str(&pattern);
        }
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_values_round_trip(values in prop::collection::vec(value(24), 1..6)) {
        prop_assert_eq!(round_trip(&values), Ok(()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn values_of_64_kib_round_trip(huge in huge_value(), small in value(8)) {
        prop_assert!(huge.len() >= 64 * 1024);
        prop_assert_eq!(round_trip(&[huge, small]), Ok(()));
    }
}

#[test]
fn the_empty_value_round_trips() {
    assert_eq!(round_trip(&[String::new()]), Ok(()));
    assert_eq!(round_trip(&[String::new(), "a".into()]), Ok(()));
}

/// Values an attacker controlling a context id would try. Also the list to
/// feed the reference node in the end-to-end run.
fn hostile_values() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "\\",
        "\"",
        "\n",
        "\\n",
        "a\"b\\c\nd",
        "ctx\"} 1\nnode_executions_total{context_id=\"forged\"} 99\n# EOF\n",
        "# EOF",
        "x\",context_id=\"y",
        "\r",
        "\t",
        "\0",
        "\u{2028}\u{2029}\u{85}",
        "日本語-コンテキスト",
        "😀",
        "\u{feff}bom",
        " leading and trailing ",
        OVERFLOW_LABEL_VALUE,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("\\\"\n".repeat(64 * 1024 / 3 + 1));
    v
}

#[test]
fn hostile_values_round_trip() {
    assert_eq!(round_trip(&hostile_values()), Ok(()));
}

fn exposition_of(values: &[String], format: Format) -> String {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).unwrap();
    for v in values {
        node.executions.inc(v);
        node.latency.observe(v, 0.25);
        node.requests.inc(Method::Get, v, Outcome::Ok);
        node.calls.observe(v, Method::Post, &peer_of(v), 0.25);
    }
    encode(&registry, format).unwrap()
}

/// The OpenMetrics exposition through the Python client's strict parser:
/// it parses, and every value comes back (compared as JSON, so exactly).
#[test]
fn python_openmetrics_parser_accepts_hostile_values() {
    let values = hostile_values();
    let text = exposition_of(&values, Format::OpenMetrics);
    let Some((ok, out)) = external::python_openmetrics(external::PYTHON_LABELS, &text) else {
        return;
    };
    assert!(ok, "the OpenMetrics parser rejected the exposition: {out}");
    let parsed: std::collections::HashMap<String, Vec<String>> = parse_json(&out);
    let expected: BTreeSet<&str> = values.iter().map(String::as_str).collect();
    for sample in [
        "node_executions_total",
        "node_latency_seconds_count",
        "node_requests_total",
        "node_calls_count",
    ] {
        let got: BTreeSet<&str> = parsed[sample].iter().map(String::as_str).collect();
        assert_eq!(got, expected, "{sample}");
    }
    // The mixed counter has each value under all four enum combinations.
    assert_eq!(parsed["node_requests_total"].len(), 4 * expected.len());
}

/// The 0.0.4 exposition through Prometheus's own parser and linter.
#[test]
fn promtool_accepts_hostile_values() {
    let text = exposition_of(&hostile_values(), Format::Text);
    if let Some((ok, out)) = external::promtool(&text) {
        assert!(ok, "promtool check metrics: {out}");
    }
}

/// A minimal JSON reader for `{"name": ["value", ...], ...}` as Python's
/// `json.dump` writes it (ASCII, `\uXXXX` escapes with surrogate pairs).
fn parse_json(s: &str) -> std::collections::HashMap<String, Vec<String>> {
    fn string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
        assert_eq!(chars.next(), Some('"'));
        let mut units: Vec<u16> = Vec::new();
        let mut out = String::new();
        let flush = |units: &mut Vec<u16>, out: &mut String| {
            out.push_str(&String::from_utf16(units).expect("valid UTF-16"));
            units.clear();
        };
        loop {
            match chars.next().expect("unterminated string") {
                '"' => break,
                '\\' => match chars.next().unwrap() {
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        units.push(u16::from_str_radix(&hex, 16).unwrap());
                        continue;
                    }
                    c => {
                        flush(&mut units, &mut out);
                        out.push(match c {
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            other => other,
                        });
                    }
                },
                c => {
                    flush(&mut units, &mut out);
                    out.push(c);
                }
            }
        }
        flush(&mut units, &mut out);
        out
    }
    let mut chars = s.trim().chars().peekable();
    let mut map = std::collections::HashMap::new();
    assert_eq!(chars.next(), Some('{'));
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == ',') {
            chars.next();
        }
        if chars.peek() == Some(&'}') {
            return map;
        }
        let key = string(&mut chars);
        assert_eq!(chars.next(), Some(':'));
        assert_eq!(chars.next(), Some(' '));
        assert_eq!(chars.next(), Some('['));
        let mut list = Vec::new();
        loop {
            while chars.peek().is_some_and(|c| *c == ' ' || *c == ',') {
                chars.next();
            }
            if chars.peek() == Some(&']') {
                chars.next();
                break;
            }
            list.push(string(&mut chars));
        }
        map.insert(key, list);
    }
}

/// A help is one line: a block doc comment, or a `#[doc]` with a line break
/// (here one that would inject a family), is joined as `///` lines are, so
/// no `# HELP` line ends early in either format.
#[metrics_family]
struct Helps {
    /** Bytes sent,
     * whole frames only */
    sent: Counter,
    #[doc = "first line\n# TYPE injected counter\ninjected_total 42"]
    frames: Counter,
}

#[test]
fn a_help_with_line_breaks_is_written_on_one_line() {
    let registry = metrics_runtime::Registry::new();
    registry.register(Helps::new()).unwrap();
    for format in [Format::Text, Format::OpenMetrics] {
        let text = registry.encode(format).unwrap();
        assert!(
            text.contains(" Bytes sent, * whole frames only.\n"),
            "{text}"
        );
        assert!(
            text.contains(" first line # TYPE injected counter injected_total 42.\n"),
            "{text}"
        );
        assert!(!text.contains("\ninjected"), "{text}");
        assert_eq!(
            text.lines().filter(|l| l.starts_with("# TYPE")).count(),
            2,
            "{text}"
        );
    }
    let openmetrics = registry.encode(Format::OpenMetrics).unwrap();
    if let Some((ok, out)) = external::python_openmetrics(
        "from prometheus_client.openmetrics.parser import text_string_to_metric_families as p\nimport sys\nprint(sorted(f.name for f in p(sys.stdin.read())))",
        &openmetrics,
    ) {
        assert!(ok, "{out}");
        assert_eq!(out.trim(), "['frames', 'sent']", "{openmetrics}");
    }
}

/// A hand-written metric's help goes to prometheus-client's encoder, which
/// writes it as given in OpenMetrics: one with a line break is refused.
#[test]
fn a_hand_written_help_with_a_line_break_is_refused() {
    use metrics_runtime::prometheus_client::metrics::counter::Counter as PcCounter;
    let registry = metrics_runtime::Registry::new();
    let err = registry
        .register_metric(
            "evil",
            "line one\n# TYPE evil counter\nevil_total 42\n# EOF",
            None,
            PcCounter::<u64>::default(),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot register a metric named `evil`: its help has a line break, which would end the `# HELP` line of an OpenMetrics scrape; write the help on one line"
    );
    assert_eq!(registry.encode(Format::OpenMetrics).unwrap(), "# EOF\n");
}
