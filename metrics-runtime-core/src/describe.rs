//! What a family declares, as data: names, kinds, labels, buckets and help.
//!
//! Every `#[metrics_family]` struct has a [`FamilyDescriptor`] in
//! [`MetricFamily::descriptor()`](crate::MetricFamily::descriptor()). Generated
//! docs, lints of queries and the registration checks all read it.

use crate::alert::{AlertDescriptor, RecordDescriptor};

/// The kind of a metric, as Prometheus types it.
///
/// ```
/// use metrics_runtime::{metrics_family, FloatGauge, MetricFamily, MetricKind};
///
/// #[metrics_family]
/// struct Disk {
///     /// Fraction of the disk in use
///     usage: FloatGauge,
/// }
///
/// let kind = Disk::descriptor().metrics[0].kind;
/// assert_eq!(kind, MetricKind::FloatGauge);
/// assert_eq!(kind.type_name(), "gauge");
/// assert_eq!(MetricKind::Counter.sample_suffixes(), ["_total"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricKind {
    /// A monotonic counter, exported as `<name>_total`.
    Counter,
    /// An integer gauge.
    Gauge,
    /// A floating-point gauge.
    FloatGauge,
    /// A histogram, exported as `<name>_bucket`, `<name>_sum`, `<name>_count`.
    Histogram,
    /// A native (exponential) histogram, with or without classic buckets:
    /// its native buckets go out over protobuf only; text scrapes write
    /// `<name>_bucket` (the classic buckets, or `+Inf` alone), `<name>_sum`
    /// and `<name>_count`.
    NativeHistogram,
    /// An info metric (`build_info`-style): one label set, value 1,
    /// exported as `<name>_info` (OpenMetrics type `info`; a gauge in the
    /// 0.0.4 text format and in protobuf).
    Info,
    /// A state set: one series per value of a `LabelValue` enum, 1 for the
    /// current state, under a label named as the metric; its last
    /// [`labels`](MetricDescriptor::labels) entry is that state label
    /// (OpenMetrics type `stateset`; a gauge in the 0.0.4 text format and in
    /// protobuf).
    StateSet,
}

impl MetricKind {
    /// The OpenMetrics type name: `counter`, `gauge`, `histogram`, `info`
    /// or `stateset`.
    ///
    /// ```
    /// use metrics_runtime::MetricKind;
    ///
    /// assert_eq!(MetricKind::Counter.type_name(), "counter");
    /// assert_eq!(MetricKind::FloatGauge.type_name(), "gauge");
    /// assert_eq!(MetricKind::Histogram.type_name(), "histogram");
    /// assert_eq!(MetricKind::Info.type_name(), "info");
    /// assert_eq!(MetricKind::StateSet.type_name(), "stateset");
    /// ```
    pub fn type_name(self) -> &'static str {
        match self {
            MetricKind::Counter => "counter",
            MetricKind::Gauge | MetricKind::FloatGauge => "gauge",
            MetricKind::Histogram | MetricKind::NativeHistogram => "histogram",
            MetricKind::Info => "info",
            MetricKind::StateSet => "stateset",
        }
    }

    /// The type name in the Prometheus 0.0.4 text format and in protobuf,
    /// which have no info or state-set type: both are gauges there.
    ///
    /// ```
    /// use metrics_runtime::MetricKind;
    ///
    /// assert_eq!(MetricKind::Info.text_type_name(), "gauge");
    /// assert_eq!(MetricKind::StateSet.text_type_name(), "gauge");
    /// assert_eq!(MetricKind::Counter.text_type_name(), "counter");
    /// ```
    pub fn text_type_name(self) -> &'static str {
        match self {
            MetricKind::Info | MetricKind::StateSet => "gauge",
            other => other.type_name(),
        }
    }

    /// Whether it is a histogram, classic or native.
    ///
    /// ```
    /// use metrics_runtime::MetricKind;
    ///
    /// assert!(MetricKind::NativeHistogram.is_histogram());
    /// assert!(!MetricKind::Gauge.is_histogram());
    /// ```
    pub fn is_histogram(self) -> bool {
        matches!(self, MetricKind::Histogram | MetricKind::NativeHistogram)
    }

    /// The suffixes of the samples a metric of this kind exports, in the
    /// 0.0.4 text format (OpenMetrics adds `_created` where a counter or
    /// histogram has a creation time; ours do not).
    ///
    /// ```
    /// use metrics_runtime::MetricKind;
    ///
    /// assert_eq!(MetricKind::Gauge.sample_suffixes(), [""]);
    /// assert_eq!(MetricKind::Histogram.sample_suffixes(), ["_bucket", "_sum", "_count"]);
    /// assert_eq!(MetricKind::Info.sample_suffixes(), ["_info"]);
    /// assert_eq!(MetricKind::StateSet.sample_suffixes(), [""]);
    /// ```
    pub fn sample_suffixes(self) -> &'static [&'static str] {
        match self {
            MetricKind::Counter => &["_total"],
            MetricKind::Info => &["_info"],
            MetricKind::Gauge | MetricKind::FloatGauge | MetricKind::StateSet => &[""],
            MetricKind::Histogram | MetricKind::NativeHistogram => &["_bucket", "_sum", "_count"],
        }
    }
}

