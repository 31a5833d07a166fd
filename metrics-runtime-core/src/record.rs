//! What each kind records: the traits a metric's recording methods are
//! bounded by.
//!
//! A metric (and a free-form handle) has one impl per label shape, generic
//! over its cell, whose `inc`, `inc_by`, `dec`, `dec_by` and `set` are
//! bounded at the method by the trait here that the cell of a kind with
//! that method implements, as `observe` is by [`Observe`](crate::Observe).
//! So a recording call is looked up among one impl per label shape instead
//! of one per shape and kind (rustc tries every inherent impl with a method
//! of that name, BENCHMARKS.md, "Build cost"), and another kind's method
//! (`set` on a counter, `inc` on a histogram) is found and fails on its
//! bound, whose message names the cell and says which kinds have the method.

use crate::cell::{CounterAmount, CounterCell, FloatGaugeCell, GaugeCell, HistogramCell};
use crate::exemplar::{CounterWithExemplarCell, ExemplarLabels, HistogramWithExemplarsCell};
use crate::native::NativeHistogramCell;

/// Adds one: a counter or a gauge.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Gauge};
///
/// #[metrics_family]
/// struct Pool {
///     /// Connections opened
///     opened: Counter,
///     /// Connections open
///     open: Gauge,
/// }
///
/// let pool = Pool::new();
/// pool.opened.inc();
/// pool.open.inc();
/// assert_eq!((pool.opened.get(), pool.open.get()), (1, 1));
/// ```
#[diagnostic::on_unimplemented(
    message = "a histogram takes observations: it has no `inc`",
    label = "`inc` on a histogram",
    note = "record a value with `observe(v)`, or time with `start_timer()`; to count, declare the field as a `Counter`"
)]
pub trait Inc {
    /// Adds one.
    fn inc(&self);
}

/// Adds an amount: a `u64` to a counter, an `i64` to a gauge, an `f64` to
/// a float gauge.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, FloatGauge};
///
/// #[metrics_family]
/// struct Io {
///     /// Bytes read
///     #[metric(unit = "bytes")]
///     read: Counter,
///     /// Load
///     load: FloatGauge,
/// }
///
/// let io = Io::new();
/// io.read.inc_by(512);
/// io.load.inc_by(0.5);
/// assert_eq!((io.read.get(), io.load.get()), (512, 0.5));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` takes no `inc_by` of `{V}`",
    label = "not an amount of this metric",
    note = "a `Counter` adds a `u64`, a `Gauge` an `i64`, a `FloatGauge` an `f64`; a histogram has no `inc_by`: record a value with `observe(v)`"
)]
pub trait IncBy<V> {
    /// Adds `v`.
    fn inc_by(&self, v: V);
}

/// Subtracts one: a gauge.
///
/// ```
/// use metrics_runtime::{metrics_family, Gauge};
///
/// #[metrics_family]
/// struct Pool {
///     /// Connections open
///     open: Gauge,
/// }
///
/// let pool = Pool::new();
/// pool.open.dec();
/// assert_eq!(pool.open.get(), -1);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `dec`: only a `Gauge` or a `FloatGauge` goes down",
    label = "`dec` on a metric that is not a gauge",
    note = "a `Counter` only goes up, with `inc` and `inc_by`, and a histogram records with `observe`; declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`) for a value that goes down"
)]
pub trait Dec {
    /// Subtracts one.
    fn dec(&self);
}

/// Subtracts an amount: a gauge, by its own value type.
///
/// ```
/// use metrics_runtime::{metrics_family, Gauge};
///
/// #[metrics_family]
/// struct Pool {
///     /// Connections open
///     open: Gauge,
/// }
///
/// let pool = Pool::new();
/// pool.open.dec_by(3);
/// assert_eq!(pool.open.get(), -3);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `dec_by`: only a `Gauge` or a `FloatGauge` goes down",
    label = "`dec_by` on a metric that is not a gauge",
    note = "a `Counter` only goes up, with `inc` and `inc_by`, and a histogram records with `observe`; declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`) for a value that goes down"
)]
pub trait DecBy {
    /// What the gauge holds: `i64` or `f64`.
    type Amount: Copy;
    /// Subtracts `v`.
    fn dec_by(&self, v: Self::Amount);
}

