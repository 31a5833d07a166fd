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
use crate::label::{ConstLabels, LabelSet, LabelValue, MixedLabels};
use crate::native::{NativeHistogramCell, NativeSnapshot};
use crate::overflow::encode_overflow;
use crate::record::{Dec, DecBy, Inc, IncBy, Set};
use crate::registry::{Registered, Series};
use crate::store::{Bounds, FreeHandle, Handle, Store};

/// A metric: its label names and the series for each label combination.
///
/// `L` is the tuple of label types ([`LabelSet`]), `C` the value of one
/// series ([`Cell`]). Clones share the series, so the copy registered in a
/// [`Registry`](prometheus_client::registry::Registry) sees every recording.
/// Recording methods take the labels as arguments, in declaration order:
/// an enum label as its enum, a free-form label as `&str`.
///
/// With enum labels only (`()`, `(A,)`, ... up to four), the series live in
/// a [`FixedStore`](crate::FixedStore) and `with(..)` is a plain reference
/// to one. With free-form labels (one or two `String`s, among up to four
/// enums, in any order) they live in a [`MixedStore`](crate::MixedStore):
/// `with(..)` is a [`Handle`], `with_free(..)` a [`FreeHandle`] on every
/// series of one free-form value tuple, and `remove`, `series` and
/// `overflowed` manage the bound. Every such shape has the same methods;
/// these docs show those of `(String,)` and `(A, String, B)`, the others are
/// hidden from them for their number (50 shapes).
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, LabelValue};
///
/// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
/// enum Method { Get, Post }
///
/// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
/// enum Status { Success, ServerError }
///
/// #[metrics_family]
/// struct Http {
///     /// Requests served
///     #[metric(labels(method: Method, route: String, status: Status), max_series = 500)]
///     requests: Counter,
/// }
///
/// let m = Http::new();
/// m.requests.inc(Method::Get, "/users/:id", Status::Success);
/// let users = m.requests.with_free("/users/:id");
/// users.inc(Method::Post, Status::ServerError);
/// assert_eq!(m.requests.get(Method::Get, "/users/:id", Status::Success), 1);
/// assert_eq!(m.requests.get(Method::Post, "/users/:id", Status::ServerError), 1);
/// assert_eq!(m.requests.series(), 1); // one route, with all four enum combinations
/// assert!(m.requests.remove("/users/:id"));
/// ```
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
///
/// ```
/// use metrics_runtime::{metrics_family, Counter};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let app = App::new();
/// app.requests.inc();
/// app.requests.inc_by(2);
/// assert_eq!(app.requests.get(), 3);
/// ```
pub type Counter<L = ()> = Metric<L, CounterCell>;
/// An `i64` gauge. See [`GaugeCell`].
///
/// ```
/// use metrics_runtime::{metrics_family, Gauge};
///
/// #[metrics_family]
/// struct Pool {
///     /// Open connections
///     connections: Gauge,
/// }
///
/// let pool = Pool::new();
/// pool.connections.set(5);
/// pool.connections.dec();
/// assert_eq!(pool.connections.get(), 4);
/// ```
pub type Gauge<L = ()> = Metric<L, GaugeCell>;
/// An `f64` gauge. See [`FloatGaugeCell`].
///
/// ```
/// use metrics_runtime::{metrics_family, FloatGauge};
///
/// #[metrics_family]
/// struct Disk {
///     /// Fraction of the disk in use
///     usage: FloatGauge,
/// }
///
/// let disk = Disk::new();
/// disk.usage.set(0.25);
/// disk.usage.inc_by(0.5);
/// assert_eq!(disk.usage.get(), 0.75);
/// ```
pub type FloatGauge<L = ()> = Metric<L, FloatGaugeCell>;
/// A histogram; exported as `<name>_bucket`, `_sum` and `_count`. See
/// [`HistogramCell`].
///
/// ```
/// use metrics_runtime::{metrics_family, Histogram};
///
/// #[metrics_family]
/// struct Rpc {
///     /// Call latency
///     #[metric(unit = "seconds", buckets = [0.1, 1])]
///     latency: Histogram,
/// }
///
/// let rpc = Rpc::new();
/// rpc.latency.observe(0.05);
/// rpc.latency.observe(0.5);
/// let snapshot = rpc.latency.get();
/// assert_eq!(snapshot.count, 2);
/// assert_eq!(snapshot.buckets, [(0.1, 1), (1.0, 2), (f64::INFINITY, 2)]);
/// ```
pub type Histogram<L = ()> = Metric<L, HistogramCell>;

