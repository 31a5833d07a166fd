//! A set of families as data, and the reference documentation rendered from
//! it.
//!
//! See [`Catalog`].

use std::fmt::Write as _;

use metrics_runtime::{
    overflow_counter_name, FamilyDescriptor, LabelValues, MetricDescriptor, MetricFamily,
    MetricKind, OVERFLOW_LABEL_VALUE,
};

/// The families a program declares, gathered: what its reference docs are
/// rendered from and what queries are checked against.
///
/// # Examples
///
/// ```
/// use metrics_catalog::Catalog;
/// use metrics_runtime::{metrics_family, Counter, LabelValue, MetricKind};
///
/// /// Which store branch.
/// #[derive(Clone, Copy, LabelValue)]
/// enum Branch {
///     /// The namespace's own rows.
///     Namespace,
///     /// A subgroup's rows.
///     Subgroup,
/// }
///
/// /// TEE self-purge.
/// #[metrics_family(prefix = "context_group_store")]
/// struct SelfPurgeMetrics {
///     /// Self-purge local-state cleanup failures.
///     #[metric(labels(branch: Branch))]
///     self_purge_failures: Counter,
/// }
///
/// let catalog = Catalog::new().with::<SelfPurgeMetrics>();
/// let series = catalog.series("context_group_store_self_purge_failures_total").unwrap();
/// assert_eq!(series.metric.kind, MetricKind::Counter);
/// assert_eq!(series.suffix, "_total");
/// assert!(catalog.series("context_group_store_self_purge_failures").is_none());
///
/// let markdown = catalog.to_markdown();
/// assert!(markdown.contains(
///     "| `context_group_store_self_purge_failures_total` | `Family<Counter>` | branch | \
///      Self-purge local-state cleanup failures. branch ∈ {namespace, subgroup} |"
/// ));
/// assert!(catalog.to_json().contains(r#""samples": ["context_group_store_self_purge_failures_total"]"#));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    families: Vec<FamilyDescriptor>,
}

/// One exported sample name, resolved: the metric that exports it and which
/// of its suffixes it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Series<'a> {
    /// The family declaring the metric.
    pub family: &'a FamilyDescriptor,
    /// The metric.
    pub metric: &'a MetricDescriptor,
    /// The sample's suffix: one of the kind's
    /// [`sample_suffixes`](MetricKind::sample_suffixes), or
    /// [`OVERFLOW_SUFFIX`] for the overflow counter of a metric with a
    /// free-form label (a counter without the metric's labels).
    pub suffix: &'static str,
}

/// The suffix, after a metric's exported name, of the sample of its overflow
/// counter (see [`overflow_counter_name`]).
pub const OVERFLOW_SUFFIX: &str = "_overflow_total";

impl Series<'_> {
    /// Whether this is the overflow counter of the metric rather than one of
    /// its own samples.
    pub fn is_overflow_counter(&self) -> bool {
        self.suffix == OVERFLOW_SUFFIX
    }

    /// The full sample name.
    pub fn name(&self) -> String {
        format!(
            "{}{}",
            self.metric.exported_name(self.family.prefix),
            self.suffix
        )
    }
}

impl Catalog {
    /// A catalogue with no family.
    pub fn new() -> Self {
        Self::default()
    }

    /// This catalogue and the family `F`.
    pub fn with<F: MetricFamily>(mut self) -> Self {
        self.families.push(*F::descriptor());
        self
    }

    /// Adds a family from its descriptor.
    pub fn add(&mut self, family: &FamilyDescriptor) -> &mut Self {
        self.families.push(*family);
        self
    }

