//! Rules across the model. Each rule is one function that pushes every
//! violation it finds into the shared collector, so all mistakes of a struct
//! are reported in one build.

use std::collections::HashMap;

use proc_macro2::Span;

use crate::ast::{Family, Kind, Metric};
use crate::bucket;
use crate::ctxt::Ctxt;
use crate::names::is_valid_name;

/// Most enum labels one metric takes; the runtime implements the arities.
pub const MAX_ENUM_LABELS: usize = 4;
/// Most free-form labels one metric takes, beside its enum labels.
pub const MAX_FREE_LABELS: usize = 2;
/// Most labels an info metric takes (`String`s and enums, any mix): it has
/// one series, so they do not multiply.
pub const MAX_INFO_LABELS: usize = 8;

pub fn check(ctxt: &mut Ctxt, family: &Family) {
    // Mistakes reported while reading the declaration (a field's, the
    // struct's shape, a misplaced attribute) leave the model partial.
    let read_whole = !ctxt.has_errors();
    prefix(ctxt, family);
    const_labels(ctxt, family);
    doc_headings(ctxt, family);
    for metric in family.metrics.iter().filter(|m| !m.flawed) {
        metric_name(ctxt, family, metric);
        unit(ctxt, metric);
        help(ctxt, family, metric);
        labels(ctxt, metric);
        buckets(ctxt, metric);
        native(ctxt, metric);
        crate::exemplar::check(ctxt, metric);
        info_and_states(ctxt, family, metric);
        max_series(ctxt, metric);
        max_value_len(ctxt, metric);
    }
    duplicate_exports(ctxt, family);
    // The rules name the family's metrics and their labels: each must be
    // known as declared.
    if read_whole {
        crate::alert::check(ctxt, family);
    }
}

/// The prefix becomes part of every name, so it follows the name rules.
fn prefix(ctxt: &mut Ctxt, family: &Family) {
    if let Some((prefix, span)) = &family.prefix {
        if !is_valid_name(prefix) {
            ctxt.error(
                *span,
                format!(
                    "invalid prefix `{prefix}`: {}",
                    crate::names::why_invalid(prefix)
                ),
            );
        } else if prefix.starts_with("__") {
            ctxt.error(*span, format!("prefix `{prefix}` starts with `__`, which Prometheus reserves; remove the leading underscores"));
        } else if let Some(stem) = prefix.strip_suffix('_') {
            let stem = stem.trim_end_matches('_');
            let remedy = if stem.is_empty() {
                "remove `prefix`, or give a word such as `sync`".to_owned()
            } else {
                format!("write `{stem}`")
            };
            ctxt.error(
                *span,
                format!("prefix `{prefix}` ends in `_`, which is added between prefix and name; {remedy}"),
            );
        } else {
            for problem in crate::rules::prefix(prefix) {
                ctxt.error(*span, problem.message);
            }
        }
    }
}

/// Constant labels are label names, written on every sample of every
/// metric of an instance: they follow the label rules, leave the names
/// Prometheus gives meaning to alone, become parameters of `new`, and
/// clash with no metric's own label.
fn const_labels(ctxt: &mut Ctxt, family: &Family) {
    let Some((labels, span)) = &family.const_labels else {
        return;
    };
    if labels.is_empty() {
        ctxt.error(
            *span,
            "`const_labels()` is empty; remove it, or name at least one constant label",
        );
        return;
    }
    let mut seen: HashMap<String, proc_macro2::Span> = HashMap::new();
    for label in labels {
        let name = label.exported.clone();
        let at = label.name.span();
        if name.starts_with("__") {
            ctxt.error(
                at,
                format!("constant label `{name}` starts with `__`, which Prometheus reserves; rename it"),
            );
        } else if !is_valid_name(&name) {
            ctxt.error(
                at,
                format!(
                    "invalid constant label name `{name}`: {}",
                    crate::names::why_invalid(&name)
                ),
            );
        } else if let Some(why) = reserved_const_label(&name) {
            ctxt.error(at, format!("constant label `{name}` {why}; rename it"));
        } else if matches!(name.as_str(), "self" | "Self" | "super" | "crate") {
            ctxt.error(
                at,
                format!("constant label `{name}` becomes a parameter of `new`, which Rust does not allow; rename it"),
            );
        }
        if seen.insert(name.clone(), at).is_some() {
            ctxt.error(
                at,
                format!("duplicate constant label `{name}`; rename or remove one of them"),
            );
        }
    }
    for metric in family.metrics.iter().filter(|m| !m.flawed) {
        for label in metric.label_list() {
            if seen.contains_key(&label.exported) {
                ctxt.error(
                    label.name.span(),
                    format!(
                        "label `{}` of `{}` is also a constant label of the family, which every sample of an instance already carries; rename one of them",
                        label.exported, metric.field
                    ),
                );
            }
        }
    }
}

