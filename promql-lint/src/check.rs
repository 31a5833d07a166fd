//! The rules: one walk of the parsed query, in source order.

use std::collections::BTreeSet;
use std::ops::Range;

use metrics_catalog::{Catalog, Series};
use metrics_runtime::{LabelValues, MetricKind};
use promql_parser::label::{MatchOp, Matcher};
use promql_parser::parser::token::{T_LAND, T_LOR, T_LUNLESS, T_SUB};
use promql_parser::parser::{
    AggregateExpr, BinaryExpr, Call, Expr, LabelModifier, VectorMatchCardinality, VectorSelector,
};

use crate::locate::{Locator, SelectorPos};
use crate::{Finding, Rule, Severity};

/// The series Prometheus writes for each target it scrapes, beside the
/// target's own (the last three with `--enable-feature=extra-scrape-metrics`).
const TARGET_SERIES: &[&str] = &[
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
    "scrape_timeout_seconds",
    "scrape_sample_limit",
    "scrape_body_size_bytes",
];

/// Labels every scraped series carries: Prometheus adds them from the target.
pub(crate) const TARGET_LABELS: [&str; 2] = ["job", "instance"];

/// What a sub-expression evaluates to, as far as label matching goes.
#[derive(Clone, Debug)]
enum Value {
    Scalar,
    Str,
    /// An instant or range vector whose series have exactly these label
    /// names (`None`: not known).
    Vector(Option<BTreeSet<String>>),
}

