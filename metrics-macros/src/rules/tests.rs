//! The rules against the installed promtool: names built from every list
//! (each unit, prefixed unit, abbreviation and type name as a word, each
//! suffix, camelCase, the reserved labels) as every kind, exported as the
//! 0.0.4 text format writes them and linted by `promtool check metrics`.
//! Every finding of promtool must be one of ours, quoted in our message
//! (but for the `_count` gauge let through on purpose), and every rule of
//! ours said to be promtool's must be what promtool says. Without promtool
//! the comparison is skipped with a notice, unless
//! `METRICS_EXTERNAL_PARSERS=require` (see `scripts/install-test-deps`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::process::{Command, Stdio};

use super::*;
use crate::names::ascii_name;

struct Case {
    prefix: Option<String>,
    name: String,
    unit: Option<String>,
    kind: Kind,
    labels: Vec<String>,
}

impl Case {
    fn new(prefix: Option<&str>, name: &str, unit: Option<&str>, kind: Kind) -> Case {
        Case {
            prefix: prefix.map(str::to_owned),
            name: name.to_owned(),
            unit: unit.map(str::to_owned),
            kind,
            labels: Vec::new(),
        }
    }

    /// The family name promtool lints: a counter's carries `_total`.
    fn family(&self) -> String {
        let mut name = String::new();
        if let Some(p) = &self.prefix {
            name.push_str(p);
            name.push('_');
        }
        name.push_str(&self.name);
        if let Some(u) = &self.unit {
            name.push('_');
            name.push_str(u);
        }
        if self.kind == Kind::Counter {
            name.push_str("_total");
        }
        name
    }

    fn ours(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if let Some(p) = &self.prefix {
            out.extend(prefix(p));
        }
        out.extend(metric_name(&Declared {
            prefix: self.prefix.as_deref(),
            name: &self.name,
            unit: self.unit.as_deref(),
            kind: self.kind,
            taken: &|_| false,
        }));
        for label in &self.labels {
            out.extend(label_name(label, self.kind));
        }
        out
    }

    fn exposition(&self) -> String {
        let family = self.family();
        let labels: Vec<String> = self.labels.iter().map(|l| format!("{l}=\"v\"")).collect();
        let set = |extra: Option<&str>| {
            let mut all = labels.clone();
            all.extend(extra.map(str::to_owned));
            if all.is_empty() {
                String::new()
            } else {
                format!("{{{}}}", all.join(","))
            }
        };
        let (ty, samples) = match self.kind {
            Kind::Counter => ("counter", format!("{family}{} 1\n", set(None))),
            Kind::Gauge | Kind::FloatGauge | Kind::StateSet => {
                ("gauge", format!("{family}{} 1\n", set(None)))
            }
            Kind::Info => ("gauge", format!("{family}_info{} 1\n", set(None))),
            Kind::Histogram | Kind::NativeHistogram => (
                "histogram",
                format!(
                    "{family}_bucket{} 1\n{family}_sum{} 1\n{family}_count{} 1\n",
                    set(Some("le=\"+Inf\"")),
                    set(None),
                    set(None)
                ),
            ),
        };
        format!("# HELP {family} Help.\n# TYPE {family} {ty}\n{samples}")
    }
}

const KINDS: [Kind; 3] = [Kind::Counter, Kind::Gauge, Kind::Histogram];