/// The values a label takes.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, LabelValue, LabelValues, MetricFamily};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
///
/// #[metrics_family]
/// struct Http {
///     /// Requests served
///     #[metric(labels(method: Method, route: String), max_series = 50)]
///     requests: Counter,
/// }
///
/// let [method, route] = Http::descriptor().metrics[0].labels else { unreachable!() };
/// assert_eq!(method.values.allowed(), Some(&["get", "post"][..]));
/// assert_eq!(method.values.bound(), 2);
/// assert!(matches!(route.values, LabelValues::Free { max_series: 50, .. }));
/// assert_eq!(route.values.bound(), 51); // and the overflow value
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabelValues {
    /// One of a [`LabelValue`](crate::LabelValue) enum's values.
    Enum {
        /// The enum's name as written in the declaration.
        type_name: &'static str,
        /// The encoded values.
        values: &'static [&'static str],
        /// The variants' docs, in the same order.
        docs: &'static [&'static str],
    },
    /// Any string; the metric holds at most `max_series` distinct tuples of
    /// its free-form values (each with one series per combination of its
    /// enum labels), and none longer than `max_value_len` bytes.
    Free {
        /// The bound on the number of free-form value tuples.
        max_series: usize,
        /// The bound on the length of one value, in bytes.
        max_value_len: usize,
    },
}

impl LabelValues {
    /// The enum's encoded values, or `None` for a free-form label.
    ///
    /// ```
    /// use metrics_runtime::LabelValues;
    ///
    /// let method = LabelValues::Enum { type_name: "Method", values: &["get", "post"], docs: &["", ""] };
    /// assert_eq!(method.allowed(), Some(&["get", "post"][..]));
    /// let route = LabelValues::Free { max_series: 100, max_value_len: 256 };
    /// assert_eq!(route.allowed(), None);
    /// ```
    pub fn allowed(&self) -> Option<&'static [&'static str]> {
        match *self {
            LabelValues::Enum { values, .. } => Some(values),
            LabelValues::Free { .. } => None,
        }
    }

    /// How many distinct values the label can take in one metric: the
    /// enum's size, or for a free-form label its `max_series` plus
    /// [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE).
    ///
    /// ```
    /// use metrics_runtime::LabelValues;
    ///
    /// let method = LabelValues::Enum { type_name: "Method", values: &["get", "post"], docs: &["", ""] };
    /// assert_eq!(method.bound(), 2);
    /// let route = LabelValues::Free { max_series: 100, max_value_len: 256 };
    /// assert_eq!(route.bound(), 101); // and the overflow value
    /// ```
    pub fn bound(&self) -> usize {
        match *self {
            LabelValues::Enum { values, .. } => values.len(),
            LabelValues::Free { max_series, .. } => max_series.saturating_add(1),
        }
    }

    /// Whether the label is free-form.
    ///
    /// ```
    /// use metrics_runtime::LabelValues;
    ///
    /// assert!(LabelValues::Free { max_series: 100, max_value_len: 256 }.is_free());
    /// assert!(!LabelValues::Enum { type_name: "Method", values: &["get"], docs: &[""] }.is_free());
    /// ```
    pub fn is_free(&self) -> bool {
        matches!(self, LabelValues::Free { .. })
    }
}