/// Why a constant label may not take `name`, if it may not.
fn reserved_const_label(name: &str) -> Option<&'static str> {
    Some(match name {
        "le" => "is the bucket label of histograms",
        "quantile" => "is reserved for summaries",
        _ => return crate::rules::target_label(name),
    })
}

/// Names follow Prometheus' rules; the type suffix is the encoder's job.
fn metric_name(ctxt: &mut Ctxt, family: &Family, metric: &Metric) {
    let (name, span) = (&metric.name.0, metric.name.1);
    if name.is_empty() {
        ctxt.error(
            span,
            "metric name is empty; remove `name` to use the field's name, or give one",
        );
        return;
    }
    if !is_valid_name(name) {
        ctxt.error(
            span,
            format!(
                "invalid metric name `{name}`: {}",
                crate::names::why_invalid(name)
            ),
        );
        return;
    }
    // Only asked when a remedy names another name: rare.
    let taken = |stem: &str| {
        let samples = samples_named(family, metric, stem);
        family
            .metrics
            .iter()
            .filter(|other| other.field != metric.field)
            .any(|other| {
                sample_names(family, other)
                    .iter()
                    .any(|s| samples.contains(s))
            })
    };
    let declared = crate::rules::Declared {
        prefix: family.prefix.as_ref().map(|(p, _)| p.as_str()),
        name,
        unit: metric.unit.as_ref().map(|(u, _)| u.as_str()),
        kind: metric.kind,
        taken: &taken,
    };
    for problem in crate::rules::metric_name(&declared) {
        let at = match (problem.part, &metric.unit) {
            (crate::rules::Part::Unit, Some((_, unit_span))) => *unit_span,
            _ => span,
        };
        ctxt.error(at, problem.message);
    }
}

/// A unit is appended to the name, so it is a lowercase word.
fn unit(ctxt: &mut Ctxt, metric: &Metric) {
    if let Some((unit, span)) = &metric.unit {
        let ok = !unit.is_empty()
            && unit
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if unit.is_empty() {
            ctxt.error(
                *span,
                "`unit` is empty; remove it, or give a base unit such as `seconds` or `bytes`",
            );
        } else if !ok || unit.starts_with('_') || unit.ends_with('_') {
            let hint = crate::names::closest(&unit.to_lowercase(), crate::rules::UNITS)
                .unwrap_or("seconds");
            ctxt.error(
                *span,
                format!("invalid unit `{unit}`; use a lowercase base unit such as `{hint}`"),
            );
        }
    }
}

fn help(ctxt: &mut Ctxt, family: &Family, metric: &Metric) {
    if family.require_help && metric.help.is_none() {
        ctxt.error(
            metric.field.span(),
            format!("metric `{}` has no help text, which `require_help` asks for; add a `///` doc comment", metric.field),
        );
    }
}

