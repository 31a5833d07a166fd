//! The metric types fields of a `#[metrics_family]` struct have.
//!
//! See [`Metric`], and its aliases [`Counter`], [`Gauge`], [`FloatGauge`] and
//! [`Histogram`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::{EncodeMetric, MetricEncoder};
use prometheus_client::metrics::MetricType;

use crate::cell::{
    Cell, CounterCell, FloatGaugeCell, GaugeCell, HistogramCell, HistogramSnapshot, Observe, Timer,
};
use crate::label::{ConstLabels, LabelSet, LabelValue};
use crate::store::{FreeStore, Handle, Store};

/// A metric: its label names and the series for each label combination.
///
/// `L` is the tuple of label types ([`LabelSet`]), `C` the value of one
/// series ([`Cell`]). Clones share the series, so the copy registered in a
/// [`Registry`](prometheus_client::registry::Registry) sees every recording.
/// Recording methods take the labels as arguments, in declaration order.
pub struct Metric<L: LabelSet, C: Cell> {
    inner: Arc<Inner<L, C>>,
}

struct Inner<L: LabelSet, C: Cell> {
    names: &'static [&'static str],
    consts: ConstLabels,
    store: L::Store<C>,
}

/// A counter; exported as `<name>_total`. See [`CounterCell`] for the
/// operations on one series.
pub type Counter<L = ()> = Metric<L, CounterCell>;
/// An `i64` gauge. See [`GaugeCell`].
pub type Gauge<L = ()> = Metric<L, GaugeCell>;
/// An `f64` gauge. See [`FloatGaugeCell`].
pub type FloatGauge<L = ()> = Metric<L, FloatGaugeCell>;
/// A histogram; exported as `<name>_bucket`, `_sum` and `_count`. See
/// [`HistogramCell`].
pub type Histogram<L = ()> = Metric<L, HistogramCell>;

impl<L: LabelSet, C: Cell> Metric<L, C> {
    /// A metric with the given label names (one per element of `L`).
    /// `max_series` bounds the number of series of a free-form metric.
    ///
    /// Generated code calls this; users normally get metrics from their
    /// family's `new()`.
    pub fn new(names: &'static [&'static str], config: C::Config, max_series: usize) -> Self {
        Self::with_const_labels(names, ConstLabels::empty(), config, max_series)
    }

    /// As [`new`](Self::new), for one instance of a family with constant
    /// labels: `consts` are written before the series' own labels.
    pub fn with_const_labels(
        names: &'static [&'static str],
        consts: ConstLabels,
        config: C::Config,
        max_series: usize,
    ) -> Self {
        assert_eq!(names.len(), L::ARITY, "one name per label");
        Self {
            inner: Arc::new(Inner {
                names,
                consts,
                store: <L::Store<C> as Store<C>>::new(config, max_series),
            }),
        }
    }

    /// The label names, in recording order.
    pub fn label_names(&self) -> &'static [&'static str] {
        self.inner.names
    }

    /// The instance's constant labels (empty for most families).
    pub fn const_labels(&self) -> &ConstLabels {
        &self.inner.consts
    }

    /// The store behind this metric.
    pub fn store(&self) -> &L::Store<C> {
        &self.inner.store
    }
}

impl<L: LabelSet, C: Cell> Clone for Metric<L, C> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<L: LabelSet, C: Cell> fmt::Debug for Metric<L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metric")
            .field("labels", &self.inner.names)
            .field("type", &C::TYPE)
            .finish_non_exhaustive()
    }
}

impl<L: LabelSet, C: Cell> EncodeMetric for Metric<L, C> {
    fn encode(&self, mut encoder: MetricEncoder) -> fmt::Result {
        self.inner
            .store
            .encode(self.inner.names, &self.inner.consts, &mut encoder)
    }

    fn metric_type(&self) -> MetricType {
        C::TYPE
    }
}

