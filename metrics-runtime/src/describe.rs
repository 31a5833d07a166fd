//! What a family declares, as data: names, kinds, labels, buckets and help.
//!
//! Every `#[metrics_family]` struct has a [`FamilyDescriptor`] in
//! [`MetricFamily::DESCRIPTOR`](crate::MetricFamily::DESCRIPTOR). Generated
//! docs, lints of queries and the registration checks all read it.

/// The kind of a metric, as Prometheus types it.
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
}

impl MetricKind {
    /// The Prometheus type name: `counter`, `gauge` or `histogram`.
    pub fn type_name(self) -> &'static str {
        match self {
            MetricKind::Counter => "counter",
            MetricKind::Gauge | MetricKind::FloatGauge => "gauge",
            MetricKind::Histogram => "histogram",
        }
    }

    /// The suffixes of the samples a metric of this kind exports, in the
    /// 0.0.4 text format (OpenMetrics adds `_created` where a counter or
    /// histogram has a creation time; ours do not).
    pub fn sample_suffixes(self) -> &'static [&'static str] {
        match self {
            MetricKind::Counter => &["_total"],
            MetricKind::Gauge | MetricKind::FloatGauge => &[""],
            MetricKind::Histogram => &["_bucket", "_sum", "_count"],
        }
    }
}

/// The values a label takes.
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
    /// Any string; the metric holds at most `max_series` series.
    Free {
        /// The bound on the number of series.
        max_series: usize,
    },
}

/// One label of a metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelDescriptor {
    /// The label name.
    pub name: &'static str,
    /// Its values.
    pub values: LabelValues,
}

/// One metric of a family.
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
    /// The source file of the declaration.
    pub file: &'static str,
    /// The line of the field in that file.
    pub line: u32,
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
    /// let d = &Rpc::DESCRIPTOR;
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

    /// The names of the samples it exports (see [`MetricKind::sample_suffixes`]).
    pub fn sample_names(&self, prefix: Option<&str>) -> Vec<String> {
        let base = self.exported_name(prefix);
        self.kind
            .sample_suffixes()
            .iter()
            .map(|suffix| format!("{base}{suffix}"))
            .collect()
    }
}

/// A `#[metrics_family]` struct as data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FamilyDescriptor {
    /// The struct's name.
    pub name: &'static str,
    /// The struct's doc comment.
    pub doc: &'static str,
    /// The prefix on every exported name, if any.
    pub prefix: Option<&'static str>,
    /// The metrics, in field order.
    pub metrics: &'static [MetricDescriptor],
}