fn labels(ctxt: &mut Ctxt, metric: &Metric) {
    let Some((labels, span)) = &metric.labels else {
        return;
    };
    if labels.is_empty() {
        ctxt.error(
            *span,
            "`labels()` is empty; remove it, or name at least one label",
        );
        return;
    }
    let mut seen = HashMap::new();
    for label in labels {
        let name = label.exported.clone();
        if name.starts_with("__") {
            ctxt.error(
                label.name.span(),
                format!(
                    "label name `{name}` starts with `__`, which Prometheus reserves; rename it"
                ),
            );
        } else if !is_valid_name(&name) {
            ctxt.error(
                label.name.span(),
                format!(
                    "invalid label name `{name}`: {}",
                    crate::names::why_invalid(&name)
                ),
            );
        }
        for problem in crate::rules::label_name(&name, metric.kind) {
            ctxt.error(label.name.span(), problem.message);
        }
        if seen.insert(name.clone(), label.name.span()).is_some() {
            ctxt.error(
                label.name.span(),
                format!("duplicate label `{name}` in this metric; rename or remove one of them"),
            );
        }
    }
    for (span, message) in shape_errors(metric) {
        ctxt.error(span, message);
    }
}

/// What makes a label list one the runtime cannot carry: more free-form or
/// enum labels than it takes. The fallback types such a field with the same
/// error (`fallback::Fallback::new`), which rustc reports once, so that
/// recordings into it report nothing more.
pub fn shape_errors(metric: &Metric) -> Vec<(Span, String)> {
    let Some((labels, span)) = &metric.labels else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let free = labels.iter().filter(|l| l.free).count();
    let enums = labels.len() - free;
    if metric.kind == Kind::Info {
        if labels.len() > MAX_INFO_LABELS {
            errors.push((
                *span,
                format!(
                    "{} labels is more than the {MAX_INFO_LABELS} an info metric takes; split it into two info metrics",
                    labels.len()
                ),
            ));
        }
        return errors;
    }
    if metric.kind == Kind::StateSet {
        if let Some(label) = labels.iter().find(|l| l.free) {
            errors.push((
                label.ty_span(),
                format!(
                    "a state set's labels beside its state are enums, and `{}` is a free-form `String`; make it a `#[derive(LabelValue)]` enum, or put the state in a `Gauge` per value",
                    label.exported
                ),
            ));
        }
    }
    if free > MAX_FREE_LABELS {
        let names: Vec<String> = labels
            .iter()
            .filter(|l| l.free)
            .map(|l| format!("`{}`", l.exported))
            .collect();
        errors.push((
            *span,
            format!(
                "{free} free-form `String` labels ({}) is more than the {MAX_FREE_LABELS} a metric takes, as their combinations multiply; make one an enum, or split the metric",
                names.join(", ")
            ),
        ));
    }
    if enums > MAX_ENUM_LABELS {
        let what = if free == 0 { "labels" } else { "enum labels" };
        errors.push((
            *span,
            format!(
                "{enums} {what} is more than the {MAX_ENUM_LABELS} a metric takes; split the metric"
            ),
        ));
    }
    errors
}

fn buckets(ctxt: &mut Ctxt, metric: &Metric) {
    match (&metric.buckets, metric.kind) {
        (Some(b), Kind::Histogram | Kind::NativeHistogram) => {
            bucket::check(ctxt, &b.spec, b.span);
        }
        (Some(b), _) => ctxt.error(
            b.span,
            "`buckets` applies to histograms only; remove it, or make the field a `Histogram`",
        ),
        (None, _) => {}
    }
}

/// A native histogram's keys: on native histograms only, each in range.
fn native(ctxt: &mut Ctxt, metric: &Metric) {
    let keys = &metric.native;
    if metric.kind != Kind::NativeHistogram {
        if let Some((key, span)) = keys.first() {
            ctxt.error(
                span,
                format!("`{key}` applies to native histograms only; remove it, or make the field a `NativeHistogram`"),
            );
        }
        return;
    }
    if let Some((schema, start, end)) = keys.schema {
        if !(-4..=8).contains(&schema) {
            ctxt.error_range(
                start,
                end,
                format!("`schema = {schema}` is out of range: native histogram schemas run from -4 (a bucket per factor of 65536) to 8 (256 buckets per power of two); the default, 3, has 8 buckets per power of two"),
            );
        }
    }
    if let Some(z) = &keys.zero_threshold {
        if !(z.value >= 0.0 && z.value.is_finite()) {
            let (lo, hi) = z.range();
            ctxt.error_range(
                lo,
                hi,
                format!("`zero_threshold = {:?}` must be a finite number of at least 0: the magnitude up to which values count in the zero bucket, e.g. `zero_threshold = 1e-9`", z.value),
            );
        }
    }
    if let Some((max, span)) = keys.max_buckets {
        if !(1..=1000).contains(&max) {
            ctxt.error(
                span,
                format!("`max_buckets = {max}` is out of range: keep from 1 to 1000 buckets per series (the default is 160; past it a series falls back to schema -4)"),
            );
        }
    }
}