/// One label of a metric.
///
/// ```
/// use metrics_runtime::{metrics_family, Gauge, LabelDescriptor, MetricFamily};
///
/// #[metrics_family]
/// struct Contexts {
///     /// Executions per context
///     #[metric(labels(context_id: String))]
///     executions: Gauge,
/// }
///
/// let label: &LabelDescriptor = Contexts::descriptor().metrics[0].label("context_id").unwrap();
/// assert_eq!(label.name, "context_id");
/// assert!(label.values.is_free());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelDescriptor {
    /// The label name.
    pub name: &'static str,
    /// Its values.
    pub values: LabelValues,
}

/// How a histogram bucket bound is written as the value of its `le` label.
///
/// The two exposition formats write it differently, and Prometheus 3 rewrites
/// it on ingestion, so a query's `le="..."` matcher must use the form the
/// server stores. See [`MetricDescriptor::bucket_labels`].
///
/// ```
/// use metrics_runtime::{metrics_family, BucketLabel, Histogram, MetricFamily};
///
/// #[metrics_family]
/// struct Io {
///     /// Read sizes
///     #[metric(unit = "bytes", buckets = [4096])]
///     reads: Histogram,
/// }
///
/// let labels: Vec<BucketLabel> = Io::descriptor().metrics[0].bucket_labels();
/// assert_eq!(
///     labels,
///     [BucketLabel {
///         bound: 4096.0,
///         text: "4096".to_owned(),
///         openmetrics: "4096.0".to_owned(),
///         normalized: "4096.0".to_owned(),
///     }]
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BucketLabel {
    /// The bound.
    pub bound: f64,
    /// As the Prometheus 0.0.4 text format writes it (Go's `%g`: `32`).
    pub text: String,
    /// As OpenMetrics writes it (`32.0`).
    pub openmetrics: String,
    /// As Prometheus 3 stores it whatever the scrape format: Go's `%g` with
    /// `.0` appended to a number that has neither `.` nor an exponent
    /// (`32.0`, `0.001`, `1e-05`). Prometheus 2 stores what it scraped, and it
    /// negotiates OpenMetrics with this crate's exporters.
    pub normalized: String,
}

/// One metric of a family.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, MetricDescriptor, MetricFamily, MetricKind};
///
/// #[metrics_family(prefix = "sync")]
/// struct Sync {
///     /// Total sync attempts
///     #[metric(name = "tries")]
///     attempts: Counter,
/// }
///
/// let m: &MetricDescriptor = &Sync::descriptor().metrics[0];
/// assert_eq!((m.field, m.name, m.kind), ("attempts", "tries", MetricKind::Counter));
/// assert_eq!(m.query_name(Sync::descriptor().prefix), "sync_tries_total");
/// assert!(m.labels.is_empty() && m.unit.is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MetricDescriptor {
    /// The struct field.
    pub field: &'static str,
    /// The name given to the registry: no prefix, unit or type suffix.
    pub name: &'static str,
    /// Its kind.
    pub kind: MetricKind,
    /// The unit, appended to the name on export (`seconds`, `bytes`, ...).
    pub unit: Option<&'static str>,
    /// The help text, without the final period the encoder appends.
    pub help: &'static str,
    /// Its labels, in recording order.
    pub labels: &'static [LabelDescriptor],
    /// Histogram bucket bounds, without `+Inf`; empty for other kinds.
    pub buckets: &'static [f64],
    /// The sub-section of its family the metric is listed under in rendered
    /// docs (`group = "..."`), if given.
    pub group: Option<&'static str>,
    /// The source file of the declaration.
    pub file: &'static str,
    /// The line of the field in that file.
    pub line: u32,
    /// The alerts declared on this metric (`alert(...)` in `#[metric]`).
    pub alerts: &'static [AlertDescriptor],
    /// The recording rules declared on this metric (`record(...)` in
    /// `#[metric]`).
    pub records: &'static [RecordDescriptor],
    /// The exemplar label names (`exemplar(trace_id)` in `#[metric]`);
    /// empty for a metric without exemplars.
    pub exemplar: &'static [&'static str],
}