fn cases() -> Vec<Case> {
    let mut words: Vec<String> = Vec::new();
    words.extend(BASE_UNITS.iter().map(|w| (*w).to_owned()));
    words.extend(NON_BASE_UNITS.iter().map(|(w, _)| (*w).to_owned()));
    words.extend(UNIT_PREFIXES.iter().map(|p| format!("{p}seconds")));
    words.extend(UNIT_PREFIXES.iter().map(|p| format!("{p}bytes")));
    words.extend(PROMTOOL_ABBREVIATIONS.iter().map(|(w, _)| (*w).to_owned()));
    words.extend(MORE_ABBREVIATIONS.iter().map(|(w, _)| (*w).to_owned()));
    words.extend(TYPE_NAMES.iter().map(|w| (*w).to_owned()));
    words.extend(["total", "bucket", "sum", "count", "info", "ratio"].map(str::to_owned));
    let mut cases = Vec::new();
    for kind in KINDS {
        for word in &words {
            // The word last, in the middle and first, in the name.
            cases.push(Case::new(None, &format!("app_{word}"), None, kind));
            cases.push(Case::new(None, &format!("app_{word}_lag"), None, kind));
            cases.push(Case::new(None, &format!("{word}_lag"), None, kind));
            // As the unit, and in the prefix.
            cases.push(Case::new(None, "app_lag", Some(word), kind));
            cases.push(Case::new(Some(&format!("sync_{word}")), "lag", None, kind));
        }
        for name in ["appLag", "app_lag", "lag"] {
            cases.push(Case::new(None, name, None, kind));
        }
        cases.push(Case::new(Some("syncEngine"), "lag", None, kind));
        for label in ["le", "quantile", "peerId", "peer_id"] {
            if kind == Kind::Histogram && label == "le" {
                continue;
            }
            let mut case = Case::new(None, "app_events", None, kind);
            case.name = format!("app_events_{}", label.to_ascii_lowercase());
            case.labels.push(label.to_owned());
            cases.push(case);
        }
    }
    // One family per name: promtool refuses a name typed twice.
    let mut seen = BTreeSet::new();
    cases.retain(|c| seen.insert(c.family()));
    cases
}

/// promtool's findings per family name, or `None` without promtool.
fn promtool(text: &str) -> Option<BTreeMap<String, BTreeSet<String>>> {
    let found = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(promtool) = found else {
        let required = std::env::var("METRICS_EXTERNAL_PARSERS").is_ok_and(|v| v == "require");
        assert!(!required, "promtool is missing and METRICS_EXTERNAL_PARSERS=require is set (on Debian: apt-get install prometheus)");
        eprintln!("notice: promtool is missing; skipping the comparison with its lint list (METRICS_EXTERNAL_PARSERS=require makes it fail)");
        return None;
    };
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning promtool");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("writing to promtool");
    let out = child.wait_with_output().expect("promtool");
    let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
    all.push_str(&String::from_utf8_lossy(&out.stderr));
    assert!(
        !all.contains("error while linting"),
        "promtool could not parse the exposition:\n{all}"
    );
    let mut findings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in all.lines().filter(|l| !l.trim().is_empty()) {
        let (family, finding) = line.split_once(' ').unwrap_or((line, ""));
        findings
            .entry(family.to_owned())
            .or_default()
            .insert(finding.trim().to_owned());
    }
    Some(findings)
}

#[test]
fn promtool_agrees() {
    let cases = cases();
    assert!(cases.len() > 300, "only {} names", cases.len());
    let text: String = cases.iter().map(Case::exposition).collect();
    let Some(findings) = promtool(&text) else {
        return;
    };
    let mut missed = Vec::new();
    let mut unfounded = Vec::new();
    for case in &cases {
        let family = case.family();
        let ours = case.ours();
        let theirs = findings.get(&family).cloned().unwrap_or_default();
        for finding in &theirs {
            let quoted = format!("promtool: {finding}");
            let let_through = matches!(case.kind, Kind::Gauge | Kind::FloatGauge)
                && finding.contains("\"_count\" suffix");
            if !let_through
                && !ours
                    .iter()
                    .any(|p| p.promtool && p.message.contains(&quoted))
            {
                missed.push(format!(
                    "{family}: promtool says {finding:?}; ours: {:?}",
                    ours.iter().map(|p| &p.message).collect::<Vec<_>>()
                ));
            }
        }
        for p in ours.iter().filter(|p| p.promtool) {
            let claimed = p
                .message
                .split("(promtool: ")
                .nth(1)
                .and_then(|rest| rest.split(')').next())
                .unwrap_or_default();
            if !theirs.contains(claimed) {
                unfounded.push(format!(
                    "{family}: we say promtool flags {claimed:?}; it says {theirs:?}"
                ));
            }
        }
    }
    assert!(
        missed.is_empty(),
        "promtool flags names the macro accepts:\n{}",
        missed.join("\n")
    );
    assert!(
        unfounded.is_empty(),
        "rules said to be promtool's that it does not apply:\n{}",
        unfounded.join("\n")
    );
}

