//! The alerting and recording rules the families declare, gathered and
//! rendered as a Prometheus rule file (and in the Markdown and JSON
//! reference).
//!
//! See [`Catalog::rule_file`].

use std::fmt::Write as _;

use metrics_runtime::{AlertDescriptor, FamilyDescriptor, MetricDescriptor, RecordDescriptor};

use crate::catalog::{json_optional, json_string, json_strings};
use crate::Catalog;

/// One declared alert, with where it is declared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alert<'a> {
    /// The family declaring it.
    pub family: &'a FamilyDescriptor,
    /// The metric it is declared on; `None` for an alert on the family.
    pub metric: Option<&'a MetricDescriptor>,
    /// The alert.
    pub alert: &'a AlertDescriptor,
}

/// One declared recording rule, with where it is declared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record<'a> {
    /// The family declaring it.
    pub family: &'a FamilyDescriptor,
    /// The metric it is declared on; `None` for a rule on the family.
    pub metric: Option<&'a MetricDescriptor>,
    /// The rule.
    pub record: &'a RecordDescriptor,
}

/// The catalogue's rules as a Prometheus rule file: one group per family
/// that declares rules, named after the family's struct; in each, the
/// recording rules first (so an alert on a recorded series reads this
/// evaluation's value), then the alerts, the family's own before its
/// metrics', in declaration order.
///
/// ```
/// use metrics_catalog::Catalog;
/// use metrics_runtime::{metrics_family, Counter};
///
/// #[metrics_family(prefix = "network_event_channel")]
/// struct Channel {
///     /// Events dropped (channel full)
///     #[metric(alert(
///         name = "NetworkEventChannelDrops",
///         expr = "rate(network_event_channel_dropped_total[5m]) > 0",
///         for = "1m",
///         severity = "warning",
///         labels(team = "network"),
///     ))]
///     dropped: Counter,
/// }
///
/// let yaml = Catalog::new().with::<Channel>().rule_file().to_yaml();
/// assert!(yaml.contains("  - name: Channel\n    rules:\n"));
/// assert!(yaml.contains(concat!(
///     "      - alert: NetworkEventChannelDrops\n",
///     "        expr: 'rate(network_event_channel_dropped_total[5m]) > 0'\n",
///     "        for: 1m\n",
///     "        labels:\n",
///     "          severity: warning\n",
///     "          team: network\n",
///     "        annotations:\n",
///     "          summary: 'Events dropped (channel full)'\n",
/// )));
///
/// // For an end-to-end run that should not wait: every `for` replaced.
/// let quick = Catalog::new().with::<Channel>().rule_file().with_for("0s").to_yaml();
/// assert!(quick.contains("        for: 0s\n"));
/// ```
#[derive(Clone, Debug)]
pub struct RuleFile<'a> {
    catalog: &'a Catalog,
    for_override: Option<String>,
}

impl<'a> RuleFile<'a> {
    /// The same file with every alert's `for` set to `duration` (a
    /// Prometheus duration such as `0s`), for a test that cannot wait for
    /// the declared ones. The declarations are unchanged.
    pub fn with_for(mut self, duration: &str) -> Self {
        self.for_override = Some(duration.to_owned());
        self
    }

    /// The rule file, as YAML that `promtool check rules` and Prometheus'
    /// `rule_files` read.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# Prometheus rules generated from the #[metrics_family] declarations\n\
             # (metrics_catalog::Catalog::rule_file); do not edit by hand.\n",
        );
        let families: Vec<&FamilyDescriptor> = self
            .catalog
            .families()
            .iter()
            .filter(|f| has_rules(f))
            .collect();
        if families.is_empty() {
            out.push_str("groups: []\n");
            return out;
        }
        out.push_str("groups:\n");
        for family in families {
            let _ = writeln!(out, "  - name: {}\n    rules:", yaml_string(family.name));
            for record in family_records(family) {
                let r = record.record;
                let _ = writeln!(
                    out,
                    "      # {}",
                    declared(record.metric, family, r.file, r.line)
                );
                let _ = writeln!(out, "      - record: {}", yaml_string(r.name));
                let _ = writeln!(out, "        expr: {}", yaml_string(r.expr));
                pairs(&mut out, "labels", r.labels.iter().copied());
            }
            for alert in family_alerts(family) {
                let a = alert.alert;
                let _ = writeln!(
                    out,
                    "      # {}",
                    declared(alert.metric, family, a.file, a.line)
                );
                let _ = writeln!(out, "      - alert: {}", yaml_string(a.name));
                let _ = writeln!(out, "        expr: {}", yaml_string(a.expr));
                if let Some(d) = self.for_override.as_deref().or(a.for_duration) {
                    let _ = writeln!(out, "        for: {}", yaml_string(d));
                }
                let labels = std::iter::once(("severity", a.severity.as_str()))
                    .chain(a.labels.iter().copied());
                pairs(&mut out, "labels", labels);
                let annotations = [("summary", a.summary), ("description", a.description)]
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .chain(a.annotations.iter().copied());
                pairs(&mut out, "annotations", annotations);
            }
        }
        out
    }
}