/// Info metrics and state sets: the keys each needs and refuses.
fn info_and_states(ctxt: &mut Ctxt, family: &Family, metric: &Metric) {
    let what = match metric.kind {
        Kind::Info => "an info metric",
        Kind::StateSet => "a state set",
        _ => {
            if let Some((_, span)) = &metric.states {
                ctxt.error(
                    *span,
                    "`states` applies to state sets only; remove it, or make the field a `StateSet`",
                );
            }
            return;
        }
    };
    if let Some((unit, span)) = &metric.unit {
        ctxt.error(
            *span,
            format!("{what} has no unit (OpenMetrics allows none on `info` and `stateset`); remove `unit = \"{unit}\"`, and say what it is in the name or the help"),
        );
    }
    for (key, span) in [
        ("max_series", metric.max_series.map(|(_, s)| s)),
        ("max_value_len", metric.max_value_len.map(|(_, s)| s)),
    ] {
        if let Some(span) = span {
            let why = if metric.kind == Kind::Info {
                "it has one series, whose label values `set` replaces"
            } else {
                "its labels are enums, so its series are fixed"
            };
            ctxt.error(
                span,
                format!("`{key}` does not apply to {what}: {why}; remove it"),
            );
        }
    }
    if metric.kind == Kind::Info {
        if let Some((_, span)) = &metric.states {
            ctxt.error(
                *span,
                "`states` applies to state sets, not to an info metric; remove it, or make the field a `StateSet`",
            );
        }
        if metric.label_list().is_empty() && metric.labels.is_none() {
            ctxt.error(
                metric.field.span(),
                format!(
                    "info metric `{}` has no labels, and an info metric is its label set; add them, e.g. `#[metric(labels(version: String, commit: String))]`",
                    metric.field
                ),
            );
        }
        return;
    }
    let state_label = exported_name(family, metric);
    if let (Some(states), Some((_, span))) = (
        crate::fallback::states_written_as_a_label(metric),
        &metric.labels,
    ) {
        let states = crate::label_types::written(states);
        ctxt.error(
            *span,
            format!(
                "state set `{}` needs its states, which `states = ..` names (`labels(..)` only label each set of states); for the states of `{states}`, write `states = {states}` in place of this `labels(..)`",
                metric.field,
            ),
        );
    } else if metric.states.is_none() {
        ctxt.error(
            metric.field.span(),
            format!(
                "state set `{}` needs its states; add `#[metric(states = Enum)]`, naming a `#[derive(LabelValue)]` enum whose values are the states",
                metric.field
            ),
        );
    }
    for label in metric.label_list() {
        if label.exported == state_label {
            ctxt.error(
                label.name.span(),
                format!(
                    "label `{}` has the state set's name, which its state label takes (OpenMetrics names it after the metric); rename the label",
                    label.exported
                ),
            );
        }
    }
    for name in family.const_label_list() {
        if name.exported == state_label {
            ctxt.error(
                metric.name.1,
                format!(
                    "state set `{}` exports its state label as `{state_label}`, a constant label of the family; rename the metric with `#[metric(name = \"...\")]`",
                    metric.field
                ),
            );
        }
    }
}

fn max_series(ctxt: &mut Ctxt, metric: &Metric) {
    if matches!(metric.kind, Kind::Info | Kind::StateSet) {
        return;
    }
    if let Some((n, span)) = metric.max_series {
        if !metric.is_free() {
            ctxt.error(span, "`max_series` bounds free-form labels, and this metric has none, so its series are already fixed; remove it");
        } else if n == 0 {
            ctxt.error(
                span,
                "`max_series = 0` would send every series to the overflow series; give at least 1",
            );
        }
    }
}