fn messages(prefix: Option<&str>, name: &str, unit: Option<&str>, kind: Kind) -> Vec<String> {
    let mut out: Vec<String> = prefix
        .map(super::prefix)
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.message)
        .collect();
    out.extend(
        metric_name(&Declared {
            prefix,
            name,
            unit,
            kind,
            taken: &|_| false,
        })
        .into_iter()
        .map(|p| p.message),
    );
    out
}

#[test]
fn the_false_accepts_are_refused() {
    let total = messages(None, "requests", Some("total"), Kind::Counter);
    assert!(
        total.iter().any(|m| m.contains("requests_total_total")),
        "{total:?}"
    );
    let gauge = messages(None, "inflight_total", None, Kind::Gauge);
    assert!(
        gauge.iter().any(|m| m.contains("make it a `Counter`")),
        "{gauge:?}"
    );
    for abbreviated in ["lag_sec", "lag_secs", "lag_ms"] {
        let m = messages(None, abbreviated, None, Kind::Gauge);
        assert!(
            m.iter()
                .any(|m| m.contains("unit = \"seconds\"") && m.contains("name it `lag`")),
            "{m:?}"
        );
    }
    let double = messages(Some("sync__engine"), "lag", None, Kind::Gauge);
    assert!(
        double
            .iter()
            .any(|m| m.contains("prefix = \"sync_engine\"")),
        "{double:?}"
    );
    let twice = messages(Some("http"), "http_requests", None, Kind::Counter);
    assert!(
        twice
            .iter()
            .any(|m| m.contains("`http_http_requests`") && m.contains("name it `requests`")),
        "{twice:?}"
    );
    // A name that merely starts like the prefix is its own.
    assert!(messages(Some("http"), "https_redirects", None, Kind::Counter).is_empty());
    let leading = messages(Some("sync"), "_phase", None, Kind::Gauge);
    assert!(
        leading
            .iter()
            .any(|m| m.contains("sync__phase") && m.contains("name it `phase`")),
        "{leading:?}"
    );
}

#[test]
fn the_reference_names_pass() {
    for (prefix, name, unit, kind) in [
        (
            Some("sync"),
            "phase_duration",
            Some("seconds"),
            Kind::Histogram,
        ),
        (
            Some("network_event_channel"),
            "dropped",
            None,
            Kind::Counter,
        ),
        (None, "execution_count", None, Kind::Gauge),
        (
            Some("context_group_store"),
            "self_purge_events_dropped",
            None,
            Kind::Counter,
        ),
        (
            Some("calimero_governance"),
            "ops_applied",
            None,
            Kind::Counter,
        ),
    ] {
        assert!(messages(prefix, name, unit, kind).is_empty(), "{name}");
    }
}

#[test]
fn suggestions_are_valid_names() {
    assert_eq!(ascii_name("brañch"), "branch");
    assert_eq!(ascii_name("grüße"), "grusse");
    assert_eq!(ascii_name("a-b"), "a_b");
    assert_eq!(ascii_name("a - b"), "a_b");
    assert_eq!(ascii_name("日本_x"), "x");
    assert_eq!(ascii_name("_x.y"), "_x_y");
}

#[test]
fn a_remedy_is_itself_a_valid_name() {
    // Both suffixes a counter with a unit gets appended come off at once.
    let both = messages(None, "cpu_seconds_total", Some("seconds"), Kind::Counter);
    assert!(both.iter().any(|m| m.contains("name it `cpu`")), "{both:?}");
    assert!(
        !both.iter().any(|m| m.contains("name it `cpu_seconds`")),
        "{both:?}"
    );
    // A stem another metric has is not suggested.
    let taken = metric_name(&Declared {
        prefix: Some("app"),
        name: "latency_sum",
        unit: None,
        kind: Kind::Gauge,
        taken: &|stem| stem == "latency",
    });
    assert!(
        taken.iter().any(|p| p.message.contains(
            "rename it (named `latency`, it would export a name another metric exports)"
        )),
        "{taken:?}"
    );
    assert!(
        !taken
            .iter()
            .any(|p| p.message.contains("name it `latency`")),
        "{taken:?}"
    );
}

#[test]
fn the_labels_prometheus_adds_are_refused_on_metrics_too() {
    for name in ["job", "instance"] {
        let problems = label_name(name, Kind::Counter);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains(&format!("renames a scraped `{name}`"))),
            "{problems:?}"
        );
    }
    assert!(label_name("jobs", Kind::Counter).is_empty());
}