    /// A catalogue of the given families, in that order.
    ///
    /// ```
    /// use metrics_catalog::Catalog;
    /// use metrics_runtime::{metrics_family, Gauge, MetricFamily};
    ///
    /// #[metrics_family(prefix = "a")]
    /// struct A {
    ///     /// Depth
    ///     depth: Gauge,
    /// }
    /// #[metrics_family(prefix = "b")]
    /// struct B {
    ///     /// Depth
    ///     depth: Gauge,
    /// }
    ///
    /// let catalog = Catalog::from_families([A::descriptor(), B::descriptor()]);
    /// assert_eq!(catalog.families().len(), 2);
    /// assert!(catalog.series("b_depth").is_some());
    /// ```
    pub fn from_families<'a>(families: impl IntoIterator<Item = &'a FamilyDescriptor>) -> Self {
        Self {
            families: families.into_iter().copied().collect(),
        }
    }

    /// The families, in the order they were added.
    pub fn families(&self) -> &[FamilyDescriptor] {
        &self.families
    }

    /// Every metric with its family, in order.
    pub fn metrics(&self) -> impl Iterator<Item = (&FamilyDescriptor, &MetricDescriptor)> {
        self.families
            .iter()
            .flat_map(|family| family.metrics.iter().map(move |metric| (family, metric)))
    }

    /// Every exported sample name (`sync_attempts_total`,
    /// `sync_duration_seconds_bucket`, ...), in order, each metric's
    /// overflow counter after its own samples.
    pub fn sample_names(&self) -> Vec<String> {
        self.metrics()
            .flat_map(|(family, metric)| samples_with_overflow(family, metric))
            .collect()
    }

    /// The metric exporting the sample `name`, if any family here does.
    ///
    /// ```
    /// use metrics_catalog::Catalog;
    /// use metrics_runtime::{metrics_family, Gauge};
    ///
    /// #[metrics_family]
    /// struct Contexts {
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String), max_series = 100)]
    ///     execution_count: Gauge,
    /// }
    ///
    /// let catalog = Catalog::new().with::<Contexts>();
    /// assert_eq!(catalog.series("execution_count").unwrap().suffix, "");
    /// let overflow = catalog.series("execution_count_overflow_total").unwrap();
    /// assert!(overflow.is_overflow_counter());
    /// assert_eq!(overflow.metric.field, "execution_count");
    /// assert!(catalog.series("execution_count_total").is_none());
    /// ```
    pub fn series(&self, name: &str) -> Option<Series<'_>> {
        self.metrics().find_map(|(family, metric)| {
            let base = metric.exported_name(family.prefix);
            let suffix = name.strip_prefix(base.as_str())?;
            if suffix == OVERFLOW_SUFFIX && overflow_counter_name(metric, family.prefix).is_some() {
                return Some(Series {
                    family,
                    metric,
                    suffix: OVERFLOW_SUFFIX,
                });
            }
            // A native histogram is also the series of its bare name: what
            // Prometheus stores from a protobuf scrape.
            let native: &[&'static str] = if metric.kind == MetricKind::NativeHistogram {
                &[""]
            } else {
                &[]
            };
            metric
                .kind
                .sample_suffixes()
                .iter()
                .chain(native)
                .find(|s| **s == suffix)
                .map(|&suffix| Series {
                    family,
                    metric,
                    suffix,
                })
        })
    }

    /// The reference documentation in Markdown: an index of the families,
    /// then one section per family with its table (Metric | Type | Labels |
    /// Description, as the reference writes it), the `le` values of its
    /// histograms, the values of its labels with their docs, and each
    /// metric's samples, unit, series bound and declaration.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let metrics = self.metrics().count();
        out.push_str("# Metrics reference\n\n");
        let _ = writeln!(
            out,
            "All Prometheus metrics, by family: {} {}, {} {}. Generated from the \
             `#[metrics_family]` declarations; do not edit by hand.\n",
            self.families.len(),
            plural(self.families.len(), "family", "families"),
            metrics,
            plural(metrics, "metric", "metrics"),
        );
        out.push_str("| Family | Metrics | Prefix | Declared in |\n| --- | --- | --- | --- |\n");
        for family in &self.families {
            let title = family_title(family);
            let _ = writeln!(
                out,
                "| [{}](#{}) | {} | {} | {} |",
                title,
                anchor(&title),
                family.metrics.len(),
                family
                    .prefix
                    .map_or_else(|| "none".to_owned(), |p| format!("`{p}_`")),
                family
                    .file()
                    .map_or_else(String::new, |file| format!("`{file}`")),
            );
        }
        for family in &self.families {
            out.push('\n');
            render_family(&mut out, family);
        }
        out
    }

    /// The catalogue as JSON: every family with its metrics, each with its
    /// exported and sample names, kind, unit, help, labels (with the values
    /// and their docs, or the series cap of a free-form label), buckets with
    /// their `le` forms, series bound and source location.
    ///
    /// ```
    /// use metrics_catalog::Catalog;
    /// use metrics_runtime::{metrics_family, Gauge};
    ///
    /// /// The "main" queue.
    /// #[metrics_family]
    /// struct Queue {
    ///     /// Events waiting
    ///     depth: Gauge,
    /// }
    ///
    /// let json = Catalog::new().with::<Queue>().to_json();
    /// assert!(json.contains(r#""doc": "The \"main\" queue.""#));
    /// assert!(json.contains(r#""type": "gauge""#));
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        out.push_str("{\n  \"families\": [");
        for (i, family) in self.families.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            json_family(&mut out, family);
        }
        if !self.families.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str("]\n}\n");
        out
    }
}