impl MetricDescriptor {
    /// The metric family name as exported: prefix, name and unit joined by
    /// `_`, without the type suffix.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Histogram, MetricFamily};
    ///
    /// #[metrics_family(prefix = "rpc")]
    /// struct Rpc {
    ///     /// Request latency
    ///     #[metric(unit = "seconds", buckets = [0.1, 1])]
    ///     latency: Histogram,
    /// }
    ///
    /// let d = Rpc::descriptor();
    /// assert_eq!(d.metrics[0].exported_name(d.prefix), "rpc_latency_seconds");
    /// assert_eq!(
    ///     d.metrics[0].sample_names(d.prefix),
    ///     ["rpc_latency_seconds_bucket", "rpc_latency_seconds_sum", "rpc_latency_seconds_count"]
    /// );
    /// ```
    pub fn exported_name(&self, prefix: Option<&str>) -> String {
        let mut name = String::new();
        if let Some(prefix) = prefix {
            name.push_str(prefix);
            name.push('_');
        }
        name.push_str(self.name);
        if let Some(unit) = self.unit {
            name.push('_');
            name.push_str(unit);
        }
        name
    }

    /// The name a query selects it by: the exported name with `_total` for a
    /// counter, with `_info` for an info metric; for other kinds, as
    /// [`exported_name`](Self::exported_name) (a histogram's samples add
    /// `_bucket`, `_sum` and `_count` to it).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Gauge, MetricFamily};
    ///
    /// #[metrics_family(prefix = "sync")]
    /// struct Sync {
    ///     /// Total sync attempts
    ///     attempts: Counter,
    ///     /// Queue depth
    ///     depth: Gauge,
    /// }
    ///
    /// let d = Sync::descriptor();
    /// assert_eq!(d.metrics[0].query_name(d.prefix), "sync_attempts_total");
    /// assert_eq!(d.metrics[1].query_name(d.prefix), "sync_depth");
    /// ```
    pub fn query_name(&self, prefix: Option<&str>) -> String {
        let mut name = self.exported_name(prefix);
        match self.kind {
            MetricKind::Counter => name.push_str("_total"),
            MetricKind::Info => name.push_str("_info"),
            _ => {}
        }
        name
    }

    /// A state set's state label (named as the metric, its values the
    /// enum's); `None` for other kinds.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, LabelValue, MetricFamily, StateSet};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Mode { Primary, Standby }
    ///
    /// #[metrics_family(prefix = "db")]
    /// struct Db {
    ///     /// Replication mode
    ///     #[metric(states = Mode)]
    ///     mode: StateSet,
    /// }
    ///
    /// let state = Db::descriptor().metrics[0].state_label().unwrap();
    /// assert_eq!(state.name, "db_mode");
    /// assert_eq!(state.values.allowed(), Some(&["primary", "standby"][..]));
    /// ```
    pub fn state_label(&self) -> Option<&LabelDescriptor> {
        match self.kind {
            MetricKind::StateSet => self.labels.last(),
            _ => None,
        }
    }

    /// The label called `name`, if the metric has it.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue, MetricFamily};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// #[metrics_family]
    /// struct Http {
    ///     /// Requests served
    ///     #[metric(labels(method: Method, route: String), max_series = 50)]
    ///     requests: Counter,
    /// }
    ///
    /// let requests = &Http::descriptor().metrics[0];
    /// assert_eq!(requests.label("method").and_then(|l| l.values.allowed()), Some(&["get", "post"][..]));
    /// assert!(requests.label("status").is_none());
    /// ```
    pub fn label(&self, name: &str) -> Option<&LabelDescriptor> {
        self.labels.iter().find(|label| label.name == name)
    }