/// A native (exponential) histogram: see [`NativeHistogramCell`]. Made
/// with [`Metric::new`] and a [`NativeConfig`](crate::NativeConfig) and registered as a
/// hand-written metric; Prometheus ingests its buckets over protobuf
/// (feature `protobuf`), and the text formats write its `+Inf` bucket,
/// `_sum` and `_count`.
///
/// ```
/// use metrics_runtime::{Format, NativeConfig, NativeHistogram, Registry};
///
/// let latency: NativeHistogram = NativeHistogram::new(&[], NativeConfig::DEFAULT, 1);
/// let registry = Registry::new();
/// registry
///     .register_metric("latency", "Request latency", None, latency.clone())
///     .unwrap();
/// latency.observe(0.25);
/// assert_eq!(latency.get().count, 1);
/// let text = registry.encode(Format::Text).unwrap();
/// assert!(text.contains("latency_bucket{le=\"+Inf\"} 1\nlatency_sum 0.25\nlatency_count 1\n"));
/// ```
pub type NativeHistogram<L = ()> = Metric<L, NativeHistogramCell>;

impl<L: LabelSet, C: Cell> Metric<L, C> {
    /// A metric with the given label names (one per element of `L`).
    /// `bounds` bound a metric with free-form labels: `max_series` (a
    /// `usize` converts into [`Bounds`] with the default `max_value_len`).
    ///
    /// Generated code calls this; users normally get metrics from their
    /// family's `new()`.
    ///
    /// ```
    /// use metrics_runtime::{Bounds, Counter, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// let requests: Counter<(Method,)> = Counter::new(&["method"], (), Bounds::default());
    /// requests.inc(Method::Post);
    /// assert_eq!(requests.get(Method::Post), 1);
    /// ```
    pub fn new(
        names: &'static [&'static str],
        config: C::Config,
        bounds: impl Into<Bounds>,
    ) -> Self {
        Self::with_const_labels(names, ConstLabels::empty(), config, bounds)
    }

    /// As [`new`](Self::new), for one instance of a family with constant
    /// labels: `consts` are written before the series' own labels.
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::registry::Registry;
    /// use metrics_runtime::{encode, Bounds, ConstLabels, Counter, Format};
    ///
    /// let consts = ConstLabels::new([("peer", "alice".to_owned())]);
    /// let sent = Counter::<()>::with_const_labels(&[], consts, (), Bounds::default());
    /// sent.inc();
    /// let mut registry = Registry::default();
    /// registry.register("sent", "Messages sent", sent.clone());
    /// assert!(encode(&registry, Format::Text).unwrap().ends_with("\nsent_total{peer=\"alice\"} 1\n"));
    /// ```
    pub fn with_const_labels(
        names: &'static [&'static str],
        consts: ConstLabels,
        config: C::Config,
        bounds: impl Into<Bounds>,
    ) -> Self {
        Self::create(names, consts, config, bounds.into())
    }

    /// [`with_const_labels`](Self::with_const_labels) with the bounds as
    /// they are: what a family's fields are created with, so a user's crate
    /// compiles one constructor per metric type, not one per type of bounds
    /// too.
    pub(crate) fn create(
        names: &'static [&'static str],
        consts: ConstLabels,
        config: C::Config,
        bounds: Bounds,
    ) -> Self {
        check_arity(names.len(), L::ARITY);
        Self {
            inner: Arc::new(Inner {
                names,
                consts,
                store: <L::Store<C> as Store<C>>::new(config, bounds),
            }),
        }
    }

    /// What a registry keeps of this metric: its shared state itself, as
    /// series to write (no allocation of its own).
    pub(crate) fn registered(&self) -> Registered {
        Registered(self.inner.clone())
    }

    /// The label names, in recording order.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
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
    /// assert_eq!(Http::new().requests.label_names(), ["method", "route"]);
    /// ```
    pub fn label_names(&self) -> &'static [&'static str] {
        self.inner.names
    }

    /// The instance's constant labels (empty for most families).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Messages sent
    ///     sent: Counter,
    /// }
    ///
    /// let m = Peer::new("alice".to_owned());
    /// assert_eq!(m.sent.const_labels().iter().next(), Some(("peer", "alice")));
    /// ```
    pub fn const_labels(&self) -> &ConstLabels {
        &self.inner.consts
    }

    /// The store behind this metric.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
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
    /// let m = Http::new();
    /// m.requests.inc(Method::Get, "/users");
    /// assert_eq!(m.requests.store().len(), 1); // a `MixedStore`: one route held
    /// ```
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

/// Panics unless there is one label name per label.
#[track_caller]
fn check_arity(names: usize, arity: usize) {
    assert_eq!(names, arity, "one name per label");
}

impl<L: LabelSet, C: Cell> fmt::Debug for Metric<L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_metric(f, self.inner.names, C::TYPE)
    }
}

