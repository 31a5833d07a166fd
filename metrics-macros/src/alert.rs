//! Alerting and recording rules declared beside the metrics: the grammar of
//! `alert(...)` and `record(...)` (in `#[metric(...)]` or
//! `#[metrics_family(...)]`), the model, and the compile-time check of each
//! expression against the family.
//!
//! ```text
//! #[metric(alert(
//!     name = "SyncFailureRateHigh",              // alertname
//!     expr = "sum by (protocol) (rate(sync_failures_total[5m])) > 0.1",
//!     for = "5m",                                // optional
//!     severity = "warning",                      // critical | warning | info
//!     labels(team = "sync"),                     // optional
//!     summary = "...",                           // default: the metric's help
//!     description = "...",                       // optional
//!     annotations(runbook_url = "..."),          // optional
//!     lint_allow = "counter-compared-raw",       // optional, promql-lint rule codes
//! ))]
//! #[metric(record(name = "job:x:rate5m", expr = "...", labels(..)))]
//! ```
//!
//! The check (see [`check`]): the expression parses ([`crate::promql`]);
//! every series it selects that belongs to the family (under its prefix, or
//! close to one of its names) is one the family exports, with the suffix of
//! its kind; matchers name the series' labels, `le` only on a histogram's
//! `_bucket`, with a declared bound; enum label values are checked against
//! the enum by a `const` the expansion evaluates (the enum's values are
//! another macro's output); label lists (`by`, `on`, ...) name labels the
//! selected series have. A rule on a metric must select that metric.
//! Series of other families are left to `promql-lint`.

use darling::ast::NestedMeta;
use darling::FromMeta;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Lit, Meta};

use crate::ast::{Family, Kind, Label, Metric};
use crate::ctxt::Ctxt;
use crate::names::{closest, is_valid_name};
use crate::promql::{self, MatchOp, Node, Selector};

pub const ALERT_KEYS: &[&str] = &[
    "name",
    "expr",
    "for",
    "severity",
    "labels",
    "summary",
    "description",
    "annotations",
    "lint_allow",
];
pub const RECORD_KEYS: &[&str] = &["name", "expr", "labels", "lint_allow"];
const SEVERITIES: &[&str] = &["critical", "warning", "info"];
/// Labels Prometheus puts on every scraped series, from the target.
const TARGET_LABELS: &[&str] = &["job", "instance"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    Alert,
    Record,
}

impl RuleKind {
    fn word(self) -> &'static str {
        match self {
            RuleKind::Alert => "alert",
            RuleKind::Record => "recording rule",
        }
    }
}

/// A string as written, with the span of its literal.
#[derive(Clone, Debug)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// `key = "value"` in `labels(...)` or `annotations(...)`.
#[derive(Clone, Debug)]
pub struct Pair {
    pub key: String,
    pub key_span: Span,
    pub value: Text,
}

/// One `alert(...)` or `record(...)`, as read.
#[derive(Clone, Debug)]
pub struct Rule {
    pub kind: RuleKind,
    /// The `alert(...)`/`record(...)` item.
    pub span: Span,
    pub name: Option<Text>,
    pub expr: Option<Text>,
    pub for_duration: Option<Text>,
    pub severity: Option<Text>,
    pub labels: Vec<Pair>,
    pub summary: Option<Text>,
    pub description: Option<Text>,
    pub annotations: Vec<Pair>,
    pub lint_allow: Option<Text>,
}

impl Rule {
    /// The name, or a placeholder when it is missing (already an error).
    pub fn name(&self) -> &str {
        self.name.as_ref().map_or("?", |n| n.value.as_str())
    }

    /// The expression, trimmed.
    pub fn expr(&self) -> &str {
        self.expr.as_ref().map_or("", |e| e.value.trim())
    }

    /// The span errors about the expression point at.
    pub fn expr_span(&self) -> Span {
        self.expr.as_ref().map_or(self.span, |e| e.span)
    }

    pub fn line(&self) -> u32 {
        self.span.start().line as u32
    }

    /// The codes of `lint_allow`, split on commas.
    pub fn lint_allow(&self) -> Vec<String> {
        self.lint_allow.as_ref().map_or_else(Vec::new, |t| {
            t.value
                .split(',')
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect()
        })
    }

    fn what(&self) -> String {
        format!("{} `{}`", self.kind.word(), self.name())
    }
}

/// `alert(...)`: darling's receiver, with its own key handling so every
/// mistake gets this grammar's message.
#[derive(Debug)]
pub struct AlertAttr(pub Rule);

/// `record(...)`.
#[derive(Debug)]
pub struct RecordAttr(pub Rule);

impl FromMeta for AlertAttr {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        read(item, RuleKind::Alert).map(AlertAttr)
    }
}

impl FromMeta for RecordAttr {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        read(item, RuleKind::Record).map(RecordAttr)
    }
}

fn example(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Alert => {
            "`alert(name = \"SyncFailures\", expr = \"rate(sync_failures_total[5m]) > 0\", severity = \"warning\")`"
        }
        RuleKind::Record => {
            "`record(name = \"job:sync_failures:rate5m\", expr = \"sum by (job) (rate(sync_failures_total[5m]))\")`"
        }
    }
}