/// The samples of `metric`, then its overflow counter's if it has one.
fn samples_with_overflow(family: &FamilyDescriptor, metric: &MetricDescriptor) -> Vec<String> {
    let mut samples = metric.sample_names(family.prefix);
    if let Some(overflow) = overflow_counter_name(metric, family.prefix) {
        samples.push(format!("{overflow}_total"));
    }
    samples
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `SelfPurgeMetrics` -> `Self Purge Metrics`.
/// The family's heading: its `title`, or one made from the struct's name.
fn family_title(family: &FamilyDescriptor) -> String {
    family
        .title
        .map_or_else(|| title(family.name), str::to_owned)
}

fn title(type_name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = type_name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(' ');
            }
        }
        if c == '_' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The anchor GitHub gives a heading.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Text for a table cell: one line, `|` escaped.
pub(crate) fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The type column as the reference writes it: `Family<Counter>` for a
/// labelled metric.
fn type_column(metric: &MetricDescriptor) -> String {
    let kind = match metric.kind {
        MetricKind::Counter => "Counter",
        MetricKind::Gauge => "Gauge",
        MetricKind::FloatGauge => "Gauge<f64>",
        MetricKind::Histogram => "Histogram",
        MetricKind::NativeHistogram => "NativeHistogram",
        // One series, whatever its labels.
        MetricKind::Info => return "`Info`".to_owned(),
        MetricKind::StateSet if metric.labels.len() == 1 => return "`StateSet`".to_owned(),
        MetricKind::StateSet => "StateSet",
    };
    if metric.labels.is_empty() {
        format!("`{kind}`")
    } else {
        format!("`Family<{kind}>`")
    }
}

/// A number for people: at most 9 significant digits, no float noise
/// (`0.08000000000000002` -> `0.08`).
fn human_number(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let rounded: f64 = format!("{value:.8e}").parse().unwrap_or(value);
    format!("{rounded}")
}

/// A bucket bound for people: `1ms`, `1.28s` for seconds; with its unit
/// otherwise.
fn human_bound(bound: f64, unit: Option<&str>) -> String {
    match unit {
        Some("seconds") if bound.abs() < 1.0 && bound != 0.0 => {
            format!("{}ms", human_number(bound * 1000.0))
        }
        Some("seconds") => format!("{}s", human_number(bound)),
        Some(unit) => format!("{} {unit}", human_number(bound)),
        None => human_number(bound),
    }
}

fn description(metric: &MetricDescriptor) -> String {
    let mut text = metric.help.to_owned();
    let free: Vec<&str> = metric.free_labels().collect();
    let state = metric.state_label().map(|l| l.name);
    for label in metric.labels {
        let part = match label.values {
            // An info metric's text labels: its one series' values.
            LabelValues::Free { .. } if metric.kind == MetricKind::Info => {
                format!("{}: free-form, the value `set` gives", label.name)
            }
            LabelValues::Enum { values, .. } if state == Some(label.name) => {
                format!(
                    "{} ∈ {{{}}}: 1 for the current state, 0 for the others",
                    label.name,
                    values.join(", ")
                )
            }
            LabelValues::Enum { values, .. } => {
                format!("{} ∈ {{{}}}", label.name, values.join(", "))
            }
            // Two free-form labels: one part, at the first, for their pairs.
            LabelValues::Free { .. } if free.len() > 1 && label.name != free[0] => continue,
            LabelValues::Free {
                max_series,
                max_value_len,
            } => {
                let mut part = if free.len() > 1 {
                    format!(
                        "{}: free-form, at most {max_series} pairs of values",
                        free.join(", ")
                    )
                } else {
                    format!("{}: free-form, at most {max_series} values", label.name)
                };
                // The default length bound goes without saying.
                if max_value_len != metrics_runtime::Bounds::DEFAULT_MAX_VALUE_LEN {
                    let _ = write!(part, " of up to {max_value_len} bytes");
                }
                part
            }
        };
        if !text.is_empty() && !text.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&part);
    }
    if metric.kind.is_histogram() && !metric.buckets.is_empty() {
        let bounds: Vec<String> = metric
            .buckets
            .iter()
            .map(|&b| human_bound(b, metric.unit))
            .collect();
        let _ = write!(text, " (buckets: {})", bounds.join(", "));
    }
    if !metric.exemplar.is_empty() {
        let names: Vec<String> = metric.exemplar.iter().map(|n| format!("`{n}`")).collect();
        if !text.is_empty() {
            text.push(' ');
        }
        let _ = write!(text, "Exemplar: {} (OpenMetrics).", names.join(", "));
    }
    cell(&text)
}