/// A metric's `Debug`, whatever its labels and kind: a metric's and a
/// registry's copy of it (see [`Series`]) print the same.
fn debug_metric(
    f: &mut fmt::Formatter<'_>,
    names: &'static [&'static str],
    kind: MetricType,
) -> fmt::Result {
    f.debug_struct("Metric")
        .field("labels", &names)
        .field("type", &kind)
        .finish_non_exhaustive()
}

impl<L: LabelSet, C: Cell> fmt::Debug for Inner<L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_metric(f, self.names, C::TYPE)
    }
}

// What the registry writes a metric through: its shared state, so a
// registered metric is no allocation of its own. The overflow counter's
// code is shared by every metric type; the store's is the store's shims.
impl<L: LabelSet, C: Cell> Series for Inner<L, C> {
    fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        self.store.encode(self.names, &self.consts, encoder)
    }

    fn encode_overflow(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        encode_overflow(Store::overflowed(&self.store), &self.consts, encoder)
    }

    fn write_series(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        self.store.write(self.names, &self.consts, pre, out)
    }

    fn write_overflow(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) {
        let folded = Store::overflowed(&self.store);
        out.counter(pre.consts(&self.consts), folded);
    }

    fn prerender(&self, pre: &crate::write::Prerendered) {
        pre.consts(&self.consts);
        self.store.prerender(self.names, &self.consts, pre);
    }

    fn metric_type(&self) -> MetricType {
        C::TYPE
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

// Recording methods on one series chosen by enum labels, for every arity:
// on a metric of enum labels only (`with(..)` is a plain reference into the
// array: no guard, no lock) and on a `FreeHandle` (`with(..)` indexes the
// tuple's cells). The shortcuts forward to `with`.
macro_rules! enum_recording {
    ($target:ident; $($t:ident $v:ident),*) => {
        impl<$($t: LabelValue),*> $target<($($t,)*), CounterCell> {
            /// The value of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Counter,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: Counter,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.inc(Pool::Slow);
            /// m.by_tenant.with_free("acme").inc(Pool::Slow); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Slow), 1);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Slow), 1);
            /// ```
            pub fn get(&self, $($v: $t),*) -> u64 {
                self.with($($v),*).get()
            }
        }

        impl<$($t: LabelValue),*> $target<($($t,)*), GaugeCell> {
            /// The value of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Gauge,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: Gauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.set(Pool::Slow, 2);
            /// m.by_tenant.with_free("acme").set(Pool::Slow, 2); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Slow), 2);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Slow), 2);
            /// ```
            pub fn get(&self, $($v: $t),*) -> i64 {
                self.with($($v),*).get()
            }
        }

        impl<$($t: LabelValue),*> $target<($($t,)*), FloatGaugeCell> {
            /// The value of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, FloatGauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: FloatGauge,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: FloatGauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.set(Pool::Slow, 1.5);
            /// m.by_tenant.with_free("acme").set(Pool::Slow, 1.5); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Slow), 1.5);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Slow), 1.5);
            /// ```
            pub fn get(&self, $($v: $t),*) -> f64 {
                self.with($($v),*).get()
            }
        }

        // Every kind's recording methods, on every kind: each bounded by
        // the trait of the kinds that have it (see `record`), so a call is
        // looked up among one impl per label shape, and another kind's
        // method fails on its bound, whose message says which kinds have
        // it. `Observe`'s likewise.
        impl<$($t: LabelValue,)* C: Cell> $target<($($t,)*), C> {
            /// Adds one to the series for these label values: a counter or
            /// a gauge.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Counter,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: Gauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.inc(Pool::Fast);
            /// m.by_tenant.with_free("acme").inc(Pool::Fast); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast), 1);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast), 1);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn inc(&self, $($v: $t),*) where C: Inc {
                Inc::inc(self.with($($v),*))
            }
            /// Adds `v` to the series for these label values: a `u64` to a
            /// counter, an `i64` to a gauge, an `f64` to a float gauge.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, FloatGauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Counter,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: FloatGauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.inc_by(Pool::Fast, 3);
            /// m.by_tenant.with_free("acme").inc_by(Pool::Fast, 0.25); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast), 3);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast), 0.25);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn inc_by<V: Copy>(&self, $($v: $t,)* v: V) where C: IncBy<V> {
                IncBy::inc_by(self.with($($v),*), v)
            }
            /// Subtracts one from the series for these label values: a
            /// gauge.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Gauge,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: Gauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.dec(Pool::Fast);
            /// m.by_tenant.with_free("acme").dec(Pool::Fast); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast), -1);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast), -1);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn dec(&self, $($v: $t),*) where C: Dec {
                Dec::dec(self.with($($v),*))
            }
            /// Subtracts `v` from the series for these label values: a
            /// gauge, by its own value type.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, FloatGauge, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Gauge,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: FloatGauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.dec_by(Pool::Fast, 3);
            /// m.by_tenant.with_free("acme").dec_by(Pool::Fast, 0.25); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast), -3);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast), -0.25);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn dec_by(&self, $($v: $t,)* v: <C as DecBy>::Amount) where C: DecBy {
                DecBy::dec_by(self.with($($v),*), v)
            }
            /// Sets the series for these label values: a gauge, by its own
            /// value type.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, FloatGauge, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool))]
            ///     busy: Gauge,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool))]
            ///     by_tenant: FloatGauge,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.set(Pool::Fast, 4);
            /// m.by_tenant.with_free("acme").set(Pool::Fast, 0.5); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast), 4);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast), 0.5);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn set(&self, $($v: $t,)* v: <C as Set>::Value) where C: Set {
                Set::set(self.with($($v),*), v)
            }
            /// Records `v` in the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool), buckets = [0.1, 1])]
            ///     busy: Histogram,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool), buckets = [0.1, 1])]
            ///     by_tenant: Histogram,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.observe(Pool::Fast, 0.5);
            /// m.by_tenant.with_free("acme").observe(Pool::Fast, 0.5); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast).count, 1);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast).count, 1);
            /// ```
            #[inline]
            pub fn observe(&self, $($v: $t,)* v: f64) where C: Observe {
                Observe::observe(self.with($($v),*), v)
            }
            /// Records a duration, in seconds.
            ///
            /// ```
            /// use std::time::Duration;
            ///
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool), buckets = [0.1, 1])]
            ///     busy: Histogram,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool), buckets = [0.1, 1])]
            ///     by_tenant: Histogram,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.observe_duration(Pool::Fast, Duration::from_millis(500));
            /// m.by_tenant.with_free("acme").observe_duration(Pool::Fast, Duration::from_millis(500)); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Fast).sum, 0.5);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Fast).sum, 0.5);
            /// ```
            #[inline]
            pub fn observe_duration(&self, $($v: $t,)* d: Duration) where C: Observe {
                Observe::observe_duration(self.with($($v),*), d)
            }
            /// Starts a timer that records into this series when dropped.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool), buckets = [0.1, 1])]
            ///     busy: Histogram,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool), buckets = [0.1, 1])]
            ///     by_tenant: Histogram,
            /// }
            ///
            /// let m = Workers::new();
            /// drop(m.busy.start_timer(Pool::Fast)); // records at drop
            /// let elapsed = m.by_tenant.with_free("acme").start_timer(Pool::Fast).observe();
            /// assert_eq!(m.busy.get(Pool::Fast).count, 1);
            /// assert_eq!(m.by_tenant.get("acme", Pool::Fast).map(|s| s.sum), Some(elapsed.as_secs_f64()));
            /// ```
            pub fn start_timer(&self, $($v: $t),*) -> Timer<'_> where C: Observe {
                Observe::start_timer(self.with($($v),*))
            }
        }

        impl<$($t: LabelValue),*> $target<($($t,)*), HistogramCell> {
            /// The counts and sum of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// By pool
            ///     #[metric(labels(pool: Pool), buckets = [0.1, 1])]
            ///     busy: Histogram,
            ///     /// By tenant and pool
            ///     #[metric(labels(tenant: String, pool: Pool), buckets = [0.1, 1])]
            ///     by_tenant: Histogram,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.observe(Pool::Slow, 0.05);
            /// m.by_tenant.with_free("acme").observe(Pool::Slow, 0.05); // on a `FreeHandle`
            /// assert_eq!(m.busy.get(Pool::Slow).buckets, [(0.1, 1), (1.0, 1), (f64::INFINITY, 1)]);
            /// assert_eq!(m.by_tenant.with_free("acme").get(Pool::Slow).buckets, [(0.1, 1), (1.0, 1), (f64::INFINITY, 1)]);
            /// ```
            pub fn get(&self, $($v: $t),*) -> HistogramSnapshot {
                self.with($($v),*).get()
            }
        }

        impl<$($t: LabelValue),*> $target<($($t,)*), NativeHistogramCell> {
            /// The buckets, counts and sum of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, LabelValue, NativeHistogram};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Pool { Fast, Slow }
            ///
            /// #[metrics_family]
            /// struct Workers {
            ///     /// Busy time by pool
            ///     #[metric(unit = "seconds", labels(pool: Pool))]
            ///     busy: NativeHistogram,
            /// }
            ///
            /// let m = Workers::new();
            /// m.busy.observe(Pool::Fast, 0.0);
            /// let s = m.busy.get(Pool::Fast);
            /// assert_eq!((s.count, s.zero_count, s.schema), (1, 1, 3));
            /// ```
            pub fn get(&self, $($v: $t),*) -> NativeSnapshot {
                self.with($($v),*).get()
            }
        }
    };
}