fn read(item: &Meta, kind: RuleKind) -> darling::Result<Rule> {
    let word = match kind {
        RuleKind::Alert => "alert",
        RuleKind::Record => "record",
    };
    let keys = match kind {
        RuleKind::Alert => ALERT_KEYS,
        RuleKind::Record => RECORD_KEYS,
    };
    let Meta::List(list) = item else {
        return Err(darling::Error::custom(format!(
            "`{word}` takes a list of keys; write {}",
            example(kind)
        ))
        .with_span(item));
    };
    let items = NestedMeta::parse_meta_list(list.tokens.clone()).map_err(|e| {
        darling::Error::custom(format!(
            "cannot read `{word}(...)`: {}; write {}",
            crate::attr::lowercase_first(&e.to_string()),
            example(kind)
        ))
        .with_span(&crate::attr::at(e.span()))
    })?;
    let mut rule = Rule {
        kind,
        span: item.span(),
        name: None,
        expr: None,
        for_duration: None,
        severity: None,
        labels: Vec::new(),
        summary: None,
        description: None,
        annotations: Vec::new(),
        lint_allow: None,
    };
    let mut errors = darling::Error::accumulator();
    let mut seen: Vec<String> = Vec::new();
    for nested in items {
        let NestedMeta::Meta(meta) = nested else {
            errors.push(
                darling::Error::custom(format!(
                    "`{word}(...)` takes `key = \"value\"` pairs; write {}",
                    example(kind)
                ))
                .with_span(&nested),
            );
            continue;
        };
        let key = meta
            .path()
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let key = key.strip_prefix("r#").unwrap_or(&key).to_owned();
        if !keys.contains(&key.as_str()) {
            let hint = nearest_or_list(&key, keys, "expected one of");
            let extra = if kind == RuleKind::Record && ALERT_KEYS.contains(&key.as_str()) {
                " (a recording rule stores a series and fires nothing; declare an `alert(...)` for that)"
            } else {
                ""
            };
            errors.push(
                darling::Error::custom(format!(
                    "unknown key `{key}` in `{word}(...)`{extra}; {hint}"
                ))
                .with_span(meta.path()),
            );
            continue;
        }
        if seen.contains(&key) {
            errors.push(
                darling::Error::custom(format!(
                    "duplicate key `{key}` in `{word}(...)`; give it once"
                ))
                .with_span(meta.path()),
            );
            continue;
        }
        seen.push(key.clone());
        match key.as_str() {
            "labels" | "annotations" => match pairs(&meta, &key) {
                Ok(p) if key == "labels" => rule.labels = p,
                Ok(p) => rule.annotations = p,
                Err(e) => errors.push(e),
            },
            _ => match text(&meta, &key) {
                Ok(t) => {
                    let slot = match key.as_str() {
                        "name" => &mut rule.name,
                        "expr" => &mut rule.expr,
                        "for" => &mut rule.for_duration,
                        "severity" => &mut rule.severity,
                        "summary" => &mut rule.summary,
                        "description" => &mut rule.description,
                        _ => &mut rule.lint_allow,
                    };
                    *slot = Some(t);
                }
                Err(e) => errors.push(e),
            },
        }
    }
    for required in ["name", "expr"]
        .into_iter()
        .chain((kind == RuleKind::Alert).then_some("severity"))
    {
        if !seen.iter().any(|k| k == required) {
            let form = match required {
                "name" if kind == RuleKind::Alert => "`name = \"SyncFailureRateHigh\"`",
                "name" => "`name = \"job:sync_failures:rate5m\"`",
                "expr" => "`expr = \"rate(sync_failures_total[5m]) > 0\"`",
                _ => "`severity = \"warning\"` (or `critical`, `info`)",
            };
            errors.push(
                darling::Error::custom(format!("`{word}(...)` has no `{required}`; add {form}"))
                    .with_span(&item.path()),
            );
        }
    }
    errors.finish_with(rule)
}

fn example_value(key: &str) -> &'static str {
    match key {
        "name" => "`name = \"SyncFailureRateHigh\"`",
        "expr" => "`expr = \"rate(sync_failures_total[5m]) > 0\"`",
        "for" => "`for = \"5m\"`",
        "severity" => "`severity = \"warning\"`",
        "summary" => "`summary = \"Sync failures on {{ $labels.instance }}\"`",
        "description" => "`description = \"...\"`",
        "lint_allow" => "`lint_allow = \"counter-compared-raw\"`",
        "labels" => "`labels(team = \"sync\")`",
        _ => "`annotations(runbook_url = \"https://...\")`",
    }
}

/// `key = "string"`.
fn text(meta: &Meta, key: &str) -> darling::Result<Text> {
    let wrong = || {
        darling::Error::custom(format!(
            "`{key}` takes a string; write {}",
            example_value(key)
        ))
    };
    let Meta::NameValue(nv) = meta else {
        return Err(wrong().with_span(meta));
    };
    match &nv.value {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(Text {
            value: s.value(),
            span: s.span(),
        }),
        other => Err(wrong().with_span(other)),
    }
}

/// `labels(team = "sync", ...)`.
fn pairs(meta: &Meta, key: &str) -> darling::Result<Vec<Pair>> {
    let wrong = |span: Span| {
        darling::Error::custom(format!(
            "`{key}` takes `name = \"value\"` pairs; write {}",
            example_value(key)
        ))
        .with_span(&crate::attr::at(span))
    };
    let Meta::List(list) = meta else {
        return Err(wrong(meta.span()));
    };
    let items = NestedMeta::parse_meta_list(list.tokens.clone()).map_err(|e| wrong(e.span()))?;
    let mut out = Vec::new();
    let mut errors = darling::Error::accumulator();
    for item in items {
        let NestedMeta::Meta(Meta::NameValue(nv)) = &item else {
            errors.push(wrong(item.span()));
            continue;
        };
        let Some(ident) = nv.path.get_ident() else {
            errors.push(wrong(nv.path.span()));
            continue;
        };
        let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = &nv.value
        else {
            errors.push(wrong(nv.value.span()));
            continue;
        };
        let name = syn::ext::IdentExt::unraw(ident).to_string();
        out.push(Pair {
            key: name,
            key_span: ident.span(),
            value: Text {
                value: s.value(),
                span: s.span(),
            },
        });
    }
    errors.finish_with(out)
}

