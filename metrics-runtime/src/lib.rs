//! Declare Prometheus metrics once, as a struct, and get typed recording,
//! a registry that checks every name, and the family's metadata as data.
//!
//! ```
//! use metrics_runtime::{metrics_family, Counter, Format, Histogram, LabelValue, Registry};
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
//! let registry = Registry::new();
//! let metrics = registry.register(SyncMetrics::new()).unwrap();
//!
//! metrics.attempts.inc(Protocol::HashComparison);
//! metrics.duration.observe(0.015);
//! assert_eq!(metrics.attempts.get(Protocol::HashComparison), 1);
//!
//! assert_eq!(registry.encode(Format::Text).unwrap(), "\
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
//! label, [`Metric`] records, [`Registry`] holds families (instances told
//! apart by constant labels) beside hand-written prometheus-client metrics
//! and checks every name, [`global!`] declares process-wide instances in
//! [`Registry::global`], and `serve` (feature `serve`) or `http::router`
//! (feature `axum`) serve a registry.
//!
//! The compatibility path: a family also registers into a standard
//! prometheus-client registry with its inherent `register(&mut registry)`
//! ([`MetricFamily::register`]), written by [`encode`]; and a [`Registry`]
//! can itself be registered into one, as a collector.
//!
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
//! A [`Registry`] checks every name when it goes in: a family from its
//! declaration, a hand-written metric from the name, type and unit given,
//! so a duplicate is a [`RegisterError`] naming both sides, and nothing is
//! registered, whether or not either side has a series yet. Collectors and
//! prometheus-client registries handed to libraries cannot list their names:
//! they are checked from what they write, at registration and at every
//! scrape, and a family that clashes then is left out of the scrape and
//! counted (see [`Registry::register_collector`] and RELIABILITY.md).
//!
//! On the compatibility path, a family's `register(&mut registry)` into a
//! standard prometheus-client registry reads that registry through its
//! exposition, and so does not see two things:
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
//! Two ways, both answering `GET /metrics` in OpenMetrics or the Prometheus
//! 0.0.4 text format as the scraper's `Accept` header asks (`?format=text`
//! or `?format=openmetrics` forces one), gzip-compressed when the scraper
//! accepts gzip:
//!
//! - feature `serve`: [`serve`](crate::serve)`(registry, port)` serves on
//!   `127.0.0.1:port` from a background thread, with no async runtime;
//! - feature `axum`: `metrics_runtime::http::router(registry)` is an
//!   `axum::Router` to merge into an application's, which takes axum and
//!   tokio too, in these versions and with these features:
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
//! use metrics_runtime::{metrics_family, Counter, Registry};
//!
//! #[metrics_family]
//! struct App {
//!     /// Requests served
//!     requests: Counter,
//! }
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> std::io::Result<()> {
//!     let registry = Registry::new();
//!     let app = registry.register(App::new()).expect("the registry was empty");
//!     app.requests.inc();
//!
//!     let router = metrics_runtime::http::router(registry);
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:9464").await?;
//!     axum::serve(listener, router).await
//! }
//! ```
//!
//! Without an async runtime (feature `serve`), the server runs on a thread
//! of its own until stopped:
//!
#![cfg_attr(feature = "serve", doc = "```")]
#![cfg_attr(not(feature = "serve"), doc = "```ignore")]
//! use metrics_runtime::{metrics_family, serve, Counter, Registry};
//!
//! #[metrics_family]
//! struct App {
//!     /// Requests served
//!     requests: Counter,
//! }
//!
//! let registry = Registry::new();
//! registry.register(App::new()).expect("the registry was empty").requests.inc();
//! let serving = serve(registry, 0)?; // port 0: any free one; 9464 is the usual
//! assert!(serving.addr().ip().is_loopback());
//! serving.stop();
//! # Ok::<(), std::io::Error>(())
//! ```

// The runtime lives in `metrics-runtime-core`, which does not depend on the
// macros, so a cold build compiles it beside syn, darling and the macros
// instead of after them; this crate puts the two together under the one
// name the generated code and users write (`::metrics_runtime::...`).
pub use metrics_runtime_core::*;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Declares a family of metrics on a struct with named fields.
///
/// Each field is one metric; its type names the kind ([`Counter`], [`Gauge`],
/// [`FloatGauge`], [`Histogram`], [`NativeHistogram`], [`Info`],
/// [`StateSet`]) and its doc comment is the help text.
///
/// Family options, in `#[metrics_family(...)]`:
/// - `prefix = "network_event_channel"`: prepended, with `_`, to every name;
/// - `require_help`: a field without a doc comment is an error.
/// - `title = "Sync Metrics"`: the family's heading in rendered docs
///   (the `metrics-catalog` crate's `Catalog`); the default is made from the
///   struct's name.
/// - `const_labels(peer: String, shard: Shard)`: labels every sample of an
///   instance carries, before its own, with values given to `new(peer,
///   shard)`; each a `String` or a [`LabelValue`] enum. Several instances
///   with different values live in one [`Registry`]. Their names may not be
///   a metric's label, start with `__`, or be `le`, `quantile`, `instance`
///   or `job`.
/// - `alert(...)`, `record(...)`: alerting and recording rules on several of
///   the family's metrics, as in `#[metric(...)]` below.
///
/// Metric options, in `#[metric(...)]` on a field:
/// - `name = "..."`: the exported name instead of the field's;
/// - `unit = "seconds"`: appended to the name on export (OpenMetrics `# UNIT`);
/// - `labels(branch: Branch, class: PurgeClass)`: label names and types, in
///   the order recording methods take them; a type is a [`LabelValue`] enum
///   or `String` for a free-form label: up to four enums and up to two
///   `String`s, in any order;
/// - `max_series = 500`: the bound on distinct tuples of free-form values
///   (default 1000), each with a series for every combination of the enum
///   labels (see [`MixedStore`]);
/// - `max_value_len = 256`: the bound on one free-form value's length in
///   bytes (default 1024, [`Bounds::DEFAULT_MAX_VALUE_LEN`]); a longer value
///   folds into [`OVERFLOW_LABEL_VALUE`], counted, never exported;
/// - `buckets = [0.1, 0.5, 1]`, `buckets = exponential(start, factor, count)`
///   or `buckets = linear(start, width, count)`: histogram bucket bounds.
/// - `states = SyncState`: a [`StateSet`]'s states, a [`LabelValue`] enum
///   (one series per value); on a state set only, and required there.
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
/// Generated: the struct with each field's label types filled in, `new()`
/// (`new(..)` with the constant labels' values, if any), `Default` for a
/// family without constant labels, an inherent `register(&self, &mut
/// prometheus_client::registry::Registry)`, and [`MetricFamily`] with the
/// family's [`FamilyDescriptor`] and its constant labels' types
/// ([`MetricFamily::ConstLabels`]).
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
///
/// Enum and free-form labels in one metric, bounded in tuples and in length:
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, LabelValue, OVERFLOW_LABEL_VALUE};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
///
/// #[metrics_family]
/// struct Http {
///     /// Requests served
///     #[metric(labels(method: Method, route: String), max_series = 100, max_value_len = 64)]
///     requests: Counter,
/// }
///
/// let m = Http::new();
/// m.requests.inc(Method::Get, "/users/:id");
/// m.requests.inc(Method::Post, &"/x".repeat(40)); // 80 bytes: folded, method kept
/// assert_eq!(m.requests.get(Method::Post, OVERFLOW_LABEL_VALUE), 1);
/// assert_eq!((m.requests.series(), m.requests.overflowed()), (1, 1));
/// ```
pub use metrics_macros::metrics_family;

/// Derives [`LabelValue`] for a fieldless enum that is `Clone` and `Copy`
/// (`#[derive(Clone, Copy, LabelValue)]`).
///
/// Values are the snake_case of the variant names; `#[label(rename = "x")]`
/// on a variant overrides one. Variant doc comments are kept as data (see
/// [`LabelValue::DOCS`]). The derive also gives the enum, as its own items
/// (usable without importing the trait, `as_str` in const context):
/// `ALL`, every variant in declaration order, and `as_str`, the exported
/// value. An enum that defines either itself gets a duplicate-definition
/// error.
///
/// ```
/// use metrics_runtime::LabelValue;
///
/// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
/// enum Protocol {
///     Snapshot,
///     #[label(rename = "hash")]
///     HashComparison,
/// }
///
/// const HASH: &str = Protocol::HashComparison.as_str();
/// assert_eq!(HASH, "hash");
/// assert_eq!(Protocol::ALL, [Protocol::Snapshot, Protocol::HashComparison]);
/// ```
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