macro_rules! fixed_arity {
    ($($t:ident $v:ident),*) => {
        impl<$($t: LabelValue,)* C: Cell> Metric<($($t,)*), C> {
            /// The series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, CounterCell, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Branch { Namespace, Subgroup }
            ///
            /// #[metrics_family]
            /// struct Purge {
            ///     /// Purge failures
            ///     #[metric(labels(branch: Branch))]
            ///     failures: Counter,
            /// }
            ///
            /// let m = Purge::new();
            /// let subgroup: &CounterCell = m.failures.with(Branch::Subgroup); // a plain reference
            /// subgroup.inc();
            /// assert_eq!(m.failures.get(Branch::Subgroup), 1);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn with(&self, $($v: $t),*) -> &C {
                self.inner.store.cell(($($v,)*))
            }
        }

        impl<$($t: LabelValue,)* C: Cell> FreeHandle<($($t,)*), C> {
            /// The series of this free-form value tuple for these enum
            /// label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, CounterCell, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Outcome { Ok, Failed }
            ///
            /// #[metrics_family]
            /// struct Jobs {
            ///     /// Jobs run per queue
            ///     #[metric(labels(queue: String, outcome: Outcome), max_series = 1)]
            ///     runs: Counter,
            /// }
            ///
            /// let m = Jobs::new();
            /// let emails = m.runs.with_free("emails");
            /// let failed: &CounterCell = emails.with(Outcome::Failed);
            /// failed.inc();
            /// assert_eq!(m.runs.get("emails", Outcome::Failed), 1);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn with(&self, $($v: $t),*) -> &C {
                self.cell(($($v,)*))
            }
        }

        enum_recording!(Metric; $($t $v),*);
        enum_recording!(FreeHandle; $($t $v),*);
    };
}