/// Sets the value: a gauge, by its own value type.
///
/// ```
/// use metrics_runtime::{metrics_family, FloatGauge, Gauge};
///
/// #[metrics_family]
/// struct Pool {
///     /// Connections open
///     open: Gauge,
///     /// Load
///     load: FloatGauge,
/// }
///
/// let pool = Pool::new();
/// pool.open.set(4);
/// pool.load.set(0.25);
/// assert_eq!((pool.open.get(), pool.load.get()), (4, 0.25));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `set`: only a `Gauge` or a `FloatGauge` is set",
    label = "`set` on a metric that is not a gauge",
    note = "a `Counter` only goes up, with `inc` and `inc_by`, and a histogram records with `observe`; declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`) to set its value"
)]
pub trait Set {
    /// What the gauge holds: `i64` or `f64`.
    type Value: Copy;
    /// Sets the value to `v`.
    fn set(&self, v: Self::Value);
}

// Each impl forwards to the cell's own method. `inline(always)` only
// without debug assertions, as the recording paths are (see `metric.rs`).
macro_rules! forward {
    ($($fn:ident($($v:ident: $t:ty)?);)*) => {
        $(
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            fn $fn(&self $(, $v: $t)?) {
                Self::$fn(self $(, $v)?)
            }
        )*
    };
}

// `do_not_recommend` on the impls: a failed bound lists no cell types.
#[diagnostic::do_not_recommend]
impl Inc for CounterCell {
    forward! { inc(); }
}

// Not `do_not_recommend`: a wrong amount fails `CounterAmount`, whose
// message says what a counter takes.
impl<V: CounterAmount> IncBy<V> for CounterCell {
    forward! { inc_by(v: V); }
}

#[diagnostic::do_not_recommend]
impl<E: ExemplarLabels> Inc for CounterWithExemplarCell<E> {
    forward! { inc(); }
}

impl<E: ExemplarLabels, V: CounterAmount> IncBy<V> for CounterWithExemplarCell<E> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn inc_by(&self, v: V) {
        Self::inc_by(self, v.amount())
    }
}

macro_rules! gauge {
    ($cell:ty, $value:ty) => {
        #[diagnostic::do_not_recommend]
        impl Inc for $cell {
            forward! { inc(); }
        }

        #[diagnostic::do_not_recommend]
        impl IncBy<$value> for $cell {
            forward! { inc_by(v: $value); }
        }

        #[diagnostic::do_not_recommend]
        impl Dec for $cell {
            forward! { dec(); }
        }

        #[diagnostic::do_not_recommend]
        impl DecBy for $cell {
            type Amount = $value;
            forward! { dec_by(v: $value); }
        }

        #[diagnostic::do_not_recommend]
        impl Set for $cell {
            type Value = $value;
            forward! { set(v: $value); }
        }
    };
}

gauge!(GaugeCell, i64);
gauge!(FloatGaugeCell, f64);

/// What the amount of a histogram's `inc_by` is bounded by: implemented by
/// no type (it is sealed), so the call fails on it, with a histogram's
/// message, where an unmet `IncBy` would print the uninferred amount's type
/// as `_`.
#[diagnostic::on_unimplemented(
    message = "a histogram takes observations: it has no `inc_by`",
    label = "`inc_by` on a histogram",
    note = "record a value with `observe(v)`, or time with `start_timer()`; to count, declare the field as a `Counter`"
)]
pub trait NoIncByOnAHistogram: sealed::Never {}

pub(crate) mod sealed {
    /// Implemented by no type (the `global!` value check's too).
    pub trait Never {}
}

macro_rules! histogram {
    ($([$($g:tt)*] $cell:ty),*) => {
        $(
            impl<$($g)* V: NoIncByOnAHistogram> IncBy<V> for $cell {
                // Never called: no type is `NoIncByOnAHistogram`.
                fn inc_by(&self, _: V) {}
            }
        )*
    };
}

histogram!([] HistogramCell, [] NativeHistogramCell, [E: ExemplarLabels,] HistogramWithExemplarsCell<E>);