impl Catalog {
    /// The declared rules as a Prometheus rule file; see [`RuleFile`].
    pub fn rule_file(&self) -> RuleFile<'_> {
        RuleFile {
            catalog: self,
            for_override: None,
        }
    }

    /// Every declared alert, family by family: the family's own, then its
    /// metrics' in field order.
    ///
    /// ```
    /// use metrics_catalog::Catalog;
    /// use metrics_runtime::{metrics_family, Gauge};
    ///
    /// #[metrics_family(
    ///     prefix = "queue",
    ///     alert(name = "QueueFull", expr = "queue_depth >= 100", severity = "critical", summary = "The queue is full"),
    /// )]
    /// struct Queue {
    ///     /// Events waiting
    ///     #[metric(alert(name = "QueueBacklog", expr = "queue_depth > 80", for = "5m", severity = "warning"))]
    ///     depth: Gauge,
    /// }
    ///
    /// let catalog = Catalog::new().with::<Queue>();
    /// let names: Vec<&str> = catalog.alerts().map(|a| a.alert.name).collect();
    /// assert_eq!(names, ["QueueFull", "QueueBacklog"]);
    /// assert_eq!(catalog.alerts().nth(1).unwrap().metric.unwrap().field, "depth");
    /// ```
    pub fn alerts(&self) -> impl Iterator<Item = Alert<'_>> {
        self.families().iter().flat_map(family_alerts)
    }

    /// Every declared recording rule, in the order of [`alerts`](Self::alerts).
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.families().iter().flat_map(family_records)
    }

    /// The recording rule that records the series `name`, if one is declared.
    pub fn record(&self, name: &str) -> Option<Record<'_>> {
        self.records().find(|r| r.record.name == name)
    }
}

fn has_rules(family: &FamilyDescriptor) -> bool {
    !family.alerts.is_empty()
        || !family.records.is_empty()
        || family
            .metrics
            .iter()
            .any(|m| !m.alerts.is_empty() || !m.records.is_empty())
}

fn family_alerts(family: &FamilyDescriptor) -> impl Iterator<Item = Alert<'_>> {
    let own = family.alerts.iter().map(move |alert| Alert {
        family,
        metric: None,
        alert,
    });
    let metrics = family.metrics.iter().flat_map(move |metric| {
        metric.alerts.iter().map(move |alert| Alert {
            family,
            metric: Some(metric),
            alert,
        })
    });
    own.chain(metrics)
}

fn family_records(family: &FamilyDescriptor) -> impl Iterator<Item = Record<'_>> {
    let own = family.records.iter().map(move |record| Record {
        family,
        metric: None,
        record,
    });
    let metrics = family.metrics.iter().flat_map(move |metric| {
        metric.records.iter().map(move |record| Record {
            family,
            metric: Some(metric),
            record,
        })
    });
    own.chain(metrics)
}

/// "declared on `Sync::failures` at src/sync.rs:40".
fn declared(
    metric: Option<&MetricDescriptor>,
    family: &FamilyDescriptor,
    file: &str,
    line: u32,
) -> String {
    match metric {
        Some(m) => format!("declared on {}::{} at {file}:{line}", family.name, m.field),
        None => format!("declared on {} at {file}:{line}", family.name),
    }
}

fn pairs<'s>(out: &mut String, key: &str, pairs: impl Iterator<Item = (&'s str, &'s str)>) {
    let pairs: Vec<(&str, &str)> = pairs.collect();
    if pairs.is_empty() {
        return;
    }
    let _ = writeln!(out, "        {key}:");
    for (k, v) in pairs {
        let _ = writeln!(out, "          {k}: {}", yaml_string(v));
    }
}