fn render_family(out: &mut String, family: &FamilyDescriptor) {
    let _ = writeln!(out, "## {}\n", family_title(family));
    if !family.doc.trim().is_empty() {
        let _ = writeln!(out, "{}\n", family.doc.trim());
    }
    let _ = write!(out, "Declared by `{}`", family.name);
    if let Some(file) = family.file() {
        let _ = write!(out, " in `{file}`");
    }
    match family.prefix {
        Some(prefix) => {
            let _ = writeln!(
                out,
                ". Registered under the `{prefix}` prefix: every exported name starts with `{prefix}_`.\n"
            );
        }
        None => out.push_str(". No prefix: the names are exported as written.\n\n"),
    }

    // One table per `group`, in the order groups first appear; metrics
    // without a group come first, in a table of their own.
    let mut groups: Vec<Option<&str>> = Vec::new();
    for metric in family.metrics {
        if !groups.contains(&metric.group) {
            groups.push(metric.group);
        }
    }
    groups.sort_by_key(|g| g.is_some());
    for (i, group) in groups.iter().enumerate() {
        if let Some(group) = group {
            let _ = writeln!(out, "{}### {group}\n", if i == 0 { "" } else { "\n" });
        } else if i > 0 {
            out.push('\n');
        }
        out.push_str("| Metric | Type | Labels | Description |\n| --- | --- | --- | --- |\n");
        for metric in family.metrics.iter().filter(|m| m.group == *group) {
            let labels: Vec<&str> = metric.labels.iter().map(|l| l.name).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                metric.query_name(family.prefix),
                type_column(metric),
                labels.join(", "),
                description(metric),
            );
        }
    }

    let histograms: Vec<&MetricDescriptor> = family
        .metrics
        .iter()
        .filter(|m| m.kind.is_histogram() && !m.buckets.is_empty())
        .collect();
    if !histograms.is_empty() {
        out.push_str("\n### Buckets\n\n");
        out.push_str(
            "The `le` values of each histogram's `_bucket` series, as OpenMetrics writes them \
             and Prometheus 3 stores them (the 0.0.4 text format writes whole numbers without \
             `.0`).\n\n",
        );
        for metric in histograms {
            let les: Vec<String> = metric
                .bucket_labels()
                .iter()
                .map(|b| format!("`{}`", b.normalized))
                .chain(std::iter::once("`+Inf`".to_owned()))
                .collect();
            let _ = writeln!(
                out,
                "- `{}_bucket`: {}",
                metric.exported_name(family.prefix),
                les.join(", ")
            );
        }
    }

    render_label_values(out, family);
    crate::rules::render_markdown(out, family);

    out.push_str("\n### Series\n\n");
    out.push_str("| Metric | Samples | Unit | Series bound | Declared at |\n| --- | --- | --- | --- | --- |\n");
    for metric in family.metrics {
        let samples: Vec<String> = samples_with_overflow(family, metric)
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | `{}` |",
            metric.field,
            samples.join(", "),
            metric.unit.unwrap_or("—"),
            metric.max_series(),
            metric.location(),
        );
    }
}

