//! Alerting and recording rules declared beside the metrics they watch, as
//! data: `alert(...)` and `record(...)` in `#[metric(...)]` or
//! `#[metrics_family(...)]`.
//!
//! The macro checks each expression against the family at compile time
//! (syntax, the family's series names and suffixes, label names, enum label
//! values, `le` on histogram buckets only) and puts the rules in the
//! family's [`FamilyDescriptor`](crate::FamilyDescriptor) (rules that span
//! several metrics) and each [`MetricDescriptor`](crate::MetricDescriptor)
//! (rules on one metric). The `metrics-catalog` crate renders them as a
//! Prometheus rule file; `promql-lint` checks every expression against the
//! whole catalogue.
//!
//! ```
//! use metrics_runtime::{metrics_family, AlertSeverity, Counter, MetricFamily};
//!
//! #[metrics_family(prefix = "sync")]
//! struct Sync {
//!     /// Snapshot verification failures (invariant I7)
//!     #[metric(alert(
//!         name = "SyncSnapshotVerificationFailed",
//!         expr = "increase(sync_verification_failures_total[5m]) > 0",
//!         severity = "critical",
//!     ))]
//!     verification_failures: Counter,
//! }
//!
//! let alert = &Sync::descriptor().metrics[0].alerts[0];
//! assert_eq!(alert.name, "SyncSnapshotVerificationFailed");
//! assert_eq!(alert.severity, AlertSeverity::Critical);
//! assert_eq!(alert.for_duration, None);
//! // Without `summary`, a metric's alert is summarised by its help text.
//! assert_eq!(alert.summary, "Snapshot verification failures (invariant I7)");
//! ```

/// How urgent an alert is: the `severity` label of the rule.
///
/// Ordered from most to least urgent:
///
/// ```
/// use metrics_runtime::AlertSeverity;
///
/// let mut severities = [AlertSeverity::Info, AlertSeverity::Critical, AlertSeverity::Warning];
/// severities.sort();
/// assert_eq!(severities.map(AlertSeverity::as_str), ["critical", "warning", "info"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertSeverity {
    /// Page someone now.
    Critical,
    /// Look at it soon.
    Warning,
    /// For dashboards and context; nobody is paged.
    Info,
}

impl AlertSeverity {
    /// The value of the `severity` label: `critical`, `warning` or `info`.
    ///
    /// ```
    /// use metrics_runtime::AlertSeverity;
    ///
    /// assert_eq!(AlertSeverity::Critical.as_str(), "critical");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSeverity::Critical => "critical",
            AlertSeverity::Warning => "warning",
            AlertSeverity::Info => "info",
        }
    }
}

/// One alerting rule: `alert(name = ..., expr = ..., severity = ...)`.
///
/// ```
/// use metrics_runtime::{metrics_family, AlertDescriptor, AlertSeverity, Gauge, MetricFamily};
///
/// #[metrics_family(prefix = "queue")]
/// struct Queue {
///     /// Events waiting
///     #[metric(alert(
///         name = "QueueBacklog",
///         expr = "queue_depth > 1000",
///         severity = "warning",
///         for = "10m",
///         labels(team = "storage"),
///         summary = "The queue is backing up",
///     ))]
///     depth: Gauge,
/// }
///
/// let alert: &AlertDescriptor = &Queue::descriptor().metrics[0].alerts[0];
/// assert_eq!((alert.name, alert.expr), ("QueueBacklog", "queue_depth > 1000"));
/// assert_eq!((alert.severity, alert.for_duration), (AlertSeverity::Warning, Some("10m")));
/// assert_eq!(alert.labels, [("team", "storage")]);
/// assert_eq!(alert.summary, "The queue is backing up");
/// assert!(alert.description.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlertDescriptor {
    /// The alert's name (`alertname`).
    pub name: &'static str,
    /// The PromQL expression; the alert fires for every series it returns.
    pub expr: &'static str,
    /// How long the expression must return a series before the alert fires
    /// (the rule's `for`, a Prometheus duration such as `5m`); `None` fires
    /// at the first evaluation that returns it.
    pub for_duration: Option<&'static str>,
    /// Its `severity` label.
    pub severity: AlertSeverity,
    /// Its other labels, in declaration order.
    pub labels: &'static [(&'static str, &'static str)],
    /// The `summary` annotation: as declared, or the metric's help text for
    /// an alert on a metric that declares none.
    pub summary: &'static str,
    /// The `description` annotation; empty when not declared.
    pub description: &'static str,
    /// Its other annotations (`runbook_url`, ...), in declaration order.
    pub annotations: &'static [(&'static str, &'static str)],
    /// `promql-lint` rules whose findings on this expression were reviewed
    /// and accepted (`lint_allow = "counter-compared-raw"`), by rule code.
    pub lint_allow: &'static [&'static str],
    /// The source file of the declaration.
    pub file: &'static str,
    /// The line of the declaration in that file.
    pub line: u32,
}

/// One recording rule: `record(name = ..., expr = ...)`, which stores the
/// result of `expr` as the series `name` at every evaluation.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Gauge, MetricFamily};
///
/// #[metrics_family(
///     prefix = "queue",
///     record(
///         name = "queue:unaccounted_events",
///         expr = "queue_received_total - queue_processed_total - queue_depth",
///     ),
/// )]
/// struct Queue {
///     /// Events received
///     received: Counter,
///     /// Events processed
///     processed: Counter,
///     /// Events waiting
///     depth: Gauge,
/// }
///
/// let record = &Queue::descriptor().records[0];
/// assert_eq!(record.name, "queue:unaccounted_events");
/// assert!(Queue::descriptor().alerts.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RecordDescriptor {
    /// The name of the series it records.
    pub name: &'static str,
    /// The PromQL expression.
    pub expr: &'static str,
    /// Labels added to the recorded series, in declaration order.
    pub labels: &'static [(&'static str, &'static str)],
    /// `promql-lint` rules whose findings on this expression were reviewed
    /// and accepted, by rule code.
    pub lint_allow: &'static [&'static str],
    /// The source file of the declaration.
    pub file: &'static str,
    /// The line of the declaration in that file.
    pub line: u32,
}

impl AlertDescriptor {
    /// The `file:line` of the declaration.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct Sync {
    ///     /// Verification failures
    ///     #[metric(alert(name = "SyncFailing", expr = "increase(failures_total[5m]) > 0", severity = "warning"))]
    ///     failures: Counter,
    /// }
    ///
    /// let alert = &Sync::descriptor().metrics[0].alerts[0];
    /// assert_eq!(alert.location(), format!("{}:{}", file!(), alert.line));
    /// ```
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

impl RecordDescriptor {
    /// The `file:line` of the declaration.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct Http {
    ///     /// Requests served
    ///     #[metric(record(name = "http:requests:rate5m", expr = "rate(requests_total[5m])"))]
    ///     requests: Counter,
    /// }
    ///
    /// let record = &Http::descriptor().metrics[0].records[0];
    /// assert_eq!(record.location(), format!("{}:{}", file!(), record.line));
    /// ```
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The error of a declared expression's matcher `label="value"` on an enum
/// label whose type has no such value, for a const panic spanned on the
/// expression: the rule, the matcher, the closest value and every value.
#[doc(hidden)]
pub const fn rule_value_miss(
    rule: &str,
    matcher: &str,
    value: &str,
    type_name: &str,
    values: &[&str],
) -> crate::__private::ConstMessage {
    let m = crate::__private::ConstMessage::new()
        .push("`")
        .push(rule)
        .push("`: in `")
        .push(matcher)
        .push("`, ");
    crate::__private::label_miss_into(m, type_name, value, values, &[])
}
