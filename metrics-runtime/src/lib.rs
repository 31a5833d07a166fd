//! Declare Prometheus metrics once, as a struct, and get typed recording,
//! registration into a standard [`prometheus_client`] registry, and the
//! family's metadata as data.
//!
//! ```
//! use metrics_runtime::{encode, metrics_family, Counter, Format, Histogram, LabelValue};
//! use metrics_runtime::prometheus_client::registry::Registry;
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
//!
//! Depend on this crate alone: it re-exports the macros and
//! [`prometheus_client`], so the registry and any hand-written metric are
//! `metrics_runtime::prometheus_client::...`, and a direct dependency on
//! prometheus-client is not needed. The generated code names
//! `::metrics_runtime` paths, so keep the dependency under that name.
//!
//! # Label enums
//!
//! A label with a closed set of values is a fieldless, non-generic enum with
//! at least one variant, deriving `Clone`, `Copy` and [`LabelValue`]:
//! [`LabelValue`] requires `Copy + Send + Sync + 'static` (a fieldless enum
//! is `Send + Sync` by itself), and the derive is the only way to implement
//! it. `Debug`, `PartialEq` and the rest are up to you. A variant exports as
//! the snake_case of its name, or as `#[label(rename = "...")]` says; no two
//! variants may export the same value.
//!
//! ```
//! use metrics_runtime::LabelValue;
//!
//! #[derive(Clone, Copy, LabelValue)]
//! enum Method {
//!     Get,
//!     #[label(rename = "POST")]
//!     Post,
//! }
//!
//! assert_eq!(Method::Get.as_str(), "get");
//! assert_eq!(Method::VALUES, &["get", "POST"]);
//! ```
//!
//! Without `Copy` the derive is an error:
//!
//! ```compile_fail,E0277
//! use metrics_runtime::LabelValue;
//!
//! #[derive(Clone, LabelValue)]
//! enum Method { Get, Post }
//! ```
//!
//! A label whose values are not known in advance (a context id) is a
//! `String`, bounded in series by `max_series` (see [`metrics_family`]).
//!
//! # Registration and its limits
//!
//! A family's `register(&mut registry)` puts its metrics into a standard
//! prometheus-client registry, beside any hand-written metric. If a name the
//! family would export is already exported by the registry, it returns a
//! [`RegisterError`] and registers nothing; [`check_names`] checks several
//! families together, so that they register all or none. Today the check
//! reads the registry through its exposition, and so does not see two
//! things:
//!
//! - the prefix of a registry that has one (`Registry::with_prefix`, or a
//!   registry from `sub_registry_with_prefix`): prometheus-client has no way
//!   to read it, so a duplicate registered there goes unseen. Register into
//!   the registry you serve and give the family a `prefix` instead;
//! - a hand-written prometheus-client `Family` with no series yet: it writes
//!   nothing, so a family registered after it under the same name is not
//!   refused.
//!
//! # Serving
//!
//! With the `axum` feature, `metrics_runtime::http::router` serves a
//! registry at `GET /metrics`, in OpenMetrics or the Prometheus 0.0.4 text
//! format as the scraper's `Accept` header asks (`?format=text` or
//! `?format=openmetrics` forces one; see the `http` module). Serving it takes
//! axum and tokio too, in these versions and with these features:
//!
//! ```toml
//! [dependencies]
//! metrics-runtime = { version = "0.1", features = ["axum"] }
//! axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
//! tokio = { version = "1", features = ["rt", "macros", "net"] }
//! ```
//!
#![cfg_attr(feature = "axum", doc = "```no_run")]
#![cfg_attr(not(feature = "axum"), doc = "```ignore")]
//! use std::sync::Arc;
//!
//! use metrics_runtime::prometheus_client::registry::Registry;
//! use metrics_runtime::{metrics_family, Counter};
//!
//! #[metrics_family]
//! struct App {
//!     /// Requests served
//!     requests: Counter,
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> std::io::Result<()> {
//!     let app = App::new();
//!     let mut registry = Registry::default();
//!     app.register(&mut registry).expect("the registry was empty");
//!     app.requests.inc();
//!
//!     let router = metrics_runtime::http::router(Arc::new(registry));
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:9464").await?;
//!     axum::serve(listener, router).await
//! }
//! ```

mod alert;
mod cell;
mod describe;
mod encode;
mod error;
mod label;
mod metric;
mod overflow;
mod registry;
mod store;
mod sync;

#[cfg(feature = "axum")]
pub mod http;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use alert::{AlertDescriptor, AlertSeverity, RecordDescriptor};
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
///   (the `metrics-catalog` crate's `Catalog`); the default is made from the
///   struct's name.
/// - `alert(...)`, `record(...)`: alerting and recording rules on several of
///   the family's metrics, as in `#[metric(...)]` below.
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
/// - `alert(name = "...", expr = "...", severity = "critical|warning|info")`,
///   with optional `for = "5m"`, `labels(k = "v")`, `summary`, `description`,
///   `annotations(k = "v")` and `lint_allow = "rule-code"`: an alert on the
///   metric (any number). The PromQL expression is checked at compile time:
///   its syntax, and the series, suffixes, labels, enum label values and `le`
///   bounds it uses of this family; it must select the metric. Without
///   `summary`, the metric's help text summarises it. See [`AlertDescriptor`].
/// - `record(name = "...", expr = "...")`, with optional `labels(..)` and
///   `lint_allow`: a recording rule (see [`RecordDescriptor`]).
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
