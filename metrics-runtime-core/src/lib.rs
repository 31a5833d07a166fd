//! The runtime behind [`metrics-runtime`](https://docs.rs/metrics-runtime):
//! its metric kinds, label stores, registry, writer and servers, without the
//! `#[metrics_family]` macros. Depend on `metrics-runtime`, which re-exports
//! all of this crate and the macros under the path the generated code names
//! (`::metrics_runtime`); this crate is split from it only so that a build
//! compiles it in parallel with the macros' own dependencies.
//!
//! ```
//! use metrics_runtime::{metrics_family, Counter, Registry};
//!
//! #[metrics_family]
//! struct App {
//!     /// Requests served
//!     requests: Counter,
//! }
//!
//! let registry = Registry::new();
//! registry.register(App::new()).unwrap().requests.inc();
//! assert!(registry.encode(metrics_runtime::Format::Text).unwrap().contains("requests_total 1\n"));
//! ```

mod alert;
mod cell;
mod describe;
mod encode;
mod error;
mod exemplar;
mod global;
mod info;
mod label;
mod metric;
mod native;
mod negotiate;
mod overflow;
mod own;
mod packed;
#[cfg(feature = "protobuf")]
mod proto;
mod record;
mod registry;
mod stand_in;
mod state_set;
mod store;
mod sync;
mod write;
mod wrong_kind;

#[cfg(feature = "axum")]
pub mod http;
mod scrape;
#[cfg(feature = "serve")]
mod serve;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use alert::{AlertDescriptor, AlertSeverity, RecordDescriptor};
pub use cell::{
    Cell, CounterAmount, CounterCell, FloatGaugeCell, GaugeCell, HistogramCell, HistogramSnapshot,
    Timer,
};
pub use describe::BucketLabel;
pub use describe::{FamilyDescriptor, LabelDescriptor, LabelValues, MetricDescriptor, MetricKind};
pub use encode::{encode, Format, Scrape};
pub use error::RegisterError;
pub use exemplar::{
    dropped_exemplars, CountWithExemplar, CounterWithExemplar, CounterWithExemplarCell, Exemplar,
    ExemplarConfig, ExemplarLabels, HistogramWithExemplars, HistogramWithExemplarsCell,
    ObserveWithExemplar, DROPPED_EXEMPLARS, EXEMPLAR_MAX_CHARS,
};
pub use global::Global;
pub use info::{Info, InfoLabel, InfoLabels};
pub use label::{
    ConstLabels, FixedLabels, FreeValues, LabelSet, LabelSlot, LabelValue, MixedLabels,
};
pub use metric::{Counter, FloatGauge, Gauge, Histogram, Metric, NativeHistogram};
pub use scrape::{scrape_reply, ScrapeReply};
// The check a field's declaration makes of its enum label types, for
// generated code only; also here so that rustc's note on a type that is not
// a `LabelValue` reads "required by a bound in `metrics_runtime::label_value`".
#[doc(hidden)]
pub use __private::label_value;
pub use native::{NativeConfig, NativeHistogramCell, NativeSnapshot};
pub use overflow::overflow_counter_name;
pub use own::{Registry, LEFT_OUT_FAMILIES};
pub use registry::{check_names, MetricFamily};
pub use state_set::StateSet;
pub use store::{
    Bounds, CachePadded, FixedStore, FreeHandle, FreeStore, Handle, MixedStore, Store,
    OVERFLOW_LABEL_VALUE,
};

#[cfg(feature = "serve")]
pub use serve::{serve, serve_on, Serving};

#[cfg(feature = "protobuf")]
pub use proto::encode_protobuf;

pub use prometheus_client;