fn render_label_values(out: &mut String, family: &FamilyDescriptor) {
    // Each label (by name and values) once, in order of first use, with
    // the metrics using it and which of them have other labels too.
    let mut seen: Vec<(&str, LabelValues, Vec<String>, Vec<String>)> = Vec::new();
    for metric in family.metrics {
        for label in metric.labels {
            // An info metric's text labels are in its row alone: no bound,
            // no overflow to describe.
            if metric.kind == MetricKind::Info && label.values.is_free() {
                continue;
            }
            let name = metric.query_name(family.prefix);
            let mixed = if metric.labels.len() > 1 {
                vec![name.clone()]
            } else {
                Vec::new()
            };
            match seen
                .iter_mut()
                .find(|(n, v, _, _)| *n == label.name && *v == label.values)
            {
                Some((_, _, users, mixers)) => {
                    users.push(name);
                    mixers.extend(mixed);
                }
                None => seen.push((label.name, label.values, vec![name], mixed)),
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    out.push_str("\n### Label values\n");
    for (name, values, users, mixed) in seen {
        let users: Vec<String> = users.iter().map(|u| format!("`{u}`")).collect();
        match values {
            LabelValues::Enum {
                type_name,
                values,
                docs,
            } => {
                let _ = writeln!(
                    out,
                    "\n`{name}` (`{type_name}`), on {}:\n",
                    users.join(", ")
                );
                out.push_str("| Value | Meaning |\n| --- | --- |\n");
                for (i, value) in values.iter().enumerate() {
                    let doc = docs.get(i).copied().unwrap_or_default();
                    let _ = writeln!(out, "| `{value}` | {} |", cell(doc));
                }
            }
            LabelValues::Free { max_series, .. } => {
                let _ = writeln!(
                    out,
                    "\n`{name}`, on {}: free-form; at most {max_series} values get their own \
                     series, later ones are counted in `{name}=\"{OVERFLOW_LABEL_VALUE}\"`, and \
                     how many recordings were folded there in the metric's `_overflow_total` \
                     counter (see Series).",
                    users.join(", ")
                );
                if !mixed.is_empty() {
                    let mixed: Vec<String> = mixed.iter().map(|m| format!("`{m}`")).collect();
                    let _ = writeln!(
                        out,
                        "On {}, which {} other labels too, `max_series` bounds the distinct \
                         tuples of free-form values; each held tuple has a series for every \
                         combination of the enum labels (exported at 0 until recorded), and a \
                         folded recording keeps its enum values, so sums by them stay exact.",
                        mixed.join(", "),
                        if mixed.len() == 1 { "has" } else { "have" },
                    );
                }
            }
        }
    }
}

/// `text` as a JSON string, quotes included.
pub(crate) fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON number, or `null` for a value JSON cannot hold.
fn json_number(out: &mut String, value: f64) {
    if value.is_finite() {
        let _ = write!(out, "{value}");
    } else {
        out.push_str("null");
    }
}

pub(crate) fn json_strings<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_string(out, item);
    }
    out.push(']');
}

pub(crate) fn json_optional(out: &mut String, value: Option<&str>) {
    match value {
        Some(v) => json_string(out, v),
        None => out.push_str("null"),
    }
}

fn json_family(out: &mut String, family: &FamilyDescriptor) {
    out.push_str("    {\n      \"name\": ");
    json_string(out, family.name);
    out.push_str(",\n      \"title\": ");
    json_string(out, &family_title(family));
    out.push_str(",\n      \"doc\": ");
    json_string(out, family.doc.trim());
    out.push_str(",\n      \"prefix\": ");
    json_optional(out, family.prefix);
    out.push_str(",\n      \"metrics\": [");
    for (i, metric) in family.metrics.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        json_metric(out, family, metric);
    }
    if !family.metrics.is_empty() {
        out.push_str("\n      ");
    }
    out.push(']');
    crate::rules::render_json(out, "      ", family.alerts, family.records);
    out.push_str("\n    }");
}