    /// The most series the metric can hold: the product of its enum labels'
    /// sizes (1 for a metric without labels), times, if it has free-form
    /// labels, `max_series + 1` (the tuples it holds and the overflow
    /// tuple; `max_series` bounds tuples of free-form values, not each
    /// label). A histogram series has one sample per bucket, plus `+Inf`,
    /// `_sum` and `_count`, on top. An info metric has one series; a state
    /// set one per state and combination of its other labels.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, Gauge, LabelValue, MetricFamily};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Branch { Namespace, Subgroup }
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Class { SigningKey, ContextCleanup, Other }
    ///
    /// #[metrics_family]
    /// struct Purge {
    ///     /// Failures
    ///     #[metric(labels(branch: Branch, class: Class))]
    ///     failures: Counter,
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String), max_series = 100)]
    ///     executions: Gauge,
    /// }
    ///
    /// #[metrics_family]
    /// struct Http {
    ///     /// Requests
    ///     #[metric(labels(branch: Branch, route: String, peer: String, class: Class), max_series = 100)]
    ///     requests: Gauge,
    /// }
    ///
    /// let d = Purge::descriptor();
    /// assert_eq!(d.metrics[0].max_series(), 6);
    /// assert_eq!(d.metrics[1].max_series(), 101); // 100 and the overflow series
    /// // 100 (route, peer) pairs and the overflow pair, each with 2 × 3 enum combinations.
    /// assert_eq!(Http::descriptor().metrics[0].max_series(), 606);
    /// ```
    pub fn max_series(&self) -> usize {
        if self.kind == MetricKind::Info {
            return 1;
        }
        let enums = self
            .labels
            .iter()
            .filter_map(|label| label.values.allowed())
            .fold(1usize, |n, values| n.saturating_mul(values.len()));
        match self.free_bounds() {
            Some((max_series, _)) => enums.saturating_mul(max_series.saturating_add(1)),
            None => enums,
        }
    }

    /// `(max_series, max_value_len)` if the metric has free-form labels
    /// bounded so; `None` for an info metric, whose one series takes any
    /// values.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue, MetricFamily};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// #[metrics_family]
    /// struct Http {
    ///     /// Requests served
    ///     #[metric(labels(method: Method, route: String), max_series = 50)]
    ///     requests: Counter,
    /// }
    ///
    /// assert_eq!(Http::descriptor().metrics[0].free_bounds(), Some((50, 1024))); // the default length
    /// ```
    pub fn free_bounds(&self) -> Option<(usize, usize)> {
        if self.kind == MetricKind::Info {
            return None;
        }
        self.labels.iter().find_map(|label| match label.values {
            LabelValues::Free {
                max_series,
                max_value_len,
            } => Some((max_series, max_value_len)),
            LabelValues::Enum { .. } => None,
        })
    }

    /// The names of its free-form labels, in declaration order.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue, MetricFamily};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// #[metrics_family]
    /// struct Http {
    ///     /// Requests served
    ///     #[metric(labels(method: Method, route: String), max_series = 50)]
    ///     requests: Counter,
    /// }
    ///
    /// assert_eq!(Http::descriptor().metrics[0].free_labels().collect::<Vec<_>>(), ["route"]);
    /// ```
    pub fn free_labels(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.labels
            .iter()
            .filter(|label| label.values.is_free())
            .map(|label| label.name)
    }

    /// The `file:line` of the declaration.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let requests = &App::descriptor().metrics[0];
    /// assert_eq!(requests.location(), format!("{}:{}", requests.file, requests.line));
    /// assert!(requests.location().starts_with(file!()));
    /// ```
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// How each bucket bound is written as an `le` value, in bucket order,
    /// without `+Inf`; empty for a metric that is not a histogram.
    ///
    /// The forms are read from what prometheus-client actually encodes, so
    /// they are exactly what a scrape sees.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Histogram, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct Exec {
    ///     /// Execution duration
    ///     #[metric(unit = "seconds", buckets = [0.5, 32])]
    ///     duration: Histogram,
    /// }
    ///
    /// let labels = Exec::descriptor().metrics[0].bucket_labels();
    /// assert_eq!(labels[1].bound, 32.0);
    /// assert_eq!(labels[1].text, "32");
    /// assert_eq!(labels[1].openmetrics, "32.0");
    /// assert_eq!(labels[1].normalized, "32.0");
    /// assert_eq!(labels[0].text, "0.5");
    /// assert_eq!(labels[0].normalized, "0.5");
    /// ```
    pub fn bucket_labels(&self) -> Vec<BucketLabel> {
        if !self.kind.is_histogram() || self.buckets.is_empty() {
            return Vec::new();
        }
        let text = encoded_le_values(self.buckets, crate::Format::Text);
        let openmetrics = encoded_le_values(self.buckets, crate::Format::OpenMetrics);
        self.buckets
            .iter()
            .enumerate()
            .map(|(i, &bound)| {
                let text = text.get(i).cloned().unwrap_or_default();
                let normalized = if text.contains(['.', 'e', 'E']) {
                    text.clone()
                } else {
                    format!("{text}.0")
                };
                BucketLabel {
                    bound,
                    openmetrics: openmetrics.get(i).cloned().unwrap_or_default(),
                    text,
                    normalized,
                }
            })
            .collect()
    }

    /// The names of the samples it exports (see [`MetricKind::sample_suffixes`]).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family(prefix = "app")]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// let d = App::descriptor();
    /// assert_eq!(d.metrics[0].sample_names(d.prefix), ["app_requests_total"]);
    /// ```
    pub fn sample_names(&self, prefix: Option<&str>) -> Vec<String> {
        let base = self.exported_name(prefix);
        self.kind
            .sample_suffixes()
            .iter()
            .map(|suffix| format!("{base}{suffix}"))
            .collect()
    }
}

