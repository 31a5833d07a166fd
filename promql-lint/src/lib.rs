//! Checks PromQL queries against the families a [`Catalog`] declares.
//!
//! Dashboards and alerts name series, labels, label values and bucket
//! bounds as strings; the declarations know which exist. Each query is
//! parsed with [`promql_parser`] and checked:
//!
//! - every selector names an exported series, with the suffix of its kind
//!   (`_total` for a counter; `_bucket`, `_sum` or `_count` for a histogram;
//!   none for a gauge) and under its family's prefix ([`Rule::UnknownSeries`]);
//! - every matcher names a label the series has, `le` on `_bucket`, or the
//!   target labels `job` and `instance` ([`Rule::UnknownLabel`]);
//! - matchers on enum labels use a declared value ([`Rule::UnknownValue`],
//!   with a did-you-mean), also on metrics mixing them with free-form labels;
//!   an equality matcher on a free-form label names a value no longer than
//!   the metric's `max_value_len` (a longer one is folded into
//!   `__overflow__`, so no series carries it);
//! - `le` matchers name a declared bucket as Prometheus stores it
//!   ([`Rule::BucketBound`]: `le="32"` is the 0.0.4 text form, OpenMetrics
//!   and Prometheus 3 store `le="32.0"`);
//! - the two sides of a binary operation can match ([`Rule::NeverMatches`]),
//!   and one-to-one matching is unique ([`Rule::MissingGroupModifier`]);
//! - counter functions read counters and gauge functions gauges
//!   ([`Rule::CounterFunctionOnGauge`], [`Rule::GaugeFunctionOnCounter`]);
//! - `histogram_quantile()` gets `le` ([`Rule::HistogramWithoutLe`]), and a
//!   difference of two buckets of one histogram subtracts the larger
//!   ([`Rule::BucketDifference`]);
//! - a comparison does not read a counter's raw total
//!   ([`Rule::CounterComparedRaw`]: `errors_total > 0` holds from the first
//!   error until the process restarts; compare `increase()` or `rate()`).
//!
//! The recording rules the catalogue declares are known series: an
//! expression may select them by name.
//!
//! ```
//! use metrics_catalog::Catalog;
//! use metrics_runtime::{metrics_family, Counter, LabelValue};
//! use promql_lint::{lint, Rule, Severity};
//!
//! #[derive(Clone, Copy, LabelValue)]
//! enum Protocol { Snapshot, HashComparison }
//!
//! #[metrics_family(prefix = "sync")]
//! struct Sync {
//!     /// Total sync round trips
//!     #[metric(labels(protocol: Protocol))]
//!     round_trips: Counter,
//!     /// Total entities transferred during sync
//!     entities_transferred: Counter,
//! }
//!
//! let catalog = Catalog::new().with::<Sync>();
//! assert!(lint("sum by (protocol) (rate(sync_round_trips_total[5m]))", &catalog).is_empty());
//!
//! let query = "rate(sync_entities_transferred_total[5m]) / sum(rate(sync_round_trips_total[5m]))";
//! let findings = lint(query, &catalog);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, Rule::NeverMatches);
//! assert_eq!(findings[0].severity, Severity::Error);
//! assert_eq!(&query[findings[0].span.clone()], "/");
//!
//! let findings = lint(r#"sync_round_trips_total{protocol="snapshots"}"#, &catalog);
//! assert!(findings[0].message.ends_with("did you mean `snapshot`?"), "{}", findings[0].message);
//! ```
//!
//! Files of queries: see [`parse_file`] for the format, [`lint_file`] and
//! [`run_cli`].

mod check;
mod locate;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

pub use metrics_catalog::Catalog;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Suspicious: the query may be right, but probably is not what was
    /// meant. Does not fail [`run_cli`].
    Warning,
    /// The query is wrong: it returns nothing, or not what it says.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Which check a finding comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The query does not parse.
    Parse,
    /// A selector names no exported series.
    UnknownSeries,
    /// A matcher names a label the series does not have.
    UnknownLabel,
    /// A matcher on an enum label uses a value it never takes, or one on a
    /// free-form label a value longer than the metric holds.
    UnknownValue,
    /// An `le` matcher names no bucket as Prometheus stores it.
    BucketBound,
    /// The two sides of a binary operation can never match.
    NeverMatches,
    /// One-to-one matching on a side that can have several series per match.
    MissingGroupModifier,
    /// `rate()`, `irate()`, `increase()` or `resets()` of a gauge (an info
    /// metric and a state set are gauges to Prometheus).
    CounterFunctionOnGauge,
    /// `delta()`, `idelta()`, `deriv()` or `predict_linear()` of a counter.
    GaugeFunctionOnCounter,
    /// `histogram_quantile()` of a vector without `le`.
    HistogramWithoutLe,
    /// A lower bucket minus a higher bucket of the same histogram.
    BucketDifference,
    /// A comparison reads a counter's raw total rather than its `rate()` or
    /// `increase()`.
    CounterComparedRaw,
}