/// The rules of a family or a metric, alerts first, in declaration order.
pub fn collect(alerts: Vec<AlertAttr>, records: Vec<RecordAttr>) -> Vec<Rule> {
    alerts
        .into_iter()
        .map(|a| a.0)
        .chain(records.into_iter().map(|r| r.0))
        .collect()
}

// --- Checks -----------------------------------------------------------------

/// A series the family exports.
struct Sample<'a> {
    name: String,
    metric: &'a Metric,
    /// The family's constant labels, on every sample of each instance.
    consts: &'a [crate::ast::Label],
    /// `_total`, `""`, `_bucket`, `_sum`, `_count`, or `_overflow_total`.
    suffix: &'static str,
}

impl Sample<'_> {
    fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = self.consts.iter().map(|l| l.exported.as_str()).collect();
        if self.suffix == "_overflow_total" {
            return labels;
        }
        labels.extend(self.metric.label_list().iter().map(|l| l.exported.as_str()));
        if self.suffix == "_bucket" {
            labels.push("le");
        }
        if self.metric.kind == Kind::StateSet {
            // The state label, named as the metric.
            labels.push(self.name.as_str());
        }
        labels
    }
}

fn samples(family: &Family) -> Vec<Sample<'_>> {
    let mut out = Vec::new();
    for metric in &family.metrics {
        let base = crate::check::exported_name(family, metric);
        let suffixes: &[&'static str] = match metric.kind {
            Kind::Counter => &["_total"],
            Kind::Gauge | Kind::FloatGauge | Kind::StateSet => &[""],
            Kind::Info => &["_info"],
            Kind::Histogram => &["_bucket", "_sum", "_count"],
            // The bare name: the native series Prometheus stores from a
            // protobuf scrape.
            Kind::NativeHistogram => &["", "_bucket", "_sum", "_count"],
        };
        for suffix in suffixes {
            out.push(Sample {
                name: format!("{base}{suffix}"),
                metric,
                consts: family.const_label_list(),
                suffix,
            });
        }
        if metric.is_free() {
            out.push(Sample {
                name: format!("{base}_overflow_total"),
                metric,
                consts: family.const_label_list(),
                suffix: "_overflow_total",
            });
        }
    }
    out
}

/// What a selector's name resolves to.
enum Resolved<'s, 'a> {
    Sample(&'s Sample<'a>),
    /// A recording rule of this family.
    Record,
    /// Not this family's: left to `promql-lint`.
    Foreign,
}

/// An enum label's value in a matcher, checked by the expansion.
pub struct EnumValue<'a> {
    pub rule: String,
    pub metric: &'a Metric,
    pub label: &'a Label,
    /// The matcher as written: `class="signing_key"`.
    pub matcher: String,
    pub value: String,
    /// The expression's literal, where a miss is reported.
    pub span: Span,
}

/// Every rule of the family with the metric it is declared on (`None`: on
/// the family).
pub fn rules(family: &Family) -> impl Iterator<Item = (Option<&Metric>, &Rule)> {
    family.rules.iter().map(|r| (None, r)).chain(
        family
            .metrics
            .iter()
            .flat_map(|m| m.rules.iter().map(move |r| (Some(m), r))),
    )
}

pub fn check(ctxt: &mut Ctxt, family: &Family) {
    let samples = samples(family);
    let records: Vec<&str> = rules(family)
        .filter(|(_, r)| r.kind == RuleKind::Record)
        .filter_map(|(_, r)| r.name.as_ref().map(|n| n.value.as_str()))
        .collect();
    let mut seen: Vec<String> = Vec::new();
    for (metric, rule) in rules(family) {
        fields(ctxt, metric, rule);
        duplicate_rule(ctxt, &mut seen, rule);
        record_shadows_a_series(ctxt, &samples, rule);
        if rule.expr.is_some() {
            expression(
                ctxt,
                family,
                &samples,
                &records,
                metric,
                rule,
                &mut Vec::new(),
            );
        }
    }
}

/// The enum label values the expressions match, for the expansion to check
/// (an expression that did not pass [`check`] yields none).
pub fn enum_values(family: &Family) -> Vec<EnumValue<'_>> {
    let samples = samples(family);
    let records: Vec<&str> = rules(family)
        .filter(|(_, r)| r.kind == RuleKind::Record)
        .filter_map(|(_, r)| r.name.as_ref().map(|n| n.value.as_str()))
        .collect();
    let mut out = Vec::new();
    for (metric, rule) in rules(family) {
        let mut ctxt = Ctxt::default();
        let mut values = Vec::new();
        expression(
            &mut ctxt,
            family,
            &samples,
            &records,
            metric,
            rule,
            &mut values,
        );
        if !ctxt.has_errors() {
            out.extend(values);
        }
    }
    out
}

/// A rule of the name and labels (severity among them) of one before it in
/// the family: promtool refuses the rule file ("duplicate rule(s) found"),
/// whatever their expressions. Alerts of one name told apart by severity
/// (a warning and a critical threshold) are fine.
fn duplicate_rule(ctxt: &mut Ctxt, seen: &mut Vec<String>, rule: &Rule) {
    let mut labels: Vec<(&str, &str)> = rule
        .labels
        .iter()
        .map(|p| (p.key.as_str(), p.value.value.as_str()))
        .collect();
    labels.sort_unstable();
    let severity = rule.severity.as_ref().map_or("", |s| s.value.trim());
    let key = format!("{}\n{severity}\n{labels:?}", rule.name());
    if seen.contains(&key) {
        ctxt.error(
            rule.span,
            format!(
                "{} is declared twice with the same labels (its severity among them), and promtool refuses a rule file with two rules of one name and labels, whatever their expressions; remove one, or tell them apart by `severity` or a label",
                rule.what()
            ),
        );
    } else {
        seen.push(key);
    }
}