/// The `le` values a histogram with `bounds` is encoded with in `format`, in
/// order, without `+Inf`.
fn encoded_le_values(bounds: &[f64], format: crate::Format) -> Vec<String> {
    use prometheus_client::metrics::histogram::Histogram;
    use prometheus_client::registry::Registry;

    let mut registry = Registry::default();
    registry.register("b", "", Histogram::new(bounds.iter().copied()));
    let Ok(text) = crate::encode(&registry, format) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| line.split_once("le=\"")?.1.split_once('"'))
        .map(|(value, _)| value)
        .filter(|value| *value != "+Inf")
        .map(str::to_owned)
        .collect()
}

/// A `#[metrics_family]` struct as data.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, FamilyDescriptor, Gauge, MetricFamily};
///
/// #[metrics_family(prefix = "cache", const_labels(shard: String))]
/// struct Cache {
///     /// Cache hits
///     hits: Counter,
///     /// Entries held
///     entries: Gauge,
/// }
///
/// let d: &FamilyDescriptor = Cache::descriptor();
/// assert_eq!((d.name, d.prefix), ("Cache", Some("cache")));
/// assert_eq!(d.const_labels, ["shard"]);
/// assert_eq!(d.metrics.len(), 2);
/// assert_eq!(d.metric("cache_entries").map(|m| m.field), Some("entries"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FamilyDescriptor {
    /// The struct's name.
    pub name: &'static str,
    /// The family's heading in rendered docs (`title = "..."`), if given.
    pub title: Option<&'static str>,
    /// The struct's doc comment.
    pub doc: &'static str,
    /// The prefix on every exported name, if any.
    pub prefix: Option<&'static str>,
    /// The names of the constant labels (`const_labels(..)`), in
    /// declaration order: every sample of an instance carries them, before
    /// the metric's own labels. Empty for most families.
    pub const_labels: &'static [&'static str],
    /// The metrics, in field order.
    pub metrics: &'static [MetricDescriptor],
    /// The alerts declared on the family (`alert(...)` in
    /// `#[metrics_family]`: those that watch several of its metrics); each
    /// metric's own are in [`MetricDescriptor::alerts`].
    pub alerts: &'static [AlertDescriptor],
    /// The recording rules declared on the family; each metric's own are in
    /// [`MetricDescriptor::records`].
    pub records: &'static [RecordDescriptor],
}

impl FamilyDescriptor {
    /// The metric whose [exported name](MetricDescriptor::exported_name) is
    /// `name`, if the family has it.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Gauge, MetricFamily};
    ///
    /// #[metrics_family(prefix = "pool")]
    /// struct Pool {
    ///     /// Bytes held
    ///     #[metric(unit = "bytes")]
    ///     held: Gauge,
    /// }
    ///
    /// let d = Pool::descriptor();
    /// assert_eq!(d.metric("pool_held_bytes").map(|m| m.field), Some("held"));
    /// assert!(d.metric("held").is_none()); // the exported name, not the field
    /// ```
    pub fn metric(&self, exported_name: &str) -> Option<&'static MetricDescriptor> {
        self.metrics
            .iter()
            .find(|m| m.exported_name(self.prefix) == exported_name)
    }

    /// The source file of the declaration (that of its first metric), if it
    /// has any metric.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Requests served
    ///     requests: Counter,
    /// }
    ///
    /// assert_eq!(App::descriptor().file(), Some(file!()));
    /// ```
    pub fn file(&self) -> Option<&'static str> {
        self.metrics.first().map(|m| m.file)
    }
}