impl Rule {
    /// The rule's name in reports: `never-matches`, `bucket-bound`, ...
    pub fn code(self) -> &'static str {
        match self {
            Rule::Parse => "parse",
            Rule::UnknownSeries => "unknown-series",
            Rule::UnknownLabel => "unknown-label",
            Rule::UnknownValue => "unknown-value",
            Rule::BucketBound => "bucket-bound",
            Rule::NeverMatches => "never-matches",
            Rule::MissingGroupModifier => "missing-group-modifier",
            Rule::CounterFunctionOnGauge => "counter-function-on-gauge",
            Rule::GaugeFunctionOnCounter => "gauge-function-on-counter",
            Rule::HistogramWithoutLe => "histogram-without-le",
            Rule::BucketDifference => "bucket-difference",
            Rule::CounterComparedRaw => "counter-compared-raw",
        }
    }
}

/// One problem in one query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// The check that found it.
    pub rule: Rule,
    /// The query, as given.
    pub query: String,
    /// Byte offsets in [`query`](Self::query) of what it is about: the
    /// series name, the matcher, the operator, or the whole query when the
    /// parser gives no position.
    pub span: Range<usize>,
    /// What is wrong, and after a semicolon what to do.
    pub message: String,
}

/// Checks one query against `catalog`. Findings are in query order.
pub fn lint(query: &str, catalog: &Catalog) -> Vec<Finding> {
    let expr = match promql_parser::parser::parse(query) {
        Ok(expr) => expr,
        Err(err) => {
            return vec![Finding {
                severity: Severity::Error,
                rule: Rule::Parse,
                query: query.to_owned(),
                span: 0..query.len(),
                message: format!(
                    "does not parse: {}; fix the syntax",
                    err.trim_end_matches('.')
                ),
            }]
        }
    };
    let mut checker = check::Checker::new(query, catalog);
    checker.check(&expr);
    let mut findings = checker.findings;
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// One query of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The query; a query written over several lines keeps its newlines.
    pub text: String,
    /// The 1-based line of the file it starts on.
    pub line: usize,
    /// The comment right above it, without `#`, if any.
    pub title: Option<String>,
}

impl Query {
    /// The 1-based line and column (in characters) of byte `offset` of the
    /// query, in the file.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = self.line + before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }
}

/// The queries of a file in the lint's format.
///
/// - One query per line. Blank lines are ignored.
/// - A line whose first non-blank character is `#` is a comment; the comment
///   right above a query is its title in reports.
/// - A line that starts with whitespace, with a binary operator character
///   (`/ * % ^ + - = ! < >`), or with `and `, `or `, `unless `, `on(`,
///   `ignoring(`, `group_left` or `group_right` continues the query of the
///   line above (so the reference's two-line queries, whose second line
///   starts with `/` or `-`, are one query each). A comment or blank line
///   ends a query. A query of its own that starts with unary minus must be
///   written in parentheses, `(-x)`.
///
/// ```
/// let file = "# Success rate\nsum(rate(a_total[5m]))\n/ sum(rate(b_total[5m]))\n\nc\n";
/// let queries = promql_lint::parse_file(file);
/// assert_eq!(queries.len(), 2);
/// assert_eq!(queries[0].text, "sum(rate(a_total[5m]))\n/ sum(rate(b_total[5m]))");
/// assert_eq!(queries[0].title.as_deref(), Some("Success rate"));
/// assert_eq!((queries[1].text.as_str(), queries[1].line, queries[1].title.as_deref()), ("c", 5, None));
/// ```
pub fn parse_file(text: &str) -> Vec<Query> {
    let mut queries: Vec<Query> = Vec::new();
    let mut title: Option<String> = None;
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            title = None;
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            open = false;
            title = Some(comment.trim().to_owned());
            continue;
        }
        if open && continues(line) {
            if let Some(query) = queries.last_mut() {
                query.text.push('\n');
                query.text.push_str(line.trim_end());
                continue;
            }
        }
        queries.push(Query {
            text: line.trim_end().to_owned(),
            line: i + 1,
            title: title.take(),
        });
        open = true;
    }
    queries
}