fn json_metric(out: &mut String, family: &FamilyDescriptor, metric: &MetricDescriptor) {
    const I: &str = "          ";
    out.push_str("        {\n");
    let _ = write!(out, "{I}\"field\": ");
    json_string(out, metric.field);
    let _ = write!(out, ",\n{I}\"name\": ");
    json_string(out, metric.name);
    let _ = write!(out, ",\n{I}\"exported_name\": ");
    json_string(out, &metric.exported_name(family.prefix));
    let _ = write!(out, ",\n{I}\"samples\": ");
    let samples = metric.sample_names(family.prefix);
    json_strings(out, samples.iter().map(String::as_str));
    let _ = write!(out, ",\n{I}\"type\": ");
    json_string(out, metric.kind.type_name());
    let _ = write!(out, ",\n{I}\"value\": ");
    json_string(
        out,
        match metric.kind {
            MetricKind::FloatGauge => "float",
            MetricKind::Histogram => "histogram",
            MetricKind::NativeHistogram => "native_histogram",
            MetricKind::Counter | MetricKind::Gauge => "integer",
            // Always 1; a state set's samples are 1 or 0.
            MetricKind::Info => "info",
            MetricKind::StateSet => "state",
        },
    );
    let _ = write!(out, ",\n{I}\"unit\": ");
    json_optional(out, metric.unit);
    let _ = write!(out, ",\n{I}\"help\": ");
    json_string(out, metric.help);
    let _ = write!(out, ",\n{I}\"group\": ");
    json_optional(out, metric.group);
    let _ = write!(out, ",\n{I}\"labels\": [");
    for (i, label) in metric.labels.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "{I}  {{\"name\": ");
        json_string(out, label.name);
        match label.values {
            LabelValues::Enum {
                type_name,
                values,
                docs,
            } => {
                out.push_str(", \"type\": ");
                json_string(out, type_name);
                out.push_str(", \"values\": [");
                for (j, value) in values.iter().enumerate() {
                    out.push_str(if j == 0 { "\n" } else { ",\n" });
                    let _ = write!(out, "{I}    {{\"value\": ");
                    json_string(out, value);
                    out.push_str(", \"doc\": ");
                    json_string(out, docs.get(j).copied().unwrap_or_default());
                    out.push('}');
                }
                let _ = write!(out, "\n{I}  ]}}");
            }
            LabelValues::Free { .. } if metric.kind == MetricKind::Info => {
                out.push_str(", \"type\": \"String\", \"free_form\": true}");
            }
            LabelValues::Free {
                max_series,
                max_value_len,
            } => {
                let _ = write!(
                    out,
                    ", \"type\": \"String\", \"free_form\": true, \"max_series\": {max_series}, \"overflow_value\": "
                );
                json_string(out, OVERFLOW_LABEL_VALUE);
                // Present when it is not the default (1024).
                if max_value_len != metrics_runtime::Bounds::DEFAULT_MAX_VALUE_LEN {
                    let _ = write!(out, ", \"max_value_len\": {max_value_len}");
                }
                out.push('}');
            }
        }
    }
    if !metric.labels.is_empty() {
        let _ = write!(out, "\n{I}");
    }
    out.push(']');
    let _ = write!(out, ",\n{I}\"buckets\": [");
    let labels = metric.bucket_labels();
    for (i, bucket) in labels.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "{I}  {{\"bound\": ");
        json_number(out, bucket.bound);
        out.push_str(", \"le\": ");
        json_string(out, &bucket.normalized);
        out.push_str(", \"le_text\": ");
        json_string(out, &bucket.text);
        out.push_str(", \"le_openmetrics\": ");
        json_string(out, &bucket.openmetrics);
        out.push('}');
    }
    if !labels.is_empty() {
        let _ = write!(out, "\n{I}");
    }
    out.push(']');
    // Present for a metric with exemplars only.
    if !metric.exemplar.is_empty() {
        let _ = write!(out, ",\n{I}\"exemplar\": [");
        for (i, name) in metric.exemplar.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            json_string(out, name);
        }
        out.push(']');
    }
    let _ = write!(out, ",\n{I}\"overflow_counter\": ");
    let overflow = overflow_counter_name(metric, family.prefix).map(|n| format!("{n}_total"));
    json_optional(out, overflow.as_deref());
    let _ = write!(out, ",\n{I}\"max_series\": {}", metric.max_series());
    let _ = write!(out, ",\n{I}\"source\": {{\"file\": ");
    json_string(out, metric.file);
    let _ = write!(out, ", \"line\": {}}}", metric.line);
    crate::rules::render_json(out, I, metric.alerts, metric.records);
    out.push_str("\n        }");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_camel_case() {
        assert_eq!(title("SelfPurgeMetrics"), "Self Purge Metrics");
        assert_eq!(
            title("NetworkEventChannelMetrics"),
            "Network Event Channel Metrics"
        );
        assert_eq!(title("TEEMetrics"), "TEE Metrics");
        assert_eq!(title("Http2Metrics"), "Http2 Metrics");
        assert_eq!(anchor("Self Purge Metrics"), "self-purge-metrics");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        json_string(&mut out, "a \"b\" \\ c\nd\te\u{1}\u{2028}é∈");
        assert_eq!(out, r#""a \"b\" \\ c\nd\te\u0001\u2028é∈""#);
    }

    #[test]
    fn bounds_read_without_float_noise() {
        assert_eq!(human_bound(0.01 * 2f64.powi(3), Some("seconds")), "80ms");
        assert_eq!(human_bound(1.28, Some("seconds")), "1.28s");
        assert_eq!(human_bound(0.001, Some("seconds")), "1ms");
        assert_eq!(human_bound(163.84, Some("seconds")), "163.84s");
        assert_eq!(human_bound(1024.0, Some("bytes")), "1024 bytes");
        assert_eq!(human_bound(0.25, None), "0.25");
    }

    #[test]
    fn cells_are_one_line_and_escape_pipes() {
        assert_eq!(cell("a |\n b"), "a \\| b");
    }
}