/// `text` as a YAML scalar: bare when it is a plain word (a name, a
/// duration), single-quoted when it is printable on one line (`'` doubled),
/// else double-quoted with escapes.
pub(crate) fn yaml_string(text: &str) -> String {
    let bare = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    let duration = is_duration(text);
    if bare || duration {
        return text.to_owned();
    }
    let printable = text.chars().all(|c| !c.is_control());
    if printable && !text.starts_with(' ') && !text.ends_with(' ') {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `5m`, `1h30m`, `100ms`: digits and units, which YAML reads as a string.
fn is_duration(text: &str) -> bool {
    let mut rest = text;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = ["ms", "s", "m", "h", "d", "w", "y"]
            .into_iter()
            .find(|u| rest.starts_with(u));
        match unit {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

/// The family's rules for the Markdown reference: a section listing each
/// recording rule and alert with the metric it is declared on.
pub(crate) fn render_markdown(out: &mut String, family: &FamilyDescriptor) {
    let records: Vec<Record<'_>> = family_records(family).collect();
    let alerts: Vec<Alert<'_>> = family_alerts(family).collect();
    if !records.is_empty() {
        out.push_str("\n### Recording rules\n\n");
        for r in &records {
            let _ = writeln!(
                out,
                "- `{}` = `{}`{}. Declared at `{}`.",
                r.record.name,
                one_line(r.record.expr),
                on(r.metric, family),
                r.record.location()
            );
        }
    }
    if !alerts.is_empty() {
        out.push_str("\n### Alerts\n\n");
        for a in &alerts {
            let alert = a.alert;
            let _ = write!(
                out,
                "- `{}` ({}{}){}: `{}`. {}",
                alert.name,
                alert.severity.as_str(),
                alert
                    .for_duration
                    .map_or_else(String::new, |d| format!(", for {d}")),
                on(a.metric, family),
                one_line(alert.expr),
                sentence(&crate::catalog::cell(alert.summary)),
            );
            if !alert.description.is_empty() {
                let _ = write!(
                    out,
                    " {}",
                    sentence(&crate::catalog::cell(alert.description))
                );
            }
            let pairs = |pairs: &[(&str, &str)]| -> Vec<String> {
                pairs
                    .iter()
                    .map(|(k, v)| format!("`{k}=\"{v}\"`"))
                    .collect()
            };
            let labels = pairs(alert.labels);
            if !labels.is_empty() {
                let _ = write!(out, " Labels: {}.", labels.join(", "));
            }
            let annotations = pairs(alert.annotations);
            if !annotations.is_empty() {
                let _ = write!(out, " Annotations: {}.", annotations.join(", "));
            }
            let _ = writeln!(out, " Declared at `{}`.", alert.location());
        }
    }
}

/// `text` ending as a sentence does, so the next one does not run into it.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn on(metric: Option<&MetricDescriptor>, family: &FamilyDescriptor) -> String {
    metric.map_or_else(String::new, |m| {
        format!(" on `{}`", m.query_name(family.prefix))
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `"alerts": [...], "records": [...]` of a family or metric, for the JSON
/// reference; `indent` is the indentation of the keys.
pub(crate) fn render_json(
    out: &mut String,
    indent: &str,
    alerts: &[AlertDescriptor],
    records: &[RecordDescriptor],
) {
    let _ = write!(out, ",\n{indent}\"alerts\": [");
    for (i, a) in alerts.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "{indent}  {{\"name\": ");
        json_string(out, a.name);
        out.push_str(", \"expr\": ");
        json_string(out, a.expr);
        out.push_str(", \"for\": ");
        json_optional(out, a.for_duration);
        out.push_str(", \"severity\": ");
        json_string(out, a.severity.as_str());
        out.push_str(", \"labels\": ");
        json_object(out, a.labels);
        out.push_str(", \"summary\": ");
        json_string(out, a.summary);
        out.push_str(", \"description\": ");
        json_string(out, a.description);
        out.push_str(", \"annotations\": ");
        json_object(out, a.annotations);
        out.push_str(", \"lint_allow\": ");
        json_strings(out, a.lint_allow.iter().copied());
        out.push_str(", \"source\": {\"file\": ");
        json_string(out, a.file);
        let _ = write!(out, ", \"line\": {}}}}}", a.line);
    }
    if !alerts.is_empty() {
        let _ = write!(out, "\n{indent}");
    }
    out.push(']');
    let _ = write!(out, ",\n{indent}\"records\": [");
    for (i, r) in records.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "{indent}  {{\"name\": ");
        json_string(out, r.name);
        out.push_str(", \"expr\": ");
        json_string(out, r.expr);
        out.push_str(", \"labels\": ");
        json_object(out, r.labels);
        out.push_str(", \"lint_allow\": ");
        json_strings(out, r.lint_allow.iter().copied());
        out.push_str(", \"source\": {\"file\": ");
        json_string(out, r.file);
        let _ = write!(out, ", \"line\": {}}}}}", r.line);
    }
    if !records.is_empty() {
        let _ = write!(out, "\n{indent}");
    }
    out.push(']');
}

fn json_object(out: &mut String, pairs: &[(&str, &str)]) {
    out.push('{');
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_string(out, k);
        out.push_str(": ");
        json_string(out, v);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::yaml_string;

    #[test]
    fn yaml_scalars() {
        assert_eq!(yaml_string("SyncFailures"), "SyncFailures");
        assert_eq!(yaml_string("5m"), "5m");
        assert_eq!(yaml_string("1h30m"), "1h30m");
        assert_eq!(yaml_string("yes"), "'yes'");
        assert_eq!(yaml_string("123"), "'123'");
        assert_eq!(yaml_string("1e5"), "'1e5'");
        assert_eq!(yaml_string("100ms"), "100ms");
        assert_eq!(yaml_string(""), "''");
        assert_eq!(yaml_string("a > 0"), "'a > 0'");
        assert_eq!(yaml_string("it's {class=\"x\"}"), "'it''s {class=\"x\"}'");
        assert_eq!(yaml_string("a\nb\"\\"), "\"a\\nb\\\"\\\\\"");
        assert_eq!(yaml_string(" lead"), "\" lead\"");
    }
}