pub(crate) struct Checker<'a> {
    catalog: &'a Catalog,
    query: &'a str,
    locator: Locator<'a>,
    /// Where the selector walked last is.
    last_selector: Option<Range<usize>>,
    pub findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    pub fn new(query: &'a str, catalog: &'a Catalog) -> Self {
        Self {
            catalog,
            query,
            locator: Locator::new(query),
            last_selector: None,
            findings: Vec::new(),
        }
    }

    fn report(
        &mut self,
        severity: Severity,
        rule: Rule,
        span: Option<Range<usize>>,
        message: String,
    ) {
        self.findings.push(Finding {
            severity,
            rule,
            query: self.query.to_owned(),
            span: span.unwrap_or(0..self.query.len()),
            message,
        });
    }

    pub fn check(&mut self, expr: &Expr) {
        self.walk(expr);
    }

    fn walk(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::NumberLiteral(_) => Value::Scalar,
            Expr::StringLiteral(_) => Value::Str,
            Expr::Paren(p) => self.walk(&p.expr),
            Expr::Unary(u) => self.walk(&u.expr),
            Expr::Subquery(s) => self.walk(&s.expr),
            Expr::VectorSelector(vs) => self.selector(vs),
            Expr::MatrixSelector(ms) => self.selector(&ms.vs),
            Expr::Aggregate(agg) => self.aggregate(agg),
            Expr::Call(call) => self.call(call),
            Expr::Binary(bin) => self.binary(bin),
            Expr::Extension(_) => Value::Vector(None),
        }
    }

    fn selector(&mut self, vs: &VectorSelector) -> Value {
        let name_matcher = vs
            .matchers
            .matchers
            .iter()
            .find(|m| m.name == "__name__" && m.op == MatchOp::Equal);
        let name = vs
            .name
            .clone()
            .or_else(|| name_matcher.map(|m| m.value.clone()));
        let pos = self.locator.selector(vs.name.as_deref());
        self.last_selector = pos.span.clone();
        let Some(name) = name else {
            return Value::Vector(None);
        };
        // A declared recording rule, or a series Prometheus makes for every
        // target: a series, of labels the lint does not track.
        if self.catalog.record(&name).is_some() || TARGET_SERIES.contains(&name.as_str()) {
            return Value::Vector(None);
        }
        let Some(series) = self.catalog.series(&name) else {
            let message = self.unknown_series(&name);
            self.report(Severity::Error, Rule::UnknownSeries, pos.span, message);
            return Value::Vector(None);
        };
        let matchers: Vec<&Matcher> = vs
            .matchers
            .matchers
            .iter()
            .chain(vs.matchers.or_matchers.iter().flatten())
            .filter(|m| m.name != "__name__")
            .collect();
        for matcher in matchers {
            self.matcher(&series, &pos, matcher);
        }
        let mut labels: BTreeSet<String> = series_labels(&series)
            .iter()
            .map(|l| (*l).to_owned())
            .chain(TARGET_LABELS.iter().map(|l| (*l).to_owned()))
            .collect();
        if series.suffix == "_bucket" {
            labels.insert("le".to_owned());
        }
        Value::Vector(Some(labels))
    }

    fn unknown_series(&self, name: &str) -> String {
        // A known metric under the wrong suffix for its kind.
        for (family, metric) in self.catalog.metrics() {
            let base = metric.exported_name(family.prefix);
            let samples = metric.sample_names(family.prefix);
            let listed = samples
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let kind = metric.kind.type_name();
            if name == base {
                return match metric.kind {
                    MetricKind::Counter => format!(
                        "no series `{name}`: the counter is exported as `{base}_total`; select `{base}_total`"
                    ),
                    _ => format!(
                        "no series `{name}`: a {kind} exports only {listed}; select one of them"
                    ),
                };
            }
            if let Some(suffix) = name.strip_prefix(base.as_str()) {
                if ["_total", "_bucket", "_sum", "_count", "_created"].contains(&suffix) {
                    return format!(
                        "no series `{name}`: `{base}` is a {kind}, which exports only {listed}; select {}",
                        if samples.len() == 1 { format!("`{}`", samples[0]) } else { "one of them".to_owned() }
                    );
                }
            }
        }
        let samples = self.catalog.sample_names();
        // A name written without its family's prefix.
        if let Some(full) = samples
            .iter()
            .find(|s| s.ends_with(&format!("_{name}")) && s.len() > name.len() + 1)
        {
            return format!(
                "no series `{name}`: the family registers it under a prefix, as `{full}`; select `{full}`"
            );
        }
        match did_you_mean(name, samples.iter().map(String::as_str)) {
            Some(close) => format!("no series `{name}` in the catalogue; did you mean `{close}`?"),
            None => format!("no series `{name}` in the catalogue; no declared family exports it"),
        }
    }

    fn matcher(&mut self, series: &Series<'_>, pos: &SelectorPos, matcher: &Matcher) {
        let op = matcher.op.to_string();
        let span = self
            .locator
            .matcher(pos, &matcher.name, &op)
            .or_else(|| pos.span.clone());
        let shown = format!("{}{}\"{}\"", matcher.name, op, matcher.value);
        let sample = series.name();
        if TARGET_LABELS.contains(&matcher.name.as_str()) {
            return;
        }
        if matcher.name == "le" && series.suffix == "_bucket" {
            self.le_matcher(series, span, matcher, &shown);
            return;
        }
        // A constant label: any value names an instance.
        if series.family.const_labels.contains(&matcher.name.as_str()) {
            return;
        }
        let label = series_labels(series)
            .contains(&matcher.name.as_str())
            .then(|| series.metric.label(&matcher.name))
            .flatten();
        let Some(label) = label else {
            let mut names: Vec<&str> = series_labels(series);
            if series.suffix == "_bucket" {
                names.push("le");
            }
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
            let hint = match did_you_mean(&matcher.name, names.iter().copied()) {
                Some(close) => format!("; did you mean `{close}`?"),
                None => "; remove the matcher".to_owned(),
            };
            let severity = if matcher.is_match("") {
                Severity::Warning
            } else {
                Severity::Error
            };
            let effect = if severity == Severity::Error {
                "so the selector matches nothing"
            } else {
                "so the matcher has no effect"
            };
            self.report(
                severity,
                Rule::UnknownLabel,
                span,
                format!(
                    "`{sample}` has no label `{}` ({have}), {effect}{hint}",
                    matcher.name
                ),
            );
            return;
        };
        let (values, type_name) = match label.values {
            LabelValues::Enum {
                values, type_name, ..
            } => (values, type_name),
            LabelValues::Free { max_value_len, .. } => {
                // A value longer than the metric holds is folded into the
                // overflow series on recording: no series carries it.
                if matcher.op == MatchOp::Equal && matcher.value.len() > max_value_len {
                    self.report(
                        Severity::Error,
                        Rule::UnknownValue,
                        span,
                        format!(
                            "`{}=\"...\"` matches no series: `{}` is free-form and holds values of up to {max_value_len} bytes, and this one has {}; longer values are recorded under `{}=\"{}\"`",
                            matcher.name,
                            matcher.name,
                            matcher.value.len(),
                            matcher.name,
                            metrics_runtime::OVERFLOW_LABEL_VALUE,
                        ),
                    );
                }
                return;
            }
        };
        let listed = values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let matching: Vec<&str> = values
            .iter()
            .copied()
            .filter(|v| matcher.is_match(v))
            .collect();
        match &matcher.op {
            MatchOp::Equal if matching.is_empty() => {
                let hint = match did_you_mean(&matcher.value, values.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("use one of {listed}"),
                };
                self.report(
                    Severity::Error,
                    Rule::UnknownValue,
                    span,
                    format!(
                        "`{shown}` matches no series: `{}` ({type_name}) is one of {listed}; {hint}",
                        matcher.name
                    ),
                );
            }
            MatchOp::NotEqual if !values.contains(&matcher.value.as_str()) => {
                let hint = match did_you_mean(&matcher.value, values.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "remove it".to_owned(),
                };
                self.report(
                    Severity::Warning,
                    Rule::UnknownValue,
                    span,
                    format!(
                        "`{shown}` excludes nothing: `{}` ({type_name}) is one of {listed}; {hint}",
                        matcher.name
                    ),
                );
            }
            MatchOp::Re(_) if matching.is_empty() => self.report(
                Severity::Error,
                Rule::UnknownValue,
                span,
                format!(
                    "`{shown}` matches none of the values of `{}` ({listed}), so the selector matches nothing; fix the regex",
                    matcher.name
                ),
            ),
            MatchOp::NotRe(_) if matching.is_empty() => self.report(
                Severity::Error,
                Rule::UnknownValue,
                span,
                format!(
                    "`{shown}` excludes every value of `{}` ({listed}), so the selector matches nothing; fix the regex",
                    matcher.name
                ),
            ),
            _ => {}
        }
    }

    fn le_matcher(
        &mut self,
        series: &Series<'_>,
        span: Option<Range<usize>>,
        matcher: &Matcher,
        shown: &str,
    ) {
        let buckets = series.metric.bucket_labels();
        let stored: Vec<String> = buckets
            .iter()
            .map(|b| b.normalized.clone())
            .chain(std::iter::once("+Inf".to_owned()))
            .collect();
        let base = series.metric.exported_name(series.family.prefix);
        match &matcher.op {
            MatchOp::Equal => {
                let value = matcher.value.as_str();
                if stored.iter().any(|s| s == value) {
                    if let Some(b) = buckets
                        .iter()
                        .find(|b| b.normalized == value && b.openmetrics != value)
                    {
                        self.report(
                            Severity::Warning,
                            Rule::BucketBound,
                            span,
                            format!(
                                "`{shown}` is bucket {} as Prometheus 3 stores it, but a Prometheus 2 scraping OpenMetrics stores `le=\"{}\"`; match both with `le=~\"{}|{}\"`",
                                b.bound, b.openmetrics, regex_escape(value), regex_escape(&b.openmetrics)
                            ),
                        );
                    }
                    return;
                }
                let parsed = parse_le(value);
                if let Some(b) = parsed.and_then(|v| buckets.iter().find(|b| b.bound == v)) {
                    if b.text == value {
                        self.report(
                            Severity::Warning,
                            Rule::BucketBound,
                            span,
                            format!(
                                "`{shown}` is bucket {} of `{base}` as the Prometheus 0.0.4 text format writes it, so it matches only where Prometheus 2 scrapes that format: OpenMetrics scrapes (what Prometheus negotiates by default) store `le=\"{}\"` and Prometheus 3 normalises every scrape to it; write `le=~\"{}\"` to match both forms",
                                human(b.bound), b.openmetrics, either(&b.text, &b.normalized)
                            ),
                        );
                    } else {
                        self.report(
                            Severity::Error,
                            Rule::BucketBound,
                            span,
                            format!(
                                "`{shown}` is bucket {} of `{base}`, but no exposition format writes it so and Prometheus stores it as `le=\"{}\"`, so the selector matches nothing; write `le=\"{}\"`",
                                human(b.bound), b.normalized, b.normalized
                            ),
                        );
                    }
                    return;
                }
                let message = match parsed {
                    None => format!(
                        "`{shown}` is not a number, so the selector matches nothing; `le` is a bucket bound of `{base}`: {}",
                        stored.join(", ")
                    ),
                    Some(v) => {
                        let below = buckets.iter().rev().find(|b| b.bound < v);
                        let above = buckets.iter().find(|b| b.bound > v);
                        let near = match (below, above) {
                            (Some(b), Some(a)) => format!("the nearest are `le=\"{}\"` and `le=\"{}\"`", b.normalized, a.normalized),
                            (Some(b), None) => format!("the largest is `le=\"{}\"`, then `le=\"+Inf\"`", b.normalized),
                            (None, Some(a)) => format!("the smallest is `le=\"{}\"`", a.normalized),
                            (None, None) => "it has none".to_owned(),
                        };
                        format!(
                            "`{shown}` matches no series: `{base}` has no bucket at {}; {near}",
                            human(v)
                        )
                    }
                };
                self.report(Severity::Error, Rule::BucketBound, span, message);
            }
            MatchOp::Re(_) if !stored.iter().any(|s| matcher.is_match(s)) => {
                self.report(
                    Severity::Error,
                    Rule::BucketBound,
                    span,
                    format!(
                        "`{shown}` matches no bucket of `{base}` as stored ({}), so the selector matches nothing",
                        stored.join(", ")
                    ),
                );
            }
            _ => {}
        }
    }

    fn aggregate(&mut self, agg: &AggregateExpr) -> Value {
        if let Some(param) = &agg.param {
            self.walk(param);
        }
        let inner = self.walk(&agg.expr);
        let op = agg.op.to_string().to_lowercase();
        let Value::Vector(input) = inner else {
            return Value::Vector(None);
        };
        if matches!(op.as_str(), "topk" | "bottomk" | "limitk" | "limit_ratio") {
            return Value::Vector(input);
        }
        let mut grouped = match &agg.modifier {
            None => Some(BTreeSet::new()),
            Some(LabelModifier::Include(by)) => input.map(|input| {
                by.labels
                    .iter()
                    .filter(|l| input.contains(*l))
                    .cloned()
                    .collect()
            }),
            Some(LabelModifier::Exclude(without)) => input.map(|mut input| {
                for l in &without.labels {
                    input.remove(l);
                }
                input
            }),
        };
        if op == "count_values" {
            match agg.param.as_deref() {
                Some(Expr::StringLiteral(s)) => {
                    if let Some(g) = grouped.as_mut() {
                        g.insert(s.val.clone());
                    }
                }
                _ => grouped = None,
            }
        }
        Value::Vector(grouped)
    }

    fn call(&mut self, call: &Call) -> Value {
        let name = call.func.name;
        let call_span = self.locator.function(name);
        let mut args = Vec::new();
        let mut range_selector = None;
        for arg in &call.args.args {
            args.push(self.walk(arg));
            if matches!(arg.as_ref(), Expr::MatrixSelector(_)) {
                range_selector = self.last_selector.clone();
            }
        }
        if matches!(name, "rate" | "irate" | "increase" | "resets") {
            self.counter_function(call, range_selector.clone());
        }
        if matches!(name, "delta" | "idelta" | "deriv" | "predict_linear") {
            self.gauge_function(call, range_selector);
        }
        let vector = args.iter().find_map(|a| match a {
            Value::Vector(labels) => Some(labels.clone()),
            _ => None,
        });
        match name {
            "time" | "scalar" | "pi" => Value::Scalar,
            "vector" => Value::Vector(Some(BTreeSet::new())),
            "histogram_quantile" => {
                let labels = vector.flatten();
                // A native histogram is one series with no `le`.
                let native = call
                    .args
                    .args
                    .iter()
                    .any(|a| self.reads_native_histogram(a));
                if let Some(labels) = &labels {
                    if !labels.contains("le") && !native {
                        let span = call_span.clone();
                        self.report(
                            Severity::Error,
                            Rule::HistogramWithoutLe,
                            span,
                            "`histogram_quantile()` gets no `le` label, so it returns nothing for a classic histogram; select the `_bucket` series and keep `le` when aggregating: `sum by (le, ...) (rate(..._bucket[5m]))`".to_owned(),
                        );
                    }
                }
                Value::Vector(labels.map(|mut l| {
                    l.remove("le");
                    l
                }))
            }
            "absent" | "absent_over_time" | "label_replace" | "label_join" | "info"
            | "histogram_fraction" | "count_values" => Value::Vector(None),
            _ => match vector {
                Some(labels) => Value::Vector(labels),
                None => Value::Scalar,
            },
        }
    }

    /// The series a function's (only) range-vector argument selects.
    fn argument_series(&self, call: &Call) -> Option<(String, MetricKind)> {
        let vs = call.args.args.iter().find_map(|arg| match arg.as_ref() {
            Expr::MatrixSelector(ms) => Some(&ms.vs),
            _ => None,
        })?;
        let name = vs.name.clone()?;
        let series = self.catalog.series(&name)?;
        let kind = match series.suffix {
            "_sum" | "_count" | "_bucket" => MetricKind::Counter,
            _ if series.is_overflow_counter() => MetricKind::Counter,
            _ => series.metric.kind,
        };
        Some((name, kind))
    }

    fn counter_function(&mut self, call: &Call, span: Option<Range<usize>>) {
        let Some((name, kind)) = self.argument_series(call) else {
            return;
        };
        if matches!(kind, MetricKind::Info | MetricKind::StateSet) {
            let func = call.func.name;
            let (what, remedy) = if kind == MetricKind::Info {
                (
                    "info metric",
                    "join on it (`* on(...) group_left(version) ...`) or read it as it is",
                )
            } else {
                (
                    "state set",
                    "compare a state with `== 1`, or count changes of state with `changes()`",
                )
            };
            self.report(
                Severity::Warning,
                Rule::CounterFunctionOnGauge,
                span,
                format!(
                    "`{func}()` of {what} `{name}`: its samples are 1 or 0 (a gauge in Prometheus), not a count, so a rate of them means nothing; {remedy}"
                ),
            );
            return;
        }
        if matches!(kind, MetricKind::Gauge | MetricKind::FloatGauge) {
            let func = call.func.name;
            self.report(
                Severity::Warning,
                Rule::CounterFunctionOnGauge,
                span,
                format!(
                    "`{func}()` of gauge `{name}`: it reads every decrease as a counter reset (recent Prometheus versions annotate the result \"metric might not be a counter\"); use `deriv()` or `delta()` for a gauge, or declare the metric a `Counter` if it only goes up"
                ),
            );
        }
    }

    fn gauge_function(&mut self, call: &Call, span: Option<Range<usize>>) {
        let Some((name, kind)) = self.argument_series(call) else {
            return;
        };
        if kind == MetricKind::Counter {
            let func = call.func.name;
            self.report(
                Severity::Warning,
                Rule::GaugeFunctionOnCounter,
                span,
                format!(
                    "`{func}()` of counter `{name}` ignores counter resets, and a restart reads as a large drop; use `rate()` or `increase()`"
                ),
            );
        }
    }

    fn binary(&mut self, bin: &BinaryExpr) -> Value {
        let lhs = self.walk(&bin.lhs);
        let op_id = bin.op.id();
        let op_span = self.locator.operator(op_id);
        let rhs = self.walk(&bin.rhs);
        let op = bin.op.to_string();
        if bin.op.is_comparison_operator() {
            if let Some(name) = [&bin.lhs, &bin.rhs]
                .into_iter()
                .find_map(|side| self.raw_counter(side))
            {
                self.report(
                    Severity::Warning,
                    Rule::CounterComparedRaw,
                    op_span.clone(),
                    format!(
                        "`{op}` compares the raw total of counter `{name}`, which counts from the process start: after one event `> 0` holds until the process restarts, and a restart resets it; compare `increase({name}[5m])` or `rate({name}[5m])`, or keep the raw total where it is what you mean (e.g. a count made once per process)"
                    ),
                );
            }
        }
        let (left, right) = match (lhs, rhs) {
            (Value::Vector(l), Value::Vector(r)) => (l, r),
            (Value::Vector(v), _) | (_, Value::Vector(v)) => return Value::Vector(v),
            (Value::Str, _) | (_, Value::Str) => return Value::Str,
            _ => return Value::Scalar,
        };
        if op_id == T_SUB {
            self.bucket_difference(bin, op_span.clone());
        }
        let set_op = matches!(op_id, T_LAND | T_LOR | T_LUNLESS);
        let modifier = bin.modifier.as_ref();
        let matching = modifier.and_then(|m| m.matching.as_ref());
        let card = modifier.map_or(
            if set_op {
                VectorMatchCardinality::ManyToMany
            } else {
                VectorMatchCardinality::OneToOne
            },
            |m| m.card.clone(),
        );
        let (Some(left), Some(right)) = (left, right) else {
            return Value::Vector(None);
        };
        if op_id != T_LOR {
            self.matching(&op, op_span.clone(), &left, &right, matching, &card);
        }
        let result = match (&card, matching) {
            (VectorMatchCardinality::ManyToOne(extra), _) => {
                let mut l = left.clone();
                l.extend(extra.labels.iter().filter(|x| right.contains(*x)).cloned());
                Some(l)
            }
            (VectorMatchCardinality::OneToMany(extra), _) => {
                let mut r = right.clone();
                r.extend(extra.labels.iter().filter(|x| left.contains(*x)).cloned());
                Some(r)
            }
            _ if op_id == T_LOR => (left == right).then(|| left.clone()),
            _ if set_op => Some(left.clone()),
            (_, Some(LabelModifier::Include(on))) => Some(
                left.iter()
                    .filter(|l| on.labels.contains(*l))
                    .cloned()
                    .collect(),
            ),
            (_, Some(LabelModifier::Exclude(ignoring))) => Some(
                left.iter()
                    .filter(|l| !ignoring.labels.contains(*l))
                    .cloned()
                    .collect(),
            ),
            (_, None) => Some(left.clone()),
        };
        Value::Vector(result)
    }

    fn matching(
        &mut self,
        op: &str,
        span: Option<Range<usize>>,
        left: &BTreeSet<String>,
        right: &BTreeSet<String>,
        matching: Option<&LabelModifier>,
        card: &VectorMatchCardinality,
    ) {
        let in_signature = |label: &String| match matching {
            None => true,
            Some(LabelModifier::Include(on)) => on.labels.contains(label),
            Some(LabelModifier::Exclude(ignoring)) => !ignoring.labels.contains(label),
        };
        let left_sig: BTreeSet<&String> = left.iter().filter(|l| in_signature(l)).collect();
        let right_sig: BTreeSet<&String> = right.iter().filter(|l| in_signature(l)).collect();
        if left_sig != right_sig {
            let only_left: Vec<String> = left_sig
                .difference(&right_sig)
                .map(|l| format!("`{l}`"))
                .collect();
            let only_right: Vec<String> = right_sig
                .difference(&left_sig)
                .map(|l| format!("`{l}`"))
                .collect();
            let side = |labels: &BTreeSet<String>| {
                if labels.is_empty() {
                    "no labels".to_owned()
                } else {
                    labels
                        .iter()
                        .map(|l| format!("`{l}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let mut differ: Vec<String> = only_left;
            differ.extend(only_right);
            let remedy = if right.is_empty() || left.is_empty() {
                "aggregate both sides alike (e.g. `sum(...)` on both), or match with `on()` and `group_left`/`group_right`"
            } else {
                "aggregate both sides to the same labels, or say which to match with `on(...)` or `ignoring(...)`"
            };
            self.report(
                Severity::Error,
                Rule::NeverMatches,
                span,
                format!(
                    "the two sides of `{op}` never match, so it returns nothing: the left side keeps {}, the right side {}, and they must agree on {}; {remedy}",
                    side(left),
                    side(right),
                    differ.join(", "),
                ),
            );
            return;
        }
        // One-to-one matching needs each side unique per signature.
        if matches!(card, VectorMatchCardinality::OneToOne) && matching.is_some() {
            for (name, labels, group) in [
                ("left", left, "group_left"),
                ("right", right, "group_right"),
            ] {
                let extra: Vec<String> = labels
                    .iter()
                    .filter(|l| !in_signature(l))
                    .map(|l| format!("`{l}`"))
                    .collect();
                if !extra.is_empty() {
                    self.report(
                        Severity::Warning,
                        Rule::MissingGroupModifier,
                        span.clone(),
                        format!(
                            "the {name} side of `{op}` keeps {}, which the matching ignores, so several of its series can meet one of the other side and Prometheus fails with \"many-to-one matching must be explicit\"; add `{group}` or aggregate those labels away",
                            extra.join(", ")
                        ),
                    );
                }
            }
        }
        let one_side = match card {
            VectorMatchCardinality::ManyToOne(_) => Some(("right", right)),
            VectorMatchCardinality::OneToMany(_) => Some(("left", left)),
            _ => None,
        };
        if let Some((name, labels)) = one_side {
            let extra: Vec<String> = labels
                .iter()
                .filter(|l| !in_signature(l))
                .map(|l| format!("`{l}`"))
                .collect();
            if !extra.is_empty() {
                self.report(
                    Severity::Warning,
                    Rule::MissingGroupModifier,
                    span,
                    format!(
                        "the {name} side of `{op}` is the \"one\" side but keeps {}, which the matching ignores, so Prometheus can fail with \"found duplicate series for the match group\"; aggregate those labels away on that side",
                        extra.join(", ")
                    ),
                );
            }
        }
    }

    /// Whether `expr` selects a native histogram's own series (its bare
    /// name, which Prometheus stores from a protobuf scrape).
    fn reads_native_histogram(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Paren(p) => self.reads_native_histogram(&p.expr),
            Expr::Unary(u) => self.reads_native_histogram(&u.expr),
            Expr::Subquery(s) => self.reads_native_histogram(&s.expr),
            Expr::Aggregate(a) => self.reads_native_histogram(&a.expr),
            Expr::Call(c) => c.args.args.iter().any(|a| self.reads_native_histogram(a)),
            Expr::Binary(b) => {
                self.reads_native_histogram(&b.lhs) || self.reads_native_histogram(&b.rhs)
            }
            Expr::MatrixSelector(ms) => self.selects_native_histogram(&ms.vs),
            Expr::VectorSelector(vs) => self.selects_native_histogram(vs),
            _ => false,
        }
    }

    fn selects_native_histogram(&self, vs: &VectorSelector) -> bool {
        vs.name
            .as_deref()
            .and_then(|name| self.catalog.series(name))
            .is_some_and(|s| s.metric.kind == MetricKind::NativeHistogram && s.suffix.is_empty())
    }

    /// The counter series a side of a comparison reads raw: a selector of a
    /// counter (a counter's `_total`, a histogram's `_bucket`, `_sum` or
    /// `_count`, an overflow counter) through parentheses, unary minus,
    /// aggregations of values and arithmetic with a number; not through a
    /// function (`rate`, `increase`, ...) or an operation with another vector.
    fn raw_counter(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Paren(p) => self.raw_counter(&p.expr),
            Expr::Unary(u) => self.raw_counter(&u.expr),
            Expr::Aggregate(a) => {
                let op = a.op.to_string().to_lowercase();
                matches!(
                    op.as_str(),
                    "sum" | "min" | "max" | "avg" | "topk" | "bottomk" | "quantile"
                )
                .then(|| self.raw_counter(&a.expr))
                .flatten()
            }
            Expr::Binary(b) if !b.op.is_comparison_operator() => {
                match (b.lhs.as_ref(), b.rhs.as_ref()) {
                    (Expr::NumberLiteral(_), other) | (other, Expr::NumberLiteral(_)) => {
                        self.raw_counter(other)
                    }
                    _ => None,
                }
            }
            Expr::VectorSelector(vs) => {
                let name = vs.name.clone()?;
                let series = self.catalog.series(&name)?;
                let counter = series.metric.kind == MetricKind::Counter
                    || matches!(series.suffix, "_bucket" | "_sum" | "_count")
                    || series.is_overflow_counter();
                counter.then_some(name)
            }
            _ => None,
        }
    }

    /// `a_bucket{le="32"} - a_bucket{le="1024"}`: buckets are cumulative, so
    /// a lower bound minus a higher one is never positive.
    fn bucket_difference(&mut self, bin: &BinaryExpr, span: Option<Range<usize>>) {
        let (Some((lname, lbound)), Some((rname, rbound))) =
            (single_bucket(&bin.lhs), single_bucket(&bin.rhs))
        else {
            return;
        };
        if lname == rname && lbound < rbound {
            self.report(
                Severity::Error,
                Rule::BucketDifference,
                span,
                format!(
                    "`{lname}` buckets are cumulative: `le` {} counts no more than `le` {}, so this difference is never positive; to count observations above {}, subtract the other way: the `le` {} side minus the `le` {} side",
                    human(lbound), human(rbound), human(lbound), human(rbound), human(lbound)
                ),
            );
        }
    }
}

/// The names of the labels a series has (without the target's): its
/// family's constant labels, then none on a metric's overflow counter and
/// the metric's own otherwise.
fn series_labels(series: &Series<'_>) -> Vec<&'static str> {
    let mut names = series.family.const_labels.to_vec();
    if !series.is_overflow_counter() {
        names.extend(series.metric.labels.iter().map(|l| l.name));
    }
    names
}

/// The `_bucket` series and `le` bound an expression reads, if it reads
/// exactly one bucket through rates and aggregations.
fn single_bucket(expr: &Expr) -> Option<(String, f64)> {
    match expr {
        Expr::Paren(p) => single_bucket(&p.expr),
        Expr::Aggregate(a) if a.param.is_none() => single_bucket(&a.expr),
        Expr::Call(c) if matches!(c.func.name, "rate" | "irate" | "increase") => {
            single_bucket(c.args.args.first()?)
        }
        Expr::MatrixSelector(ms) => single_bucket_selector(&ms.vs),
        Expr::VectorSelector(vs) => single_bucket_selector(vs),
        _ => None,
    }
}

fn single_bucket_selector(vs: &VectorSelector) -> Option<(String, f64)> {
    let name = vs.name.clone()?;
    if !name.ends_with("_bucket") {
        return None;
    }
    let le = vs
        .matchers
        .matchers
        .iter()
        .find(|m| m.name == "le" && m.op == MatchOp::Equal)?;
    Some((name, parse_le(&le.value)?))
}

fn parse_le(value: &str) -> Option<f64> {
    match value {
        "+Inf" | "Inf" | "+inf" | "inf" => Some(f64::INFINITY),
        v => v.parse().ok(),
    }
}

/// A bound for messages: `32`, `0.001`, `+Inf`.
fn human(v: f64) -> String {
    if v == f64::INFINITY {
        "+Inf".to_owned()
    } else {
        format!("{v}")
    }
}

/// A PromQL regex (inside a double-quoted string) matching `short` and
/// `long`, where `long` is `short` with `.0` appended: `32(\\.0)?`.
fn either(short: &str, long: &str) -> String {
    match long.strip_prefix(short) {
        Some(".0") => format!("{}(\\\\.0)?", regex_escape(short)),
        _ => format!("{}|{}", regex_escape(short), regex_escape(long)),
    }
}

fn regex_escape(s: &str) -> String {
    s.replace('.', "\\\\.").replace('+', "\\\\+")
}

/// The candidate closest to `word`, if close enough to be a likely typo.
///
/// The rule of the macro's and `label!`'s did-you-mean, so every message of
/// the project suggests alike: the Levenshtein distance in chars
/// ([`strsim::levenshtein`]) is at most a third of the longer word's length
/// in chars, and at least 2 is always allowed; the nearest candidate wins,
/// the first of equals; a candidate longer than
/// `metrics_runtime::__private::SUGGEST_MAX_CHARS` (128) chars is never
/// suggested. A test below checks it against the runtime's const version.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    const MAX_CHARS: usize = 128;
    let word_chars = word.chars().count();
    candidates
        .into_iter()
        .filter(|c| c.chars().count() <= MAX_CHARS)
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word_chars) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod did_you_mean_tests {
    use super::did_you_mean;
    use metrics_runtime::__private::{closest, SUGGEST_MAX_CHARS};

    /// Words near and far from each other: series, label names and values,
    /// non-ASCII, and lengths around the limits.
    fn words() -> Vec<String> {
        let mut words: Vec<String> = [
            "",
            "le",
            "job",
            "instance",
            "protocol",
            "snapshot",
            "snapshots",
            "hash_comparison",
            "sync_round_trips_total",
            "sync_round_trip_total",
            "sync_duration_seconds_bucket",
            "sync_duration_seconds_count",
            "network_event_channel_depth",
            "context_group_store_self_purge_failures_total",
            "café",
            "cafe",
            "naïve",
            "∈∈∈",
        ]
        .iter()
        .map(|w| (*w).to_owned())
        .collect();
        words.push("a".repeat(SUGGEST_MAX_CHARS));
        words.push(format!("{}b", "a".repeat(SUGGEST_MAX_CHARS)));
        words
    }

    #[test]
    fn agrees_with_the_runtime_rule() {
        let words = words();
        let candidates: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut typos: Vec<String> = words.clone();
        for w in &words {
            let chars: Vec<char> = w.chars().collect();
            for i in 0..chars.len() {
                let mut dropped = chars.clone();
                dropped.remove(i);
                typos.push(dropped.into_iter().collect());
                let mut swapped = chars.clone();
                swapped[i] = if swapped[i] == 'x' { 'y' } else { 'x' };
                typos.push(swapped.into_iter().collect());
            }
        }
        let mut suggested = 0;
        for typo in &typos {
            for set in [&candidates[..], &candidates[3..9], &candidates[14..]] {
                let ours = did_you_mean(typo, set.iter().copied());
                let runtime = closest(typo, set).map(|i| set[i]);
                assert_eq!(ours, runtime, "for {typo:?} among {set:?}");
                suggested += usize::from(ours.is_some());
            }
        }
        // Not vacuous: most typos get a suggestion, and a far word none.
        assert!(suggested > typos.len(), "{suggested} of {}", typos.len());
        assert_eq!(did_you_mean("zzzzzzzz", ["snapshot"]), None);
        assert_eq!(SUGGEST_MAX_CHARS, 128);
    }
}