fixed_arity!();
// Every arity shows the same examples; the doctests run them once, from the
// impls without labels: only rustdoc's doctest collection sets `doctest`, so
// builds and `cargo doc` keep every arity.
#[cfg(not(doctest))]
fixed_arity!(A a);
#[cfg(not(doctest))]
fixed_arity!(A a, B b);
#[cfg(not(doctest))]
fixed_arity!(A a, B b, C2 c);
#[cfg(not(doctest))]
fixed_arity!(A a, B b, C2 c, D d);

// `with_free` and `remove` exist on every metric, bounded at the method, so
// calling one on a metric without a free-form label is `MixedLabels`'s own
// message rather than "its trait bounds were not satisfied". `with_free`
// names the enum tuple `E` through its bounds rather than as `L::Enums` in
// its return type: method lookup normalizes the return type, and that
// projection on a set without free-form labels would fail there, before
// the bound's message. `EnumsOf` gives `E` on every set, so the handle of
// a failed call still has a type (see `wrong_kind`).
impl<L: LabelSet, C: Cell> Metric<L, C> {
    /// A handle on every series of one free-form value tuple (one series
    /// per combination of the enum labels): `with_free("/users/:id")` for
    /// one free-form label, `with_free(("a", "b"))` for two. Keep it to
    /// record with only the enum labels, without a lookup. Past the series
    /// bound, for a value longer than `max_value_len`, or for the reserved
    /// [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE), this is the
    /// overflow tuple's, counted as one folded lookup.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue, OVERFLOW_LABEL_VALUE};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Outcome { Ok, Failed }
    ///
    /// #[metrics_family]
    /// struct Jobs {
    ///     /// Jobs run per queue
    ///     #[metric(labels(queue: String, outcome: Outcome), max_series = 1)]
    ///     runs: Counter,
    /// }
    ///
    /// let m = Jobs::new();
    /// let emails = m.runs.with_free("emails");
    /// emails.inc(Outcome::Ok);
    /// emails.inc(Outcome::Failed);
    /// assert_eq!(m.runs.get("emails", Outcome::Failed), 1);
    /// m.runs.with_free("sms").inc(Outcome::Ok); // past `max_series`: the overflow tuple's
    /// assert_eq!(m.runs.get(OVERFLOW_LABEL_VALUE, Outcome::Ok), 1);
    /// ```
    #[inline]
    pub fn with_free<E>(&self, free: L::Free<'_>) -> FreeHandle<E, C>
    where
        L: MixedLabels<Enums = E> + crate::wrong_kind::EnumsOf<Enums = E>,
    {
        L::mixed(&self.inner.store).free_handle(free)
    }

    /// Removes every series of one free-form value tuple (`remove("id")`,
    /// or `remove(("a", "b"))` for two free-form labels), for instance when
    /// the context it describes is deleted; returns whether it was held.
    ///
    /// A handle on the tuple taken before (`with`, `with_free`) still
    /// records, into the removed series, which are no longer exported, and
    /// nothing counts those recordings: take the handle again after a
    /// removal. A handle taken while the bound was full stays the overflow
    /// tuple's after a removal frees a slot.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Outcome { Ok, Failed }
    ///
    /// #[metrics_family]
    /// struct Jobs {
    ///     /// Jobs run per queue
    ///     #[metric(labels(queue: String, outcome: Outcome), max_series = 1)]
    ///     runs: Counter,
    /// }
    ///
    /// let m = Jobs::new();
    /// m.runs.inc("emails", Outcome::Ok);
    /// assert!(m.runs.remove("emails"));
    /// assert!(!m.runs.remove("emails"));
    /// assert_eq!(m.runs.series(), 0);
    /// ```
    pub fn remove(&self, free: L::Free<'_>) -> bool
    where
        L: MixedLabels,
    {
        L::mixed(&self.inner.store).remove(free)
    }
}

impl<L: MixedLabels, C: Cell> Metric<L, C> {
    /// The number of free-form value tuples held, not counting the overflow
    /// tuple; each holds one series per combination of the enum labels.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Outcome { Ok, Failed }
    ///
    /// #[metrics_family]
    /// struct Jobs {
    ///     /// Jobs run per queue
    ///     #[metric(labels(queue: String, outcome: Outcome), max_series = 1)]
    ///     runs: Counter,
    /// }
    ///
    /// let m = Jobs::new();
    /// m.runs.inc("emails", Outcome::Ok);
    /// m.runs.inc("emails", Outcome::Failed); // the same tuple
    /// assert_eq!(m.runs.series(), 1);
    /// ```
    pub fn series(&self) -> usize {
        L::mixed(&self.inner.store).len()
    }

    /// How many lookups were folded into the overflow series, because the
    /// bound was reached, a value was longer than `max_value_len`, or a
    /// value was the reserved
    /// [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE); exported as the
    /// counter `<name>_overflow_total`. Each recording method taking the
    /// labels is one lookup, a handle from `with` or
    /// [`with_free`](Self::with_free) one however many recordings go through
    /// it (see [`MixedStore::overflowed`](crate::MixedStore::overflowed)).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue, OVERFLOW_LABEL_VALUE};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Outcome { Ok, Failed }
    ///
    /// #[metrics_family]
    /// struct Jobs {
    ///     /// Jobs run per queue
    ///     #[metric(labels(queue: String, outcome: Outcome), max_series = 1)]
    ///     runs: Counter,
    /// }
    ///
    /// let m = Jobs::new();
    /// m.runs.inc("emails", Outcome::Ok);
    /// m.runs.inc("sms", Outcome::Ok); // a second queue: folded
    /// m.runs.inc("push", Outcome::Failed); // folded
    /// assert_eq!(m.runs.overflowed(), 2);
    /// let push = m.runs.with_free("push"); // folded: counted once, here
    /// push.inc(Outcome::Ok);
    /// push.inc(Outcome::Ok);
    /// assert_eq!(m.runs.overflowed(), 3);
    /// assert_eq!(m.runs.get(OVERFLOW_LABEL_VALUE, Outcome::Ok), 3);
    /// ```
    pub fn overflowed(&self) -> u64 {
        L::mixed(&self.inner.store).overflowed()
    }
}

/// `MixedLabels::Free` from the free-form arguments: `x` or `(x, y)`.
macro_rules! free_value {
    ($x:ident) => {
        $x
    };
    ($x:ident $y:ident) => {
        ($x, $y)
    };
}

// Recording methods of every shape with free-form labels: the label
// arguments are split into the free-form values (looked up) and the enum
// tuple (an index into the tuple's cells). The recording methods are
// `inline(always)` in optimized builds: the hot path (hash, memo probe,
// atomic) is a few dozen instructions and calls out only on a miss; as a
// call of its own it would cost a third of the lookup. With debug
// assertions on (the dev profile) they are plain `inline`: LLVM's always-
// inliner runs at opt-level 0 too, and would copy every body into every
// recording call of the user's crate, about a tenth of a 300-metric crate's
// build (BENCHMARKS.md, "Build cost"). Six labels and a value are eight arguments
// with `self`: clippy's `too_many_arguments` is allowed on them.
macro_rules! mixed_metric_impls {
    (
        docs: [$($doc:tt)*]
        types: [$($ty:ty),*]
        args: [$($arg:ident: $argty:ty),*]
        enums: [$($et:ident $ev:ident),*]
        free: [$($fv:ident),*]
        slots: [$($slot:expr),*]
    ) => {
        $($doc)*
        impl<$($et: LabelValue,)* M: Cell> Metric<($($ty,)*), M> {
            /// A handle on the series for these label values; keep it to
            /// record repeatedly without a lookup. Past the series bound,
            /// for a value longer than `max_value_len`, or for the reserved
            /// value [`OVERFLOW_LABEL_VALUE`](crate::OVERFLOW_LABEL_VALUE),
            /// this is the overflow series (with these enum values).
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Counter,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     requests: Counter,
            /// }
            ///
            /// let m = Http::new();
            /// let users = m.by_route.with("/users"); // one lookup, kept
            /// users.inc();
            /// users.inc();
            /// let posted = m.requests.with(Method::Post, "/users", Status::Ok);
            /// posted.inc();
            /// assert_eq!((m.by_route.get("/users"), posted.get()), (2, 1));
            /// ```
            #[inline]
            pub fn with(&self, $($arg: $argty),*) -> Handle<M> {
                self.inner.store.handle(free_value!($($fv)*), ($($ev,)*))
            }
        }

        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue),*> Metric<($($ty,)*), CounterCell> {
            /// The value of the series for these label values, the overflow
            /// series' included; 0 if it does not exist. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Counter,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     requests: Counter,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.inc("/users");
            /// assert_eq!(m.by_route.get("/users"), 1);
            /// assert_eq!(m.by_route.get("/admin"), 0); // not held: 0, and still not held
            /// assert_eq!(m.by_route.series(), 1);
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Ok), 0);
            /// ```
            pub fn get(&self, $($arg: $argty),*) -> u64 {
                self.inner.store.read(free_value!($($fv)*), ($($ev,)*), |c| c.get()).unwrap_or(0)
            }
        }

        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue),*> Metric<($($ty,)*), GaugeCell> {
            /// The value of the series for these label values, the overflow
            /// series' included; 0 if it does not exist. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Gauge,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     requests: Gauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.requests.set(Method::Get, "/users", Status::Error, -2);
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Error), -2);
            /// assert_eq!(m.by_route.get("/admin"), 0); // not held: 0, and still not held
            /// assert_eq!(m.by_route.series(), 0);
            /// ```
            pub fn get(&self, $($arg: $argty),*) -> i64 {
                self.inner.store.read(free_value!($($fv)*), ($($ev,)*), |c| c.get()).unwrap_or(0)
            }
        }

        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue),*> Metric<($($ty,)*), FloatGaugeCell> {
            /// The value of the series for these label values, the overflow
            /// series' included; 0 if it does not exist. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, FloatGauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: FloatGauge,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     requests: FloatGauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.requests.set(Method::Get, "/users", Status::Error, 1.5);
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Error), 1.5);
            /// assert_eq!(m.by_route.get("/admin"), 0.0); // not held: 0, and still not held
            /// assert_eq!(m.by_route.series(), 0);
            /// ```
            pub fn get(&self, $($arg: $argty),*) -> f64 {
                self.inner.store.read(free_value!($($fv)*), ($($ev,)*), |c| c.get()).unwrap_or(0.0)
            }
        }

        // A histogram's, on every kind (see `enum_recording`).
        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue,)* M: Cell> Metric<($($ty,)*), M> {
            /// Adds one to the series for these label values: a counter or
            /// a gauge.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Counter,
            ///     /// In flight, by method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     in_flight: Gauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.inc("/users");
            /// m.in_flight.inc(Method::Get, "/users", Status::Ok);
            /// assert_eq!(m.by_route.get("/users"), 1);
            /// assert_eq!(m.in_flight.get(Method::Get, "/users", Status::Ok), 1);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn inc(&self, $($arg: $argty),*) where M: Inc {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| Inc::inc(c))
            }
            /// Adds `v` to the series for these label values: a `u64` to a
            /// counter, an `i64` to a gauge, an `f64` to a float gauge.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter, FloatGauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Counter,
            ///     /// Load, by method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     load: FloatGauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.inc_by("/users", 3);
            /// m.load.inc_by(Method::Get, "/users", Status::Ok, 0.5);
            /// assert_eq!(m.by_route.get("/users"), 3);
            /// assert_eq!(m.load.get(Method::Get, "/users", Status::Ok), 0.5);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn inc_by<V: Copy>(&self, $($arg: $argty,)* v: V) where M: IncBy<V> {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| IncBy::inc_by(c, v))
            }
            /// Subtracts one from the series for these label values: a
            /// gauge.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Gauge,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     requests: Gauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.dec("/users");
            /// m.requests.dec(Method::Get, "/users", Status::Ok);
            /// assert_eq!(m.by_route.get("/users"), -1);
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Ok), -1);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn dec(&self, $($arg: $argty),*) where M: Dec {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| Dec::dec(c))
            }
            /// Subtracts `v` from the series for these label values: a
            /// gauge, by its own value type.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, FloatGauge, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Gauge,
            ///     /// Load, by method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     load: FloatGauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.dec_by("/users", 3);
            /// m.load.dec_by(Method::Get, "/users", Status::Ok, 0.25);
            /// assert_eq!(m.by_route.get("/users"), -3);
            /// assert_eq!(m.load.get(Method::Get, "/users", Status::Ok), -0.25);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn dec_by(&self, $($arg: $argty,)* v: <M as DecBy>::Amount) where M: DecBy {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| DecBy::dec_by(c, v))
            }
            /// Sets the series for these label values: a gauge, by its own
            /// value type.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, FloatGauge, Gauge, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String))]
            ///     by_route: Gauge,
            ///     /// Load, by method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status))]
            ///     load: FloatGauge,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.set("/users", 4);
            /// m.load.set(Method::Get, "/users", Status::Ok, 0.5);
            /// assert_eq!(m.by_route.get("/users"), 4);
            /// assert_eq!(m.load.get(Method::Get, "/users", Status::Ok), 0.5);
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn set(&self, $($arg: $argty,)* v: <M as Set>::Value) where M: Set {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| Set::set(c, v))
            }
            /// Records `v` in the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [0.1, 1])]
            ///     by_route: Histogram,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status), buckets = [0.1, 1])]
            ///     requests: Histogram,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.observe("/users", 0.5);
            /// m.requests.observe(Method::Get, "/users", Status::Ok, 0.5);
            /// assert_eq!(m.by_route.get("/users").map(|s| s.count), Some(1));
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Ok).map(|s| s.count), Some(1));
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn observe(&self, $($arg: $argty,)* v: f64) where M: Observe {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| Observe::observe(c, v))
            }
            /// Records a duration, in seconds, in the series for these label
            /// values.
            ///
            /// ```
            /// use std::time::Duration;
            ///
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [0.1, 1])]
            ///     by_route: Histogram,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status), buckets = [0.1, 1])]
            ///     requests: Histogram,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.observe_duration("/users", Duration::from_millis(500));
            /// m.requests.observe_duration(Method::Get, "/users", Status::Ok, Duration::from_millis(50));
            /// assert_eq!(m.by_route.get("/users").map(|s| s.sum), Some(0.5));
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Ok).map(|s| s.buckets[0]), Some((0.1, 1)));
            /// ```
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            pub fn observe_duration(&self, $($arg: $argty,)* d: Duration) where M: Observe {
                self.inner.store.with_cell(free_value!($($fv)*), ($($ev,)*), |c| Observe::observe_duration(c, d))
            }
            /// Starts a timer that records into the series for these label
            /// values when dropped. It holds a [`Handle`] on the series (one
            /// lookup, counted as a fold past the bounds).
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [0.1, 1])]
            ///     by_route: Histogram,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status), buckets = [0.1, 1])]
            ///     requests: Histogram,
            /// }
            ///
            /// let m = Http::new();
            /// drop(m.by_route.start_timer("/users")); // records at drop
            /// let elapsed = m.requests.start_timer(Method::Get, "/users", Status::Ok).observe();
            /// assert_eq!(m.by_route.get("/users").map(|s| s.count), Some(1));
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Ok).map(|s| s.sum), Some(elapsed.as_secs_f64()));
            /// ```
            pub fn start_timer(&self, $($arg: $argty),*) -> Timer<'static> where M: Observe {
                M::held_timer(self.inner.store.handle(free_value!($($fv)*), ($($ev,)*)))
            }
        }

        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue),*> Metric<($($ty,)*), HistogramCell> {
            /// The counts and sum of the series for these label values, the
            /// overflow series' included, if it exists. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram, LabelValue};
            ///
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Method { Get, Post }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Status { Ok, Error }
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [0.1, 1])]
            ///     by_route: Histogram,
            ///     /// By method, route and status
            ///     #[metric(labels(method: Method, route: String, status: Status), buckets = [0.1, 1])]
            ///     requests: Histogram,
            /// }
            ///
            /// let m = Http::new();
            /// m.by_route.observe("/users", 0.05);
            /// let snapshot = m.by_route.get("/users").unwrap();
            /// assert_eq!((snapshot.count, snapshot.sum), (1, 0.05));
            /// assert_eq!(m.by_route.get("/admin"), None); // not held, and still not held
            /// assert_eq!(m.requests.get(Method::Get, "/users", Status::Ok), None);
            /// ```
            pub fn get(&self, $($arg: $argty),*) -> Option<HistogramSnapshot> {
                self.inner.store.read(free_value!($($fv)*), ($($ev,)*), |c| c.get())
            }
        }
    };
}

crate::label::for_each_mixed_shape!(mixed_metric_impls);

// Another kind's recording methods, hidden, whose bounds say which kind has
// them (see `wrong_kind`).