fn continues(line: &str) -> bool {
    if line.starts_with(char::is_whitespace) {
        return true;
    }
    if line.starts_with(['/', '*', '%', '^', '+', '-', '=', '!', '<', '>']) {
        return true;
    }
    [
        "and ",
        "or ",
        "unless ",
        "on(",
        "on (",
        "ignoring",
        "group_left",
        "group_right",
    ]
    .iter()
    .any(|k| line.starts_with(k))
}

/// Each query of a file in [`parse_file`]'s format, with its findings.
pub fn lint_file(text: &str, catalog: &Catalog) -> Vec<(Query, Vec<Finding>)> {
    parse_file(text)
        .into_iter()
        .map(|query| {
            let findings = lint(&query.text, catalog);
            (query, findings)
        })
        .collect()
}

/// The report of a linted file, as [`run_cli`] prints it: each finding with
/// its rule, message, `path:line:column`, the query's lines with the span
/// underlined, and the query's title; then a summary line.
pub fn render_report(path: &str, results: &[(Query, Vec<Finding>)]) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for (query, findings) in results {
        for finding in findings {
            match finding.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            render_finding(&mut out, path, query, finding);
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.push_str(&format!(
        "{}: {}, {}, {}\n",
        path,
        plural(results.len(), "query", "queries"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    ));
    out.replace("1 querys", "1 query")
        .replace("querys", "queries")
}

fn render_finding(out: &mut String, path: &str, query: &Query, finding: &Finding) {
    use fmt::Write as _;
    let (line, column) = query.position(finding.span.start);
    let (end_line, _) = query.position(finding.span.end.saturating_sub(1).max(finding.span.start));
    let width = (query.line + query.text.matches('\n').count())
        .to_string()
        .len();
    let pad = " ".repeat(width);
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        finding.severity,
        finding.rule.code(),
        finding.message
    );
    let _ = writeln!(out, "{pad}--> {path}:{line}:{column}");
    let _ = writeln!(out, "{pad} |");
    let mut offset = 0;
    for (i, text) in query.text.split('\n').enumerate() {
        let number = query.line + i;
        let _ = writeln!(out, "{number:>width$} | {text}");
        let start = offset;
        let end = offset + text.len();
        offset = end + 1;
        if number < line || number > end_line {
            continue;
        }
        let from = finding.span.start.max(start) - start;
        let to = finding
            .span
            .end
            .min(end)
            .max(finding.span.start.max(start) + 1)
            - start;
        let lead = text[..from.min(text.len())].chars().count();
        let marks = text
            .get(from..to.min(text.len()))
            .map_or(1, |s| s.chars().count().max(1));
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(marks));
    }
    if let Some(title) = &query.title {
        let _ = writeln!(out, "{pad} = query: {title}");
    }
    out.push('\n');
}

/// Lints the file at `path` against `catalog`, writes the report to `out`
/// (see [`render_report`]) and returns the process exit code: 0 without
/// errors (warnings allowed), 1 with errors, 2 if the file cannot be read.
///
/// ```
/// use metrics_catalog::Catalog;
/// use metrics_runtime::{metrics_family, Gauge};
///
/// #[metrics_family(prefix = "network_event_channel")]
/// struct Channel {
///     /// Current events waiting in channel
///     depth: Gauge,
/// }
///
/// let dir = std::env::temp_dir().join(format!("promql-lint-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("queries.promql");
/// std::fs::write(&path, "# Channel utilization\nnetwork_event_channel_depth / 1000\n# Drops\nrate(dropped_total[1m]) > 0\n").unwrap();
///
/// let catalog = Catalog::new().with::<Channel>();
/// let mut out = Vec::new();
/// assert_eq!(promql_lint::run_cli(&path, &catalog, &mut out), 1);
/// let report = String::from_utf8(out).unwrap();
/// assert!(report.contains("error[unknown-series]: no series `dropped_total` in the catalogue"), "{report}");
/// assert!(report.ends_with(": 2 queries, 1 error, 0 warnings\n"), "{report}");
/// ```
pub fn run_cli(path: &Path, catalog: &Catalog, out: &mut impl Write) -> i32 {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            let _ = writeln!(out, "error: cannot read {}: {err}", path.display());
            return 2;
        }
    };
    let results = lint_file(&text, catalog);
    let report = render_report(&path.display().to_string(), &results);
    if out.write_all(report.as_bytes()).is_err() {
        return 2;
    }
    let failed = results
        .iter()
        .flat_map(|(_, findings)| findings)
        .any(|f| f.severity == Severity::Error);
    i32::from(failed)
}