/// A recording rule named as a series the family exports: Prometheus would
/// store the rule's result as that series, beside (and clashing with) the
/// scraped one.
fn record_shadows_a_series(ctxt: &mut Ctxt, samples: &[Sample<'_>], rule: &Rule) {
    let (RuleKind::Record, Some(name)) = (rule.kind, &rule.name) else {
        return;
    };
    let Some(sample) = samples.iter().find(|s| s.name == name.value) else {
        return;
    };
    ctxt.error(
        name.span,
        format!(
            "recording rule `{}` is named as the series `{}` exports; its result would be stored beside the scraped series, under the same name; name it `level:metric:operations`, e.g. `job:{}:sum`",
            name.value, sample.metric.field, name.value
        ),
    );
}

/// The keys other than the expression.
fn fields(ctxt: &mut Ctxt, metric: Option<&Metric>, rule: &Rule) {
    let what = rule.what();
    if let Some(name) = &rule.name {
        let n = &name.value;
        match rule.kind {
            RuleKind::Alert if !is_valid_name(n) => ctxt.error(
                name.span,
                format!(
                    "invalid alert name `{n}`: {}; alert names are usually UpperCamelCase, e.g. `SyncFailureRateHigh`",
                    crate::names::why_invalid(n)
                ),
            ),
            RuleKind::Record if !valid_record_name(n) => ctxt.error(
                name.span,
                format!(
                    "invalid recording rule name `{n}`: use letters, digits, `_` and `:`, not starting with a digit, e.g. `job:sync_failures:rate5m` (level:metric:operations)"
                ),
            ),
            _ => {}
        }
    }
    if rule.expr.is_some() && rule.expr().is_empty() {
        ctxt.error(
            rule.expr_span(),
            format!("the expression of {what} is empty; write the PromQL it evaluates"),
        );
    }
    if let Some(d) = &rule.for_duration {
        if !promql::valid_duration(d.value.trim()) {
            ctxt.error(
                d.span,
                format!(
                    "`for = \"{}\"` is not a Prometheus duration; write e.g. `\"5m\"`, `\"1h30m\"` or `\"30s\"` (units `y`, `w`, `d`, `h`, `m`, `s`, `ms`, largest first)",
                    d.value
                ),
            );
        }
    }
    if let Some(s) = &rule.severity {
        if !SEVERITIES.contains(&s.value.as_str()) {
            let hint = match closest(&s.value.to_lowercase(), SEVERITIES) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            ctxt.error(
                s.span,
                format!(
                    "unknown severity `{}`; {hint}the severities are `critical` (page now), `warning` and `info`",
                    s.value
                ),
            );
        }
    }
    if rule.kind == RuleKind::Alert && rule.summary.is_none() && metric.is_none() {
        ctxt.error(
            rule.name.as_ref().map_or(rule.span, |n| n.span),
            format!("{what} is declared on the family, so it has no metric help to summarise it; add `summary = \"...\"`"),
        );
    }
    if rule.kind == RuleKind::Alert && rule.summary.is_none() {
        if let Some(m) = metric {
            if m.help.is_none() {
                ctxt.error(
                    rule.name.as_ref().map_or(rule.span, |n| n.span),
                    format!("{what} has no `summary`, and `{}` no doc comment to take it from; add `summary = \"...\"` or a `///` help line", m.field),
                );
            }
        }
    }
    let reserved: &[&str] = match rule.kind {
        RuleKind::Alert => &["alertname", "severity"],
        RuleKind::Record => &["__name__"],
    };
    pair_names(ctxt, &rule.labels, "labels", reserved);
    pair_names(
        ctxt,
        &rule.annotations,
        "annotations",
        &["summary", "description"],
    );
    for text in [&rule.summary, &rule.description]
        .into_iter()
        .flatten()
        .chain(rule.labels.iter().map(|p| &p.value))
        .chain(rule.annotations.iter().map(|p| &p.value))
    {
        template(ctxt, text);
    }
    if let Some(allow) = &rule.lint_allow {
        let codes = rule.lint_allow();
        let bad = codes
            .iter()
            .find(|c| !c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'));
        if codes.is_empty() || bad.is_some() {
            ctxt.error(
                allow.span,
                "`lint_allow` lists promql-lint rule codes, comma-separated, e.g. `lint_allow = \"counter-compared-raw\"`",
            );
        } else if let Some(unknown) = codes.iter().find(|c| !LINT_CODES.contains(&c.as_str())) {
            // An unknown code would allow nothing, silently.
            let hint = nearest_or_list(unknown, LINT_CODES, "the codes are");
            ctxt.error(
                allow.span,
                format!(
                    "`{unknown}` is no promql-lint rule code, so it would allow nothing; {hint}"
                ),
            );
        }
    }
}

/// "did you mean `x`?" for the candidate nearest `word`, else `intro` and
/// every candidate, quoted: the hint of an unknown key, code, series or
/// label.
fn nearest_or_list(word: &str, candidates: &[&str], intro: &str) -> String {
    match closest(word, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "{intro} {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// promql-lint's rule codes (its `Rule::code`), which `lint_allow` names; a
/// test reads them from the lint's source.
pub const LINT_CODES: &[&str] = &[
    "parse",
    "unknown-series",
    "unknown-label",
    "unknown-value",
    "bucket-bound",
    "never-matches",
    "missing-group-modifier",
    "counter-function-on-gauge",
    "gauge-function-on-counter",
    "histogram-without-le",
    "bucket-difference",
    "counter-compared-raw",
];

fn valid_record_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn pair_names(ctxt: &mut Ctxt, pairs: &[Pair], key: &str, reserved: &[&str]) {
    let mut seen: Vec<&str> = Vec::new();
    for pair in pairs {
        let k = pair.key.as_str();
        if seen.contains(&k) {
            ctxt.error(
                pair.key_span,
                format!("duplicate `{k}` in `{key}(...)`; give it once"),
            );
        }
        seen.push(k);
        if k.starts_with("__") {
            ctxt.error(
                pair.key_span,
                format!("`{k}` starts with `__`, which Prometheus reserves; rename it"),
            );
        } else if reserved.contains(&k) {
            let remedy = match k {
                "severity" => "give it with `severity = \"...\"`",
                "summary" | "description" => "give it with its own key, e.g. `summary = \"...\"`",
                _ => "Prometheus sets it; remove it",
            };
            ctxt.error(
                pair.key_span,
                format!("`{k}` cannot be set in `{key}(...)`; {remedy}"),
            );
        }
    }
}

/// Go templates (`{{ $labels.instance }}`) in a label or annotation open and
/// close in pairs.
fn template(ctxt: &mut Ctxt, text: &Text) {
    let mut rest = text.value.as_str();
    let mut actions = Vec::new();
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        match (after.find("}}"), after.find("{{")) {
            (Some(close), next) if next.is_none_or(|n| n > close) => {
                actions.push(&after[..close]);
                rest = &after[close + 2..];
            }
            _ => {
                ctxt.error(
                    text.span,
                    "a template `{{` here is not closed by `}}`; close it, e.g. `{{ $labels.instance }}`",
                );
                return;
            }
        }
    }
    template_variables(ctxt, text, &actions);
}

/// The variables an alert's texts are rendered with (Prometheus'
/// `AlertTemplateData`), beside `$` itself.
const TEMPLATE_VARIABLES: &[&str] = &["labels", "value", "externalLabels", "externalURL"];

/// Each `$name` in the template's `actions` is one Prometheus gives, or one
/// the template declares (`{{ $x := .. }}`, `{{ range $i, $e := .. }}`):
/// promtool refuses any other (`undefined variable "$label"`).
fn template_variables(ctxt: &mut Ctxt, text: &Text, actions: &[&str]) {
    let names = |action: &'_ str| -> Vec<(usize, String)> {
        action
            .match_indices('$')
            .map(|(at, _)| {
                let name: String = action[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                (at + 1 + name.len(), name)
            })
            .filter(|(_, name)| !name.is_empty())
            .collect()
    };
    let mut declared: Vec<String> = Vec::new();
    for action in actions {
        for (end, name) in names(action) {
            let after = action[end..].trim_start();
            if after.starts_with(":=") || after.starts_with(',') {
                declared.push(name);
            }
        }
    }
    for action in actions {
        for (_, name) in names(action) {
            if TEMPLATE_VARIABLES.contains(&name.as_str()) || declared.contains(&name) {
                continue;
            }
            let known: Vec<String> = TEMPLATE_VARIABLES.iter().map(|v| format!("${v}")).collect();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let hint = nearest_or_list(&format!("${name}"), &known, "the texts have");
            ctxt.error(
                text.span,
                format!("`${name}` is no variable of an alert's template, and promtool refuses the rule file for it; {hint}"),
            );
            return;
        }
    }
}

/// The expression: parses, then its selectors and label lists against the
/// family. Enum values matched are pushed to `values`.
#[allow(clippy::too_many_arguments)]
fn expression<'a>(
    ctxt: &mut Ctxt,
    family: &'a Family,
    samples: &[Sample<'a>],
    records: &[&str],
    metric: Option<&Metric>,
    rule: &Rule,
    values: &mut Vec<EnumValue<'a>>,
) {
    let text = rule.expr();
    if text.is_empty() {
        return;
    }
    let span = rule.expr_span();
    let what = rule.what();
    let node = match promql::parse_typed(text) {
        // Prometheus evaluates a rule to an instant vector or a scalar; a
        // range vector or a string fails at every evaluation.
        Ok((_, ty @ (promql::Type::Range | promql::Type::Str))) => {
            let hint = if ty == promql::Type::Range {
                "wrap the range in a function over time, e.g. `rate(x[5m])` or `max_over_time(x[5m])`"
            } else {
                "a string is no series: select a metric"
            };
            ctxt.error(
                span,
                format!(
                    "{what} gives {}, and Prometheus evaluates a rule only to an instant vector or a scalar (every evaluation would fail); {hint}",
                    ty.name()
                ),
            );
            return;
        }
        Ok((node, _)) => node,
        Err(e) => {
            ctxt.error(
                span,
                format!(
                    "invalid PromQL in {what}, {}: {}",
                    position(text, e.at),
                    e.message
                ),
            );
            return;
        }
    };
    let mut selected: Vec<&Sample<'a>> = Vec::new();
    let mut complete = true;
    let mut unknown = false;
    for selector in node.selectors() {
        match resolve(ctxt, family, samples, records, selector, &what, span) {
            Some(Resolved::Sample(sample)) => {
                matchers(ctxt, sample, selector, rule, span, values);
                selected.push(sample);
            }
            Some(Resolved::Record | Resolved::Foreign) => complete = false,
            None if selector.name.is_some() => unknown = true,
            None => complete = false,
        }
    }
    if complete && !unknown {
        label_lists(ctxt, &node, &selected, &what, span);
    }
    if rule.kind == RuleKind::Alert {
        labels_in_templates(ctxt, rule, &node, &what);
    }
    // A misspelt name is reported already; the rule then selects nothing.
    if let (Some(metric), false) = (metric, unknown) {
        if !selected.iter().any(|s| s.metric.field == metric.field) {
            let names: Vec<String> = samples
                .iter()
                .filter(|s| s.metric.field == metric.field && s.suffix != "_overflow_total")
                .map(|s| format!("`{}`", s.name))
                .collect();
            ctxt.error(
                span,
                format!(
                    "{what} is declared on `{}` but its expression does not select it ({}); select it, or declare the rule on the family, in `#[metrics_family({}(...))]`",
                    metric.field,
                    names.join(", "),
                    if rule.kind == RuleKind::Alert { "alert" } else { "record" },
                ),
            );
        }
    }
}

/// An alert's texts are rendered with the labels of the series that fires
/// (`$labels`): one the expression's outermost aggregation drops renders
/// empty (`{{ $labels.instance }}` after `sum(..)`).
fn labels_in_templates(ctxt: &mut Ctxt, rule: &Rule, node: &promql::Node, what: &str) {
    let Some(kept) = node.kept_labels() else {
        return;
    };
    let texts = [
        ("summary", &rule.summary),
        ("description", &rule.description),
    ]
    .into_iter()
    .filter_map(|(field, text)| Some((field, text.as_ref()?)))
    .chain(
        rule.labels
            .iter()
            .chain(&rule.annotations)
            .map(|p| (p.key.as_str(), &p.value)),
    );
    for (field, text) in texts {
        for (at, _) in text.value.match_indices("$labels.") {
            let rest = &text.value[at + "$labels.".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let label = &rest[..end];
            if label.is_empty() || kept.iter().any(|k| k == label) {
                continue;
            }
            let keeps = if kept.is_empty() {
                "no label (it has no `by (..)`)".to_owned()
            } else {
                let listed: Vec<String> = kept.iter().map(|k| format!("`{k}`")).collect();
                format!("only {}", listed.join(", "))
            };
            ctxt.error(
                text.span,
                format!(
                    "{what}: `$labels.{label}` in `{field}` renders empty: the series it fires for come out of the expression's outermost aggregation, which keeps {keeps}; add `{label}` to its `by (..)`, or leave `$labels.{label}` out"
                ),
            );
        }
    }
}

/// "column 12" or "line 2, column 3" of byte `at` of `text`.
fn position(text: &str, at: usize) -> String {
    let column = promql::column(text, at);
    if text.contains('\n') {
        format!("line {}, column {column}", promql::line(text, at))
    } else {
        format!("column {column}")
    }
}

fn resolve<'s, 'a>(
    ctxt: &mut Ctxt,
    family: &Family,
    samples: &'s [Sample<'a>],
    records: &[&str],
    selector: &Selector,
    what: &str,
    span: Span,
) -> Option<Resolved<'s, 'a>> {
    let (name, _) = selector.name.as_ref()?;
    if let Some(sample) = samples.iter().find(|s| s.name == *name) {
        return Some(Resolved::Sample(sample));
    }
    if records.contains(&name.as_str()) {
        return Some(Resolved::Record);
    }
    // `:` is for recording rules, which another family may declare; one
    // close to this family's own is a typo.
    if name.contains(':') {
        let Some(near) = closest(name, records) else {
            return Some(Resolved::Foreign);
        };
        ctxt.error(
            span,
            format!(
                "{what}: no recording rule `{name}` in `{}`; did you mean `{near}`?",
                family.ident
            ),
        );
        return None;
    }
    let names: Vec<&str> = samples.iter().map(|s| s.name.as_str()).collect();
    // A known metric under the wrong suffix for its kind.
    for metric in &family.metrics {
        let base = crate::check::exported_name(family, metric);
        let Some(suffix) = name.strip_prefix(base.as_str()) else {
            continue;
        };
        if !(suffix.is_empty()
            || ["_total", "_bucket", "_sum", "_count", "_created", "_info"].contains(&suffix))
        {
            continue;
        }
        let own: Vec<String> = samples
            .iter()
            .filter(|s| s.metric.field == metric.field && s.suffix != "_overflow_total")
            .map(|s| format!("`{}`", s.name))
            .collect();
        let message = match metric.kind {
            Kind::Counter => format!(
                "{what}: `{name}` is not a series: the counter `{}` is exported as `{base}_total`; select `{base}_total`",
                metric.field
            ),
            Kind::Histogram => format!(
                "{what}: `{name}` is not a series: the histogram `{}` exports {}; select one of them (`_bucket` with `le` for quantiles)",
                metric.field,
                own.join(", ")
            ),
            Kind::NativeHistogram => format!(
                "{what}: `{name}` is not a series: the native histogram `{}` exports {}; select one of them (the bare name for quantiles)",
                metric.field,
                own.join(", ")
            ),
            Kind::Gauge | Kind::FloatGauge => format!(
                "{what}: `{name}` is not a series: the gauge `{}` is exported as `{base}`, with no suffix; select `{base}`",
                metric.field
            ),
            Kind::StateSet => format!(
                "{what}: `{name}` is not a series: the state set `{}` is exported as `{base}`, with no suffix; select `{base}`",
                metric.field
            ),
            Kind::Info => format!(
                "{what}: `{name}` is not a series: the info metric `{}` is exported as `{base}_info`; select `{base}_info`",
                metric.field
            ),
        };
        ctxt.error(span, message);
        return None;
    }
    let prefixed = family
        .prefix
        .as_ref()
        .is_some_and(|(p, _)| name.starts_with(&format!("{p}_")));
    let near = closest(name, &names);
    if !prefixed && near.is_none() {
        return Some(Resolved::Foreign);
    }
    let hint = nearest_or_list(name, &names, "the family's series are");
    let family_name = &family.ident;
    ctxt.error(
        span,
        format!("{what}: no series `{name}` in `{family_name}`; {hint}"),
    );
    None
}

fn matchers<'a>(
    ctxt: &mut Ctxt,
    sample: &Sample<'a>,
    selector: &Selector,
    rule: &Rule,
    span: Span,
    values: &mut Vec<EnumValue<'a>>,
) {
    let what = rule.what();
    let series = &sample.name;
    for m in &selector.matchers {
        let shown = format!("{}{}\"{}\"", m.label, m.op.as_str(), m.value);
        if m.label == "__name__" || TARGET_LABELS.contains(&m.label.as_str()) {
            continue;
        }
        if m.label == "le" {
            le_matcher(ctxt, sample, m, &shown, &what, span);
            continue;
        }
        // A constant label's values are the instances', known at run time.
        if sample.consts.iter().any(|l| l.exported == m.label) {
            continue;
        }
        let Some(label) = sample
            .labels()
            .contains(&m.label.as_str())
            .then(|| {
                sample
                    .metric
                    .label_list()
                    .iter()
                    .chain(&sample.metric.state)
                    .find(|l| l.exported == m.label)
            })
            .flatten()
        else {
            let names = sample.labels();
            let have = if names.is_empty() {
                "it has no labels but the target's `job` and `instance`".to_owned()
            } else {
                format!(
                    "its labels are {}",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let hint = match closest(&m.label, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "remove the matcher".to_owned(),
            };
            ctxt.error(
                span,
                format!(
                    "{what}: `{shown}`: `{series}` has no label `{}` ({have}); {hint}",
                    m.label
                ),
            );
            continue;
        };
        if label.free {
            continue;
        }
        // `a|b` of plain values is checked value by value; another regex
        // is the lint's.
        let plain =
            |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let listed: Vec<&str> = match m.op {
            MatchOp::Equal | MatchOp::NotEqual => vec![m.value.as_str()],
            MatchOp::Re | MatchOp::NotRe if m.value.split('|').all(plain) => {
                m.value.split('|').collect()
            }
            MatchOp::Re | MatchOp::NotRe => Vec::new(),
        };
        for value in listed {
            values.push(EnumValue {
                rule: rule.name().to_owned(),
                metric: sample.metric,
                label,
                matcher: shown.clone(),
                value: value.to_owned(),
                span,
            });
        }
    }
}

/// `le` matches a histogram's buckets: only on `_bucket`, with a declared
/// bound (in either text form) or `+Inf`.
fn le_matcher(
    ctxt: &mut Ctxt,
    sample: &Sample<'_>,
    m: &promql::Matcher,
    shown: &str,
    what: &str,
    span: Span,
) {
    let series = &sample.name;
    let metric = sample.metric;
    if sample.suffix != "_bucket" {
        let message = if metric.kind.is_histogram() {
            let base = series.strip_suffix(sample.suffix).unwrap_or(series);
            format!(
                "{what}: `{shown}`: `le` is the bucket label, on `{base}_bucket` only, not on `{series}`; select `{base}_bucket`"
            )
        } else {
            let kind = match metric.kind {
                Kind::Counter => "a counter",
                _ => "a gauge",
            };
            format!(
                "{what}: `{shown}`: `le` is the bucket label of histograms, and `{series}` is {kind}, which has no buckets; remove the matcher, or make `{}` a `Histogram`",
                metric.field
            )
        };
        ctxt.error(span, message);
        return;
    }
    if m.op != MatchOp::Equal {
        return;
    }
    let Some(bounds) = bounds(metric) else {
        return;
    };
    let value = m.value.as_str();
    if value == "+Inf" {
        return;
    }
    match value.parse::<f64>() {
        Ok(v) if v == f64::INFINITY => ctxt.error(
            span,
            format!(
                "{what}: `{shown}`: the last bucket's `le` is written `+Inf`; write `le=\"+Inf\"`"
            ),
        ),
        Ok(v) if bounds.contains(&v) => {
            let (openmetrics, prometheus3) = le_forms(v);
            if value == openmetrics && openmetrics == prometheus3 {
                return;
            }
            let message = if openmetrics != prometheus3 {
                // `+` is a regex's; `.` matches it and the `.` it stands for.
                let either = format!("{openmetrics}|{prometheus3}").replace('+', ".");
                format!(
                    "{what}: `{shown}`: no one text of this bound matches everywhere: OpenMetrics (which Prometheus 2 asks for first) writes `le=\"{openmetrics}\"`, and Prometheus 3 stores `le=\"{prometheus3}\"` from either format; match both with `le=~\"{either}\"`"
                )
            } else if !value.contains(['.', 'e', 'E']) {
                // `le="1"`: the 0.0.4 text form.
                format!(
                    "{what}: `{shown}` is the bound as the 0.0.4 text format writes it; OpenMetrics (which Prometheus asks for first) writes `le=\"{openmetrics}\"`, and Prometheus 3 stores `le=\"{openmetrics}\"` from either format, so this matches nothing there; write `le=\"{openmetrics}\"`"
                )
            } else {
                format!(
                    "{what}: `{shown}`: a label matches its text, and Prometheus stores this bound as `le=\"{openmetrics}\"`; write that"
                )
            };
            ctxt.error(span, message);
        }
        parsed => {
            // Bounds as OpenMetrics writes them (`1.0`), which the matcher
            // must use.
            let listed: Vec<String> = bounds.iter().map(|b| le_forms(*b).0).collect();
            let near = match parsed {
                Ok(v) => {
                    let below = bounds.iter().rev().find(|b| **b < v);
                    let above = bounds.iter().find(|b| **b > v);
                    match (below, above) {
                        (Some(b), Some(a)) => {
                            format!(
                                "the nearest are `le=\"{}\"` and `le=\"{}\"`",
                                le_forms(*b).0,
                                le_forms(*a).0
                            )
                        }
                        (Some(b), None) => {
                            format!(
                                "the largest is `le=\"{}\"`, then `le=\"+Inf\"`",
                                le_forms(*b).0
                            )
                        }
                        (None, Some(a)) => format!("the smallest is `le=\"{}\"`", le_forms(*a).0),
                        (None, None) => "it has only `+Inf`".to_owned(),
                    }
                }
                Err(_) => format!(
                    "`le` is a bucket bound, one of {}, or `+Inf`",
                    listed.join(", ")
                ),
            };
            ctxt.error(
                span,
                format!("{what}: `{shown}` matches no bucket of `{series}`; {near}"),
            );
        }
    }
}

/// A finite bound's `le` as Prometheus stores it: from an OpenMetrics
/// scrape (what Prometheus 2 asks for first), as prometheus-client and our
/// writer write it (`dtoa`); and under Prometheus 3, which rewrites `le`
/// from either format with Go's shortest `%g`, `.0` added to an integer
/// (`FormatOpenMetricsFloat`). They differ from 10^6 up and below 10^-4
/// (`1048576.0` against `1.048576e+06`). The `%g` is the 0.0.4 writer's
/// (`metrics-runtime-core/src/write.rs`, `go_float`), which a test there
/// holds to client_golang's.
fn le_forms(bound: f64) -> (String, String) {
    let openmetrics = dtoa::Buffer::new().format(bound).to_owned();
    let go = if bound.fract() == 0.0 && bound.abs() < 1e6 {
        format!("{}", bound as i64)
    } else if (1e-4..1e6).contains(&bound.abs()) {
        format!("{bound}")
    } else {
        let sci = format!("{bound:e}");
        match sci.split_once('e') {
            Some((mantissa, exponent)) => match exponent.parse::<i32>() {
                Ok(exponent) => format!("{mantissa}e{exponent:+03}"),
                Err(_) => sci,
            },
            None => sci,
        }
    };
    let prometheus3 = if go.contains(['.', 'e']) {
        go
    } else {
        go + ".0"
    };
    (openmetrics, prometheus3)
}

#[cfg(test)]
mod template_tests {
    use super::{template, Ctxt, Text};

    fn errors(value: &str) -> bool {
        let mut ctxt = Ctxt::default();
        let text = Text {
            value: value.to_owned(),
            span: proc_macro2::Span::call_site(),
        };
        template(&mut ctxt, &text);
        ctxt.has_errors()
    }

    #[test]
    fn template_variables_are_prometheus_s_or_declared() {
        for fine in [
            "{{ $labels.instance }} at {{ $value | humanizePercentage }}",
            "{{ $externalLabels.cluster }} {{ $externalURL }}",
            "{{ $x := $labels.job }}{{ $x }}",
            "{{ range $i, $e := query \"up\" }}{{ $i }}{{ $e }}{{ end }}",
            "{{ $.Labels.job }}, and a price of $5",
        ] {
            assert!(!errors(fine), "{fine}");
        }
        for wrong in ["{{ $label.job }}", "{{ $lables.job }}", "{{ $values }}"] {
            assert!(errors(wrong), "{wrong}");
        }
    }
}

#[cfg(test)]
mod le_tests {
    #[test]
    fn le_forms_are_the_stored_texts() {
        for (bound, openmetrics, prometheus3) in [
            (1.0, "1.0", "1.0"),
            (0.005, "0.005", "0.005"),
            (2.5, "2.5", "2.5"),
            (100_000.0, "100000.0", "100000.0"),
            (1_048_576.0, "1048576.0", "1.048576e+06"),
            (1e-5, "0.00001", "1e-05"),
            (0.0, "0.0", "0.0"),
        ] {
            assert_eq!(
                super::le_forms(bound),
                (openmetrics.to_owned(), prometheus3.to_owned()),
                "{bound}"
            );
        }
    }
}

/// The bucket bounds of a histogram whose layout is valid (else `None`:
/// that mistake is reported on the layout).
fn bounds(metric: &Metric) -> Option<Vec<f64>> {
    match &metric.buckets {
        None => Some(crate::bucket::DEFAULT.to_vec()),
        Some(b) => {
            let mut probe = Ctxt::default();
            crate::bucket::check(&mut probe, &b.spec, b.span);
            (!probe.has_errors()).then(|| crate::bucket::bounds(&b.spec))
        }
    }
}

/// `by`, `without`, `on`, `ignoring`, `group_left`, `group_right` name
/// labels the expression's series have.
fn label_lists(ctxt: &mut Ctxt, node: &Node, selected: &[&Sample<'_>], what: &str, span: Span) {
    let mut have: Vec<String> = TARGET_LABELS.iter().map(|l| (*l).to_owned()).collect();
    for sample in selected {
        have.extend(sample.labels().into_iter().map(str::to_owned));
    }
    have.extend(node.created_labels());
    let buckets = selected.iter().any(|s| s.suffix == "_bucket");
    for grouping in node.groupings() {
        for (label, _) in &grouping.labels {
            if have.contains(label) {
                continue;
            }
            let keyword = grouping.keyword;
            if label == "le" && !buckets {
                ctxt.error(
                    span,
                    format!(
                        "{what}: `le` in `{keyword} (...)`: `le` is the bucket label of histograms, and no series here is a histogram's `_bucket`; remove it, or select a `_bucket` series"
                    ),
                );
                continue;
            }
            let candidates: Vec<&str> = have.iter().map(String::as_str).collect();
            let hint = nearest_or_list(label, &candidates, "they have");
            ctxt.error(
                span,
                format!("{what}: `{label}` in `{keyword} (...)` is a label none of the selected series has; {hint}"),
            );
        }
    }
}

#[cfg(test)]
mod lint_code_tests {
    /// The codes are the `Rule::code` arms of promql-lint, in order.
    #[test]
    fn lint_codes_are_the_lint_s() {
        let source = include_str!("../../promql-lint/src/lib.rs");
        let body = source
            .split("pub fn code(self) -> &'static str {")
            .nth(1)
            .and_then(|rest| rest.split("\n    }\n").next())
            .expect("promql-lint's Rule::code");
        let codes: Vec<&str> = body
            .lines()
            .filter_map(|line| line.split("=> \"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(codes, super::LINT_CODES);
    }
}