// Recording methods, for every arity of enum labels. `with(..)` returns the
// series' cell (a plain reference into the array: no guard, no lock); the
// shortcuts forward to it.
macro_rules! fixed_arity {
    ($($t:ident $v:ident),*) => {
        impl<$($t: LabelValue,)* C: Cell> Metric<($($t,)*), C> {
            /// The series for these label values.
            #[inline(always)]
            pub fn with(&self, $($v: $t),*) -> &C {
                self.inner.store.cell(($($v,)*))
            }
            // A histogram's: bounded by `Observe`, whose message names the
            // kinds, on every kind.
            /// Records `v` in the series for these label values (histograms).
            #[inline]
            pub fn observe(&self, $($v: $t,)* v: f64) where C: Observe {
                Observe::observe(self.with($($v),*), v)
            }
            /// Records a duration, in seconds (histograms).
            #[inline]
            pub fn observe_duration(&self, $($v: $t,)* d: Duration) where C: Observe {
                Observe::observe_duration(self.with($($v),*), d)
            }
            /// Starts a timer that records into this series when dropped
            /// (histograms).
            pub fn start_timer(&self, $($v: $t),*) -> Timer<'_> where C: Observe {
                Observe::start_timer(self.with($($v),*))
            }
        }

        impl<$($t: LabelValue),*> Metric<($($t,)*), CounterCell> {
            /// Adds one to the series for these label values.
            #[inline(always)]
            pub fn inc(&self, $($v: $t),*) {
                self.with($($v),*).inc()
            }
            /// Adds `v` to the series for these label values.
            #[inline(always)]
            pub fn inc_by(&self, $($v: $t,)* v: u64) {
                self.with($($v),*).inc_by(v)
            }
            /// The value of the series for these label values.
            pub fn get(&self, $($v: $t),*) -> u64 {
                self.with($($v),*).get()
            }
        }

        impl<$($t: LabelValue),*> Metric<($($t,)*), GaugeCell> {
            /// Sets the series for these label values.
            #[inline(always)]
            pub fn set(&self, $($v: $t,)* v: i64) {
                self.with($($v),*).set(v)
            }
            /// Adds one to the series for these label values.
            #[inline(always)]
            pub fn inc(&self, $($v: $t),*) {
                self.with($($v),*).inc()
            }
            /// Subtracts one from the series for these label values.
            #[inline(always)]
            pub fn dec(&self, $($v: $t),*) {
                self.with($($v),*).dec()
            }
            /// Adds `v` to the series for these label values.
            #[inline(always)]
            pub fn inc_by(&self, $($v: $t,)* v: i64) {
                self.with($($v),*).inc_by(v)
            }
            /// Subtracts `v` from the series for these label values.
            #[inline(always)]
            pub fn dec_by(&self, $($v: $t,)* v: i64) {
                self.with($($v),*).dec_by(v)
            }
            /// The value of the series for these label values.
            pub fn get(&self, $($v: $t),*) -> i64 {
                self.with($($v),*).get()
            }
        }

        impl<$($t: LabelValue),*> Metric<($($t,)*), FloatGaugeCell> {
            /// Sets the series for these label values.
            #[inline(always)]
            pub fn set(&self, $($v: $t,)* v: f64) {
                self.with($($v),*).set(v)
            }
            /// Adds `v` to the series for these label values.
            #[inline]
            pub fn inc_by(&self, $($v: $t,)* v: f64) {
                self.with($($v),*).inc_by(v)
            }
            /// Subtracts `v` from the series for these label values.
            #[inline]
            pub fn dec_by(&self, $($v: $t,)* v: f64) {
                self.with($($v),*).dec_by(v)
            }
            /// The value of the series for these label values.
            pub fn get(&self, $($v: $t),*) -> f64 {
                self.with($($v),*).get()
            }
        }

        impl<$($t: LabelValue),*> Metric<($($t,)*), HistogramCell> {
            /// The counts and sum of the series for these label values.
            pub fn get(&self, $($v: $t),*) -> HistogramSnapshot {
                self.with($($v),*).get()
            }
        }
    };
}

fixed_arity!();
fixed_arity!(A a);
fixed_arity!(A a, B b);
fixed_arity!(A a, B b, C2 c);
fixed_arity!(A a, B b, C2 c, D d);

impl<C: Cell> Metric<(String,), C> {
    /// A handle on the series for `value`; keep it to record repeatedly
    /// without a lookup. Past the series bound, or for the reserved value
    /// [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE), this is the
    /// overflow series.
    #[inline]
    pub fn with(&self, value: &str) -> Handle<C> {
        self.inner.store.cell(value)
    }

