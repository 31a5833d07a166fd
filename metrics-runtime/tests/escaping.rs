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
use metrics_runtime::{encode, metrics_family, Counter, Format, Histogram, OVERFLOW_LABEL_VALUE};
use proptest::prelude::*;

mod common;

use common::external;

#[metrics_family(prefix = "node")]
struct Node {
    /// Executions per context
    #[metric(labels(context_id: String))]
    executions: Counter,
    /// Execution latency per context
    #[metric(labels(context_id: String), unit = "seconds", buckets = [0.5])]
    latency: Histogram,
}

/// Records every value into both metrics of a fresh family, and checks that
/// each format parses and carries exactly `values` (as a set) back.
fn round_trip(values: &[String]) -> Result<(), String> {
    let node = Node::new();
    let mut registry = Registry::default();
    node.register(&mut registry).map_err(|e| e.to_string())?;
    for v in values {
        node.executions.inc(v);
        node.latency.observe(v, 1.0);
    }
    let expected: BTreeSet<&str> = values.iter().map(String::as_str).collect();
    for (format, openmetrics, counter) in [
        (Format::OpenMetrics, true, "node_executions_total"),
        (Format::Text, false, "node_executions_total"),
    ] {
        let text = encode(&registry, format).map_err(|e| e.to_string())?;
        let parsed = common::parse(&text, openmetrics).map_err(|e| format!("{format:?}: {e}"))?;
        for sample in [
            counter,
            "node_latency_seconds_count",
            "node_latency_seconds_bucket",
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
    for sample in ["node_executions_total", "node_latency_seconds_count"] {
        let got: BTreeSet<&str> = parsed[sample].iter().map(String::as_str).collect();
        assert_eq!(got, expected, "{sample}");
    }
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