fn max_value_len(ctxt: &mut Ctxt, metric: &Metric) {
    if matches!(metric.kind, Kind::Info | Kind::StateSet) {
        return;
    }
    if let Some((n, span)) = metric.max_value_len {
        if !metric.is_free() {
            ctxt.error(span, "`max_value_len` bounds the values of free-form `String` labels, and this metric has none, so its values are its enums' own; remove it");
        } else if n == 0 {
            ctxt.error(
                span,
                "`max_value_len = 0` would send every value but the empty one to the overflow series; give a length in bytes, e.g. `max_value_len = 256`",
            );
        }
    }
}

/// Two metrics that export the same sample name would be one series to
/// Prometheus; find them after prefix, unit and suffix are applied.
fn duplicate_exports(ctxt: &mut Ctxt, family: &Family) {
    let mut seen: HashMap<String, &Metric> = HashMap::new();
    for metric in family.metrics.iter().filter(|m| !m.flawed) {
        for sample in sample_names(family, metric) {
            if let Some(first) = seen.get(&sample) {
                if first.field != metric.field {
                    ctxt.error(
                        metric.name.1,
                        format!(
                            "`{}` exports `{sample}`, as `{}` (line {}) already does; rename one of them with `#[metric(name = \"...\")]`",
                            metric.field,
                            first.field,
                            first.name.1.start().line
                        ),
                    );
                    break;
                }
            } else {
                seen.insert(sample, metric);
            }
        }
    }
}

/// The exported family name: prefix, name, unit.
pub fn exported_name(family: &Family, metric: &Metric) -> String {
    exported(family, metric, &metric.name.0)
}

/// [`exported_name`] of `metric` were it named `metric_name`.
fn exported(family: &Family, metric: &Metric, metric_name: &str) -> String {
    let mut name = String::new();
    if let Some((prefix, _)) = &family.prefix {
        name.push_str(prefix);
        name.push('_');
    }
    name.push_str(metric_name);
    if let Some((unit, _)) = &metric.unit {
        name.push('_');
        name.push_str(unit);
    }
    name
}

/// Every name a metric takes, as the runtime's registration check counts
/// them (`metrics-runtime-core/src/registry.rs`, `Exported::names`): the family
/// name, the samples of either text format (OpenMetrics counters and
/// histograms may carry `_created`), and a free-form metric's overflow
/// counter. Kept in step by `ui-tests/fail/names/duplicate_*` cases.
fn sample_names(family: &Family, metric: &Metric) -> Vec<String> {
    samples_named(family, metric, &metric.name.0)
}

/// [`sample_names`] of `metric` were it named `name`.
fn samples_named(family: &Family, metric: &Metric, name: &str) -> Vec<String> {
    let base = exported(family, metric, name);
    let suffixes: &[&str] = match metric.kind {
        Kind::Counter => &["_total", "_created"],
        Kind::Gauge | Kind::FloatGauge | Kind::StateSet => &[""],
        Kind::Histogram | Kind::NativeHistogram => &["_bucket", "_sum", "_count", "_created"],
        Kind::Info => &["_info"],
    };
    let mut names: Vec<String> = suffixes.iter().map(|s| format!("{base}{s}")).collect();
    // The family name itself is what `# TYPE` lines carry.
    names.push(base.clone());
    if metric.is_free() {
        names.push(format!("{base}_overflow"));
        names.push(format!("{base}_overflow_total"));
        names.push(format!("{base}_overflow_created"));
    }
    names
}

/// `title` and `group` become headings in rendered docs; an empty one would
/// be a heading with no text.
fn doc_headings(ctxt: &mut Ctxt, family: &Family) {
    let headings = family.title.iter().map(|t| ("title", t));
    let groups = family
        .metrics
        .iter()
        .filter(|m| !m.flawed)
        .filter_map(|m| m.group.as_ref())
        .map(|g| ("group", g));
    for (key, (text, span)) in headings.chain(groups) {
        if text.trim().is_empty() {
            ctxt.error(
                *span,
                format!("`{key}` is empty; give the heading text, or remove `{key}`"),
            );
        }
    }
}