    /// Removes the series for `value` (for instance when the context it
    /// describes is deleted); returns whether it existed.
    pub fn remove(&self, value: &str) -> bool {
        self.inner.store.remove(value)
    }

    /// The number of series held, not counting the overflow series.
    pub fn series(&self) -> usize {
        self.inner.store.len()
    }

    /// How many lookups were folded into the overflow series, because the
    /// bound was reached or the value was the reserved
    /// [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE); exported as the
    /// counter `<name>_overflow_total`. Each recording method taking the
    /// value is one lookup, a handle from [`with`](Self::with) one however
    /// many recordings go through it (see [`FreeStore::overflowed`]).
    pub fn overflowed(&self) -> u64 {
        self.inner.store.overflowed()
    }

    fn store_free(&self) -> &FreeStore<C> {
        &self.inner.store
    }

    /// Records `v` in the series for `value` (histograms).
    #[inline]
    pub fn observe(&self, value: &str, v: f64)
    where
        C: Observe,
    {
        self.store_free()
            .with_cell(value, |c| Observe::observe(c, v))
    }

    /// Records a duration, in seconds, in the series for `value`
    /// (histograms).
    #[inline]
    pub fn observe_duration(&self, value: &str, d: Duration)
    where
        C: Observe,
    {
        self.store_free()
            .with_cell(value, |c| Observe::observe_duration(c, d))
    }
}

impl Metric<(String,), CounterCell> {
    /// Adds one to the series for `value`.
    #[inline]
    pub fn inc(&self, value: &str) {
        self.store_free().with_cell(value, |c| c.inc())
    }
    /// Adds `v` to the series for `value`.
    #[inline]
    pub fn inc_by(&self, value: &str, v: u64) {
        self.store_free().with_cell(value, |c| c.inc_by(v))
    }
    /// The value of the series for `value`; 0 if it does not exist.
    pub fn get(&self, value: &str) -> u64 {
        self.store_free().existing(value).map_or(0, |c| c.get())
    }
}

impl Metric<(String,), GaugeCell> {
    /// Sets the series for `value`.
    #[inline]
    pub fn set(&self, value: &str, v: i64) {
        self.store_free().with_cell(value, |c| c.set(v))
    }
    /// Adds one to the series for `value`.
    #[inline]
    pub fn inc(&self, value: &str) {
        self.store_free().with_cell(value, |c| c.inc())
    }
    /// Subtracts one from the series for `value`.
    #[inline]
    pub fn dec(&self, value: &str) {
        self.store_free().with_cell(value, |c| c.dec())
    }
    /// Adds `v` to the series for `value`.
    #[inline]
    pub fn inc_by(&self, value: &str, v: i64) {
        self.store_free().with_cell(value, |c| c.inc_by(v))
    }
    /// Subtracts `v` from the series for `value`.
    #[inline]
    pub fn dec_by(&self, value: &str, v: i64) {
        self.store_free().with_cell(value, |c| c.dec_by(v))
    }
    /// The value of the series for `value`; 0 if it does not exist.
    pub fn get(&self, value: &str) -> i64 {
        self.store_free().existing(value).map_or(0, |c| c.get())
    }
}

impl Metric<(String,), FloatGaugeCell> {
    /// Sets the series for `value`.
    #[inline]
    pub fn set(&self, value: &str, v: f64) {
        self.store_free().with_cell(value, |c| c.set(v))
    }
    /// Adds `v` to the series for `value`.
    #[inline]
    pub fn inc_by(&self, value: &str, v: f64) {
        self.store_free().with_cell(value, |c| c.inc_by(v))
    }
    /// Subtracts `v` from the series for `value`.
    #[inline]
    pub fn dec_by(&self, value: &str, v: f64) {
        self.store_free().with_cell(value, |c| c.dec_by(v))
    }
    /// The value of the series for `value`; 0 if it does not exist.
    pub fn get(&self, value: &str) -> f64 {
        self.store_free().existing(value).map_or(0.0, |c| c.get())
    }
}

impl Metric<(String,), HistogramCell> {
    /// The counts and sum of the series for `value`, if it exists.
    pub fn get(&self, value: &str) -> Option<HistogramSnapshot> {
        self.store_free().existing(value).map(|c| c.get())
    }
}
