//! The families a program declares with `metrics-runtime`'s
//! `#[metrics_family]`, gathered into a [`Catalog`]: looked up by sample name
//! (what `promql-lint` checks queries against) and rendered as the metrics
//! reference, in Markdown or JSON, and the alerting and recording rules they
//! declare as a Prometheus rule file ([`Catalog::rule_file`]).
//!
//! ```
//! use metrics_catalog::Catalog;
//! use metrics_runtime::{metrics_family, Gauge};
//!
//! /// The event channel.
//! #[metrics_family(prefix = "network_event_channel")]
//! struct Channel {
//!     /// Events waiting in the channel
//!     depth: Gauge,
//! }
//!
//! let catalog = Catalog::new().with::<Channel>();
//! assert!(catalog.series("network_event_channel_depth").is_some());
//! assert!(catalog.to_markdown().contains("| `network_event_channel_depth` | `Gauge` |"));
//! ```
//!
//! # Why a crate of its own
//!
//! A running service needs the descriptors (`metrics_runtime::FamilyDescriptor`
//! and the rest), which stay in `metrics-runtime` as data; it never renders
//! them. This crate is the rendering and the lookup, used by tools: a docs
//! generator, a test that keeps the rendered reference in sync, the PromQL
//! lint. It is a crate rather than a default-off feature of
//! `metrics-runtime` because Cargo unifies features across a build: one tool
//! or test in a workspace that turned the feature on would make every service
//! built with it compile the rendering too. A crate is compiled only by what
//! depends on it, so a service's dependency tree and compile time are those of
//! `metrics-runtime` alone. This crate depends on nothing but
//! `metrics-runtime`.

mod catalog;
mod rules;

pub use catalog::{Catalog, Series, OVERFLOW_SUFFIX};
pub use rules::{Alert, Record, RuleFile};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
