//! Declare Prometheus metrics once, as a struct, and get typed recording,
//! registration into a standard [`prometheus_client`] registry, and the
//! family's metadata as data.
//!
//! ```
//! use metrics_runtime::{encode, metrics_family, Counter, Format, Histogram, LabelValue};
//! use prometheus_client::registry::Registry;
//!
//! #[derive(Clone, Copy, Debug, LabelValue)]
//! enum Protocol {
//!     Snapshot,
//!     HashComparison,
//! }
//!
//! #[metrics_family(prefix = "sync")]
//! struct SyncMetrics {
//!     /// Total sync attempts by protocol.
//!     #[metric(labels(protocol: Protocol))]
//!     attempts: Counter,
//!     /// Full sync session duration
//!     #[metric(unit = "seconds", buckets = exponential(0.01, 2, 3))]
//!     duration: Histogram,
//! }
//!
//! let metrics = SyncMetrics::new();
//! let mut registry = Registry::default();
//! metrics.register(&mut registry).unwrap();
//!
//! metrics.attempts.inc(Protocol::HashComparison);
//! metrics.duration.observe(0.015);
//! assert_eq!(metrics.attempts.get(Protocol::HashComparison), 1);
//!
//! assert_eq!(encode(&registry, Format::Text).unwrap(), "\
//! ## HELP sync_attempts_total Total sync attempts by protocol.
//! ## TYPE sync_attempts_total counter
//! sync_attempts_total{protocol=\"snapshot\"} 0
//! sync_attempts_total{protocol=\"hash_comparison\"} 1
//! ## HELP sync_duration_seconds Full sync session duration.
//! ## TYPE sync_duration_seconds histogram
//! sync_duration_seconds_bucket{le=\"0.01\"} 0
//! sync_duration_seconds_bucket{le=\"0.02\"} 1
//! sync_duration_seconds_bucket{le=\"0.04\"} 1
//! sync_duration_seconds_bucket{le=\"+Inf\"} 1
//! sync_duration_seconds_sum 0.015
//! sync_duration_seconds_count 1
//! ");
//! ```
//!
//! The pieces: [`metrics_family`] declares, [`LabelValue`] makes an enum a
//! label, [`Metric`] records, [`MetricFamily`] registers and describes,
//! [`encode`] writes a registry in either text [`Format`].

mod catalog;
mod cell;
mod describe;
mod encode;
mod error;
mod label;
mod metric;
mod overflow;
mod registry;
mod stand_in;
mod store;
mod sync;

#[cfg(feature = "axum")]
pub mod http;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use catalog::{Catalog, Series, OVERFLOW_SUFFIX};
pub use cell::{
    Cell, CounterCell, FloatGaugeCell, GaugeCell, HistogramCell, HistogramSnapshot, Timer,
};
pub use describe::BucketLabel;
pub use describe::{FamilyDescriptor, LabelDescriptor, LabelValues, MetricDescriptor, MetricKind};
pub use encode::{encode, Format};
pub use error::RegisterError;
pub use label::{ConstLabels, FixedLabels, LabelSet, LabelValue};
pub use metric::{Counter, FloatGauge, Gauge, Histogram, Metric};
pub use overflow::overflow_counter_name;
pub use registry::{check_names, MetricFamily};
pub use store::{CachePadded, FixedStore, FreeStore, Handle, Store, OVERFLOW_LABEL_VALUE};

pub use prometheus_client;

/// Declares a family of metrics on a struct with named fields.
///
/// Each field is one metric; its type names the kind ([`Counter`], [`Gauge`],
/// [`FloatGauge`], [`Histogram`]) and its doc comment is the help text.
///
/// Family options, in `#[metrics_family(...)]`:
/// - `prefix = "network_event_channel"`: prepended, with `_`, to every name;
/// - `require_help`: a field without a doc comment is an error.
/// - `title = "Sync Metrics"`: the family's heading in rendered docs
///   ([`Catalog`]); the default is made from the struct's name.
///
/// Metric options, in `#[metric(...)]` on a field:
/// - `name = "..."`: the exported name instead of the field's;
/// - `unit = "seconds"`: appended to the name on export (OpenMetrics `# UNIT`);
/// - `labels(branch: Branch, class: PurgeClass)`: label names and types, in
///   the order recording methods take them; a type is a [`LabelValue`] enum
///   or `String` for a free-form label;
/// - `max_series = 500`: the series bound of a free-form label (default 1000);
/// - `buckets = [0.1, 0.5, 1]`, `buckets = exponential(start, factor, count)`
///   or `buckets = linear(start, width, count)`: histogram bucket bounds.
/// - `group = "Phase Timing"`: the sub-section of the family the metric is
///   listed under in rendered docs.
///
/// Generated: the struct with each field's label types filled in, `new()`,
/// `Default`, an inherent `register(&self, &mut Registry)`, and
/// [`MetricFamily`] with the family's [`FamilyDescriptor`].
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Gauge, LabelValue};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Branch { Namespace, Subgroup }
///
/// #[metrics_family(prefix = "context_group_store")]
/// pub struct SelfPurge {
///     /// Self-purge local-state cleanup failures.
///     #[metric(labels(branch: Branch))]
///     pub self_purge_failures: Counter,
///     /// Executions per context
///     #[metric(labels(context_id: String), max_series = 100)]
///     pub executions: Gauge,
/// }
///
/// let m = SelfPurge::default();
/// m.self_purge_failures.inc(Branch::Subgroup);
/// m.executions.inc("ctx-1");
/// assert_eq!(m.self_purge_failures.get(Branch::Subgroup), 1);
/// assert_eq!(m.executions.get("ctx-1"), 1);
/// ```
pub use metrics_macros::metrics_family;

/// Derives [`LabelValue`] for a fieldless enum.
///
/// Values are the snake_case of the variant names; `#[label(rename = "x")]`
/// on a variant overrides one. Variant doc comments are kept as data (see
/// [`LabelValue::DOCS`]).
pub use metrics_macros::LabelValue;

/// Names a value of a [`LabelValue`] enum by its string, checked at compile
/// time: `label!(Branch, "namespace")` is `Branch::Namespace`, as a
/// constant. A string that is not one of the enum's values fails the build
/// with the valid values and the closest one.
///
/// ```
/// use metrics_runtime::{label, LabelValue};
///
/// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
/// enum Branch {
///     Namespace,
///     #[label(rename = "sub")]
///     Subgroup,
/// }
///
/// assert_eq!(label!(Branch, "namespace"), Branch::Namespace);
/// assert_eq!(label!(Branch, "sub"), Branch::Subgroup);
/// ```
///
/// ```compile_fail
/// # use metrics_runtime::{label, LabelValue};
/// # #[derive(Clone, Copy, LabelValue)]
/// # enum Branch { Namespace, Subgroup }
/// // error: `namspace` is not a value of `Branch`; did you mean `namespace`? ...
/// let b = label!(Branch, "namspace");
/// ```
pub use metrics_macros::label;
