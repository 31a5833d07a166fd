//! What generated code uses. Not public API: no stability, no docs.

pub use crate::cell::{CounterCell, FloatGaugeCell, GaugeCell, HistogramCell};
pub use crate::describe::{
    FamilyDescriptor, LabelDescriptor, LabelValues, MetricDescriptor, MetricKind,
};
pub use crate::error::RegisterError;
pub use crate::label::{LabelSet, LabelValue};
pub use crate::metric::Metric;
pub use crate::registry::MetricFamily;
pub use core::default::Default;
pub use core::option::Option::{self, None, Some};
pub use core::result::Result;
pub use prometheus_client::registry::Registry;

use crate::cell::Cell;
use crate::registry::Registered;

/// The series bound of a free-form metric that declares none.
pub const DEFAULT_MAX_SERIES: usize = 1000;

/// A registry-owned clone of `metric`.
pub fn boxed<L: LabelSet, C: Cell>(metric: &Metric<L, C>) -> Registered {
    Registered::new(metric)
}

/// Registers a family: see [`MetricFamily::register`].
pub fn register_family<const N: usize>(
    registry: &mut Registry,
    family: &'static FamilyDescriptor,
    metrics: [Registered; N],
) -> Result<(), RegisterError> {
    crate::registry::register_family(registry, family, metrics.into())
}

/// Compile-time check that a label type is a [`LabelValue`]; generated with
/// the label type's span so the error points at the declaration.
pub const fn assert_label_value<T: LabelValue>() {}

/// `LabelSet`, behind a lifetime: generated `Default` impls state
/// `for<'a> Labels: CheckedLabels<'a>` so that a wrong label type, already
/// reported on the field, is not reported again on the impl. (A bound with a
/// bound lifetime is not a "trivial bound", so rustc assumes it instead of
/// checking it; its supertrait gives the impl the `LabelSet` it needs.)
pub trait CheckedLabels<'a>: LabelSet {}

impl<L: LabelSet> CheckedLabels<'_> for L {}
