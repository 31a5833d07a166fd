//! One series' value: the atomics behind counters, gauges and histograms.
//!
//! See [`CounterCell`], [`GaugeCell`], [`FloatGaugeCell`] and [`HistogramCell`].

use std::time::{Duration, Instant};

use prometheus_client::encoding::{MetricEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;

use crate::native::NativeHistogramCell;
use crate::store::recent::{Guard, Memo, MemoKey};
use crate::store::Handle;
use crate::sync::{AtomicI64, AtomicU64, Ordering};

/// The value of one series, shared by every store.
///
/// ```
/// use metrics_runtime::prometheus_client::metrics::MetricType;
/// use metrics_runtime::{Cell, CounterCell, HistogramCell};
///
/// assert!(matches!(CounterCell::TYPE, MetricType::Counter));
/// let counter = CounterCell::new(());
/// counter.inc();
/// assert_eq!(counter.get(), 1);
/// // A histogram cell is made from its bucket bounds.
/// let histogram = HistogramCell::new(&[0.5, 1.0]);
/// assert_eq!(histogram.bounds(), [0.5, 1.0]);
/// ```
pub trait Cell: Send + Sync + 'static {
    /// What a new cell is made from: bucket bounds for histograms, nothing
    /// otherwise.
    type Config: Copy + Send + Sync + 'static;
    /// The Prometheus type of a metric made of these cells.
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::metrics::MetricType;
    /// use metrics_runtime::{Cell, FloatGaugeCell, GaugeCell, HistogramCell};
    ///
    /// assert!(matches!(GaugeCell::TYPE, MetricType::Gauge));
    /// assert!(matches!(FloatGaugeCell::TYPE, MetricType::Gauge));
    /// assert!(matches!(HistogramCell::TYPE, MetricType::Histogram));
    /// ```
    const TYPE: MetricType;
    /// A cell at zero.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterCell, HistogramCell};
    ///
    /// assert_eq!(CounterCell::new(()).get(), 0);
    /// let histogram = HistogramCell::new(&[1.0]);
    /// histogram.observe(0.5);
    /// assert_eq!(histogram.get().buckets, [(1.0, 1), (f64::INFINITY, 1)]);
    /// ```
    fn new(config: Self::Config) -> Self;
    /// Writes the current value.
    ///
    /// The encoder calls it for each series of a metric being written:
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::registry::Registry;
    /// use metrics_runtime::{encode, Bounds, Counter, Format};
    ///
    /// let jobs = Counter::<()>::new(&[], (), Bounds::default());
    /// jobs.inc_by(2);
    /// let mut registry = Registry::default();
    /// registry.register("jobs", "Jobs run", jobs.clone());
    /// assert!(encode(&registry, Format::Text).unwrap().ends_with("\njobs_total 2\n"));
    /// ```
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result;
    /// Whether [`write`](Self::write) writes this cell (our registry's own
    /// writer); `false`, the default, has it written through
    /// [`encode`](Self::encode) instead.
    #[doc(hidden)]
    const WRITES: bool = false;
    /// The bucket bounds (without `+Inf`) the writer renders `le` texts for.
    #[doc(hidden)]
    fn write_bounds(&self) -> &[f64] {
        &[]
    }
    /// Writes the current value with our own writer, the series' label
    /// text `labels` and a histogram's `le` texts `les` rendered beforehand. Called only if `WRITES`.
    #[doc(hidden)]
    fn write(&self, out: &mut crate::write::SeriesOut<'_>, labels: &str, les: &[Box<str>]) {
        let _ = (out, labels, les);
    }
    /// Reads the cell's first word and nothing else: our writer reads a run
    /// of a free-form store's cells so in a tight loop, so their cache
    /// misses overlap, before writing them. 0, the default, reads nothing.
    #[doc(hidden)]
    fn touch(&self) -> u64 {
        0
    }
    /// The calling thread's memo of recent free-form lookups of this cell
    /// type (see [`MixedStore`](crate::MixedStore));
    /// `None`, the default, for a cell type without one, whose lookups then
    /// always take the shard's read lock.
    #[doc(hidden)]
    fn memo() -> Option<MemoKey<Self>>
    where
        Self: Sized,
    {
        None
    }
}

// One memo per built-in cell type, and the guard that empties it when its
// thread exits: see `Cell::memo` and `store::recent`.
thread_local! {
    static COUNTER_MEMO: Memo<CounterCell> = const { Memo::new() };
    static GAUGE_MEMO: Memo<GaugeCell> = const { Memo::new() };
    static FLOAT_GAUGE_MEMO: Memo<FloatGaugeCell> = const { Memo::new() };
    static HISTOGRAM_MEMO: Memo<HistogramCell> = const { Memo::new() };
    static COUNTER_GUARD: Guard<CounterCell> = const { Guard::new(&COUNTER_MEMO) };
    static GAUGE_GUARD: Guard<GaugeCell> = const { Guard::new(&GAUGE_MEMO) };
    static FLOAT_GAUGE_GUARD: Guard<FloatGaugeCell> = const { Guard::new(&FLOAT_GAUGE_MEMO) };
    static HISTOGRAM_GUARD: Guard<HistogramCell> = const { Guard::new(&HISTOGRAM_MEMO) };
}

// `Cell::memo` is `#[inline]` and names the keys (`thread_local!` makes them
// constants): inlined into a recording in another crate, the thread-local's
// accessor is a known function there, and reaching the memo an address
// computation. Through a `static` of ours it would be an indirect call, and
// every value live across it spilled to the stack.

/// A monotonic `u64` counter; exported with the `_total` suffix.
///
/// # Examples
///
/// ```
/// use metrics_runtime::{metrics_family, Counter};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Jobs run
///     jobs: Counter,
/// }
///
/// let m = Jobs::new();
/// m.jobs.inc();
/// m.jobs.inc_by(2);
/// assert_eq!(m.jobs.get(), 3);
/// ```
#[derive(Debug, Default)]
pub struct CounterCell(AtomicU64);

/// What a counter's `inc_by` adds: a `u64`, and only that (an integer
/// literal such as `inc_by(5)` is one). A bound rather than a `u64`
/// parameter so that a signed or float amount gets a message saying that a
/// counter only goes up and what goes down, instead of a type mismatch; the
/// call compiles to the same atomic add.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter};
///
/// #[metrics_family]
/// struct Io {
///     /// Bytes read
///     #[metric(unit = "bytes")]
///     read: Counter,
/// }
///
/// let io = Io::new();
/// io.read.inc_by(512);
/// io.read.inc_by(u64::from(7u32)); // a `u8`, `u16` or `u32`
/// let buf = [0u8; 8];
/// io.read.inc_by(buf.len() as u64); // a `usize`: `u64::from` has none
/// assert_eq!(io.read.get(), 527);
/// ```
#[diagnostic::on_unimplemented(
    message = "a counter's `inc_by` takes a `u64` amount, after the labels, not `{Self}`",
    label = "not a `u64`",
    note = "a counter only goes up: for a value that also goes down, declare the metric a `Gauge` (`i64`, with `dec` and `dec_by`) or a `FloatGauge` (`f64`); convert a `u8`, `u16` or `u32` amount with `u64::from(..)`, a `usize` with `as u64` (`buf.len() as u64`), a `u128` with `u64::try_from(..)`"
)]
pub trait CounterAmount: Copy + sealed::Sealed {
    /// The amount as the counter's `u64`.
    ///
    /// ```
    /// use metrics_runtime::CounterAmount;
    ///
    /// assert_eq!(7u64.amount(), 7);
    /// ```
    fn amount(self) -> u64;
}

impl CounterAmount for u64 {
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn amount(self) -> u64 {
        self
    }
}

mod sealed {
    /// Only `u64` is a counter amount: another integer type beside it would
    /// make `inc_by(5)` ambiguous.
    pub trait Sealed {}
    impl Sealed for u64 {}
}

impl CounterCell {
    /// Adds one.
    ///
    /// ```
    /// use metrics_runtime::CounterCell;
    ///
    /// let cell = CounterCell::default();
    /// cell.inc();
    /// assert_eq!(cell.get(), 1);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds `v`. The counter wraps at `u64::MAX`, as an atomic add does (a
    /// scraper sees the wrap as a counter reset); it never panics.
    ///
    /// ```
    /// use metrics_runtime::CounterCell;
    ///
    /// let cell = CounterCell::default();
    /// cell.inc_by(5);
    /// assert_eq!(cell.get(), 5);
    /// cell.inc_by(u64::MAX); // wraps: a scraper sees a reset
    /// assert_eq!(cell.get(), 4);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn inc_by(&self, v: impl CounterAmount) {
        self.0.fetch_add(v.amount(), Ordering::Relaxed);
    }

    /// The current value.
    ///
    /// ```
    /// use metrics_runtime::CounterCell;
    ///
    /// let cell = CounterCell::default();
    /// assert_eq!(cell.get(), 0);
    /// cell.inc();
    /// assert_eq!(cell.get(), 1);
    /// ```
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Cell for CounterCell {
    #[inline]
    fn memo() -> Option<MemoKey<Self>> {
        Some(MemoKey::new(&COUNTER_MEMO, &COUNTER_GUARD))
    }
    type Config = ();
    const TYPE: MetricType = MetricType::Counter;
    fn new((): ()) -> Self {
        Self::default()
    }
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        encoder.encode_counter::<NoLabelSet, _, u64>(&self.get(), None)
    }
    const WRITES: bool = true;
    #[inline]
    fn touch(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
    fn write(&self, out: &mut crate::write::SeriesOut<'_>, labels: &str, _les: &[Box<str>]) {
        out.counter(labels, self.get());
    }
}

/// An `i64` gauge.
///
/// Additions and subtractions wrap on overflow (two's complement), as an
/// atomic add does: `i64::MAX` plus one is `i64::MIN`. They never panic, in
/// debug builds too. Use [`GaugeCell::set`] for absolute values.
///
/// # Examples
///
/// ```
/// use metrics_runtime::{metrics_family, Gauge};
///
/// #[metrics_family]
/// struct Queue {
///     /// Events waiting
///     depth: Gauge,
/// }
///
/// let m = Queue::new();
/// m.depth.set(5);
/// m.depth.inc();
/// m.depth.dec_by(2);
/// assert_eq!(m.depth.get(), 4);
/// ```
#[derive(Debug, Default)]
pub struct GaugeCell(AtomicI64);

impl GaugeCell {
    /// Sets the value.
    ///
    /// ```
    /// use metrics_runtime::GaugeCell;
    ///
    /// let cell = GaugeCell::default();
    /// cell.set(-3);
    /// assert_eq!(cell.get(), -3);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn set(&self, v: i64) {
        self.0.store(v, Ordering::Relaxed);
    }
    /// Adds one.
    ///
    /// ```
    /// use metrics_runtime::GaugeCell;
    ///
    /// let cell = GaugeCell::default();
    /// cell.inc();
    /// assert_eq!(cell.get(), 1);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    /// Subtracts one.
    ///
    /// ```
    /// use metrics_runtime::GaugeCell;
    ///
    /// let cell = GaugeCell::default();
    /// cell.dec();
    /// assert_eq!(cell.get(), -1);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn dec(&self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
    /// Adds `v`.
    ///
    /// ```
    /// use metrics_runtime::GaugeCell;
    ///
    /// let cell = GaugeCell::default();
    /// cell.inc_by(4);
    /// assert_eq!(cell.get(), 4);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn inc_by(&self, v: i64) {
        self.0.fetch_add(v, Ordering::Relaxed);
    }
    /// Subtracts `v`.
    ///
    /// ```
    /// use metrics_runtime::GaugeCell;
    ///
    /// let cell = GaugeCell::default();
    /// cell.dec_by(4);
    /// assert_eq!(cell.get(), -4);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn dec_by(&self, v: i64) {
        self.0.fetch_sub(v, Ordering::Relaxed);
    }
    /// The current value.
    ///
    /// ```
    /// use metrics_runtime::GaugeCell;
    ///
    /// let cell = GaugeCell::default();
    /// assert_eq!(cell.get(), 0);
    /// cell.set(7);
    /// assert_eq!(cell.get(), 7);
    /// ```
    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Cell for GaugeCell {
    #[inline]
    fn memo() -> Option<MemoKey<Self>> {
        Some(MemoKey::new(&GAUGE_MEMO, &GAUGE_GUARD))
    }
    type Config = ();
    const TYPE: MetricType = MetricType::Gauge;
    fn new((): ()) -> Self {
        Self::default()
    }
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        encoder.encode_gauge(&self.get())
    }
    const WRITES: bool = true;
    #[inline]
    fn touch(&self) -> u64 {
        self.0.load(Ordering::Relaxed) as u64
    }
    fn write(&self, out: &mut crate::write::SeriesOut<'_>, labels: &str, _les: &[Box<str>]) {
        out.gauge(labels, self.get());
    }
}

/// An `f64` gauge.
///
/// Every `f64` is stored as given: `set(f64::NAN)` exports `NaN` and
/// infinities export as `+Inf`/`-Inf` (both text formats allow them).
/// Additions follow IEEE 754: once the value is NaN, `inc_by` and `dec_by`
/// leave it NaN until the next `set`. Nothing panics.
///
/// # Examples
///
/// ```
/// use metrics_runtime::{metrics_family, FloatGauge};
///
/// #[metrics_family]
/// struct Load {
///     /// One-minute load average
///     load: FloatGauge,
/// }
///
/// let m = Load::new();
/// m.load.set(0.5);
/// m.load.inc_by(0.25);
/// assert_eq!(m.load.get(), 0.75);
/// m.load.inc();
/// m.load.dec_by(2.0);
/// m.load.dec();
/// assert_eq!(m.load.get(), -1.25);
/// ```
#[derive(Debug)]
pub struct FloatGaugeCell(AtomicU64);

impl FloatGaugeCell {
    /// Sets the value.
    ///
    /// ```
    /// use metrics_runtime::{Cell, FloatGaugeCell};
    ///
    /// let cell = FloatGaugeCell::new(());
    /// cell.set(0.25);
    /// assert_eq!(cell.get(), 0.25);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn set(&self, v: f64) {
        self.0.store(v.to_bits(), Ordering::Relaxed);
    }
    /// Adds one (as `inc_by(1.0)`).
    ///
    /// ```
    /// use metrics_runtime::{Cell, FloatGaugeCell};
    ///
    /// let cell = FloatGaugeCell::new(());
    /// cell.set(0.5);
    /// cell.inc();
    /// assert_eq!(cell.get(), 1.5);
    /// ```
    #[inline]
    pub fn inc(&self) {
        add_f64(&self.0, 1.0);
    }
    /// Subtracts one (as `dec_by(1.0)`).
    ///
    /// ```
    /// use metrics_runtime::{Cell, FloatGaugeCell};
    ///
    /// let cell = FloatGaugeCell::new(());
    /// cell.dec();
    /// assert_eq!(cell.get(), -1.0);
    /// ```
    #[inline]
    pub fn dec(&self) {
        add_f64(&self.0, -1.0);
    }
    /// Adds `v` (a compare-and-swap loop: lock-free, not wait-free).
    ///
    /// ```
    /// use metrics_runtime::{Cell, FloatGaugeCell};
    ///
    /// let cell = FloatGaugeCell::new(());
    /// cell.inc_by(0.75);
    /// assert_eq!(cell.get(), 0.75);
    /// ```
    #[inline]
    pub fn inc_by(&self, v: f64) {
        add_f64(&self.0, v);
    }
    /// Subtracts `v`.
    ///
    /// ```
    /// use metrics_runtime::{Cell, FloatGaugeCell};
    ///
    /// let cell = FloatGaugeCell::new(());
    /// cell.dec_by(0.75);
    /// assert_eq!(cell.get(), -0.75);
    /// ```
    #[inline]
    pub fn dec_by(&self, v: f64) {
        add_f64(&self.0, -v);
    }
    /// The current value.
    ///
    /// ```
    /// use metrics_runtime::{Cell, FloatGaugeCell};
    ///
    /// let cell = FloatGaugeCell::new(());
    /// assert_eq!(cell.get(), 0.0);
    /// cell.set(f64::NAN);
    /// assert!(cell.get().is_nan());
    /// ```
    pub fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
}

impl Cell for FloatGaugeCell {
    #[inline]
    fn memo() -> Option<MemoKey<Self>> {
        Some(MemoKey::new(&FLOAT_GAUGE_MEMO, &FLOAT_GAUGE_GUARD))
    }
    type Config = ();
    const TYPE: MetricType = MetricType::Gauge;
    fn new((): ()) -> Self {
        Self(AtomicU64::new(0f64.to_bits()))
    }
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        encoder.encode_gauge(&self.get())
    }
    const WRITES: bool = true;
    #[inline]
    fn touch(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
    fn write(&self, out: &mut crate::write::SeriesOut<'_>, labels: &str, _les: &[Box<str>]) {
        out.float_gauge(labels, self.get());
    }
}

#[inline]
pub(crate) fn add_f64(bits: &AtomicU64, v: f64) {
    let mut current = bits.load(Ordering::Relaxed);
    loop {
        let new = (f64::from_bits(current) + v).to_bits();
        match bits.compare_exchange_weak(current, new, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return,
            Err(seen) => current = seen,
        }
    }
}

/// A histogram with fixed bucket bounds, lock-free on [`observe`](Self::observe).
///
/// Each observation adds one to the count of the first bucket whose bound is
/// at least the value (the `+Inf` bucket past the last bound) and adds the
/// value to the sum. The exported `_count` is the sum of the bucket counts
/// read in one pass, so it always equals the `+Inf` bucket.
///
/// Values at the edges, all counted and none panicking:
/// - a negative value lands in the first bucket whose bound is at least it
///   (the first bucket, for bounds that are all positive);
/// - `-Inf` lands in the first bucket, `+Inf` in the `+Inf` bucket;
/// - NaN lands in the `+Inf` bucket (it is at most no bound);
/// - only finite values of at least zero are added to the sum. OpenMetrics
///   makes `_sum` counter-like (never negative or decreasing, never NaN, and
///   strict parsers reject a scrape that breaks this), so a negative value,
///   NaN or an infinity is counted in its bucket and `_count` but adds nothing
///   to `_sum`: one bad value cannot break every later scrape or make the
///   sum NaN for good. (Finite values can still overflow the sum to `+Inf`,
///   as IEEE 754 addition does.)
///
/// # Examples
///
/// ```
/// use metrics_runtime::{metrics_family, Histogram};
///
/// #[metrics_family]
/// struct Rpc {
///     /// Request latency
///     #[metric(unit = "seconds", buckets = [0.1, 0.5, 1])]
///     latency: Histogram,
/// }
///
/// let m = Rpc::new();
/// m.latency.observe(0.3);
/// m.latency.observe(7.0);
/// let snapshot = m.latency.get();
/// assert_eq!(snapshot.count, 2);
/// assert_eq!(snapshot.sum, 7.3);
/// assert_eq!(snapshot.buckets, vec![(0.1, 0), (0.5, 1), (1.0, 1), (f64::INFINITY, 2)]);
/// ```
#[derive(Debug)]
pub struct HistogramCell {
    bounds: &'static [f64],
    // One count per bound, then the `+Inf` bucket; not cumulative.
    counts: Counts,
    sum: AtomicU64,
}

/// Unused counts on each side of a cell's counts: 16 `u64`s are 128 bytes,
/// the span [`CachePadded`](crate::CachePadded) keeps apart.
const PAD: usize = 16;

/// Bucket counts with 128 bytes of their own on either side. A cell is
/// padded by its store, but its counts are a separate allocation: unpadded,
/// two series' counts could share a cache line, and threads recording into
/// distinct series would contend on it. Padding the ends keeps indexing a
/// plain offset (no per-line split on the recording path).
#[derive(Debug)]
struct Counts {
    slots: Box<[AtomicU64]>,
}

impl Counts {
    fn new(len: usize) -> Self {
        Self {
            slots: (0..len + 2 * PAD).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn at(&self, index: usize) -> &AtomicU64 {
        &self.slots[PAD + index]
    }

    fn len(&self) -> usize {
        self.slots.len() - 2 * PAD
    }

    fn iter(&self) -> impl Iterator<Item = &AtomicU64> {
        self.slots[PAD..self.slots.len() - PAD].iter()
    }
}

/// A histogram's value at one moment: see [`HistogramCell::get`].
///
/// ```
/// use metrics_runtime::{metrics_family, Histogram, HistogramSnapshot};
///
/// #[metrics_family]
/// struct Io {
///     /// Read sizes
///     #[metric(unit = "bytes", buckets = [512, 4096])]
///     reads: Histogram,
/// }
///
/// let io = Io::new();
/// io.reads.observe(100.0);
/// io.reads.observe(1000.0);
/// io.reads.observe(9000.0);
/// let HistogramSnapshot { count, sum, buckets } = io.reads.get();
/// assert_eq!((count, sum), (3, 10100.0));
/// // Cumulative, as exported: `le="512"` holds 1, `le="4096"` 2, `+Inf` all 3.
/// assert_eq!(buckets, [(512.0, 1), (4096.0, 2), (f64::INFINITY, 3)]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramSnapshot {
    /// The number of observations.
    pub count: u64,
    /// The sum of the observed finite values of 0 or more (see the rules on
    /// [`HistogramCell`]: NaN, negative and infinite observations are counted
    /// but not summed).
    pub sum: f64,
    /// `(upper bound, cumulative count)` for each bucket, `+Inf` last.
    pub buckets: Vec<(f64, u64)>,
}

/// The cells that take observations: a classic or native histogram's. The recording methods
/// named for histograms (`observe`, `observe_duration`, `start_timer`) are
/// bounded by it, so calling one on a metric of another kind says that,
/// in the kinds' own names, instead of listing the metric types the method
/// exists on.
#[diagnostic::on_unimplemented(
    message = "`{Self}` takes no observations: `observe`, `observe_duration` and `start_timer` record into a `Histogram` or `NativeHistogram`",
    label = "this metric is not a `Histogram`",
    note = "declare the field as a `Histogram` (or `NativeHistogram`) to observe values; a `Counter` counts with `inc` and `inc_by`, a `Gauge` or `FloatGauge` takes `set`, `inc`, `dec`, `inc_by` and `dec_by`"
)]
pub trait Observe: Cell {
    /// Records one value.
    fn observe(&self, v: f64);
    /// Records a duration in seconds.
    fn observe_duration(&self, d: Duration);
    /// Starts a timer that records the elapsed seconds when dropped.
    fn start_timer(&self) -> Timer<'_>;
    /// A timer recording into the series `handle` is on.
    fn held_timer(handle: Handle<Self>) -> Timer<'static>
    where
        Self: Sized;
}

// Not listed as "implemented for `HistogramCell`": the message says it.
#[diagnostic::do_not_recommend]
impl Observe for HistogramCell {
    #[inline]
    fn observe(&self, v: f64) {
        HistogramCell::observe(self, v)
    }
    #[inline]
    fn observe_duration(&self, d: Duration) {
        HistogramCell::observe_duration(self, d)
    }
    fn start_timer(&self) -> Timer<'_> {
        HistogramCell::start_timer(self)
    }
    fn held_timer(handle: Handle<Self>) -> Timer<'static> {
        Timer::held(handle)
    }
}

// Not listed as "implemented for `NativeHistogramCell`": the message says it.
#[diagnostic::do_not_recommend]
impl Observe for NativeHistogramCell {
    #[inline]
    fn observe(&self, v: f64) {
        NativeHistogramCell::observe(self, v)
    }
    #[inline]
    fn observe_duration(&self, d: Duration) {
        NativeHistogramCell::observe_duration(self, d)
    }
    fn start_timer(&self) -> Timer<'_> {
        Timer::native(self)
    }
    fn held_timer(handle: Handle<Self>) -> Timer<'static> {
        Timer::native_held(handle)
    }
}

impl HistogramCell {
    /// Records one value.
    ///
    /// ```
    /// use metrics_runtime::{Cell, HistogramCell};
    ///
    /// let cell = HistogramCell::new(&[0.1, 1.0]);
    /// cell.observe(0.5);
    /// cell.observe(-1.0); // counted in the first bucket, not summed
    /// assert_eq!(cell.get().buckets, [(0.1, 1), (1.0, 2), (f64::INFINITY, 2)]);
    /// assert_eq!(cell.get().sum, 0.5);
    /// ```
    #[inline]
    pub fn observe(&self, v: f64) {
        // The first bound >= v; NaN compares false everywhere and lands in +Inf.
        let index = if v.is_nan() {
            self.bounds.len()
        } else {
            bucket_index(self.bounds, v)
        };
        self.counts.at(index).fetch_add(1, Ordering::Relaxed);
        // `_sum` is counter-like in OpenMetrics: never negative, never
        // decreasing, never NaN (strict parsers reject the scrape otherwise).
        if (0.0..f64::INFINITY).contains(&v) {
            add_f64(&self.sum, v);
        }
    }

    /// Records a duration in seconds.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use metrics_runtime::{Cell, HistogramCell};
    ///
    /// let cell = HistogramCell::new(&[0.1, 1.0]);
    /// cell.observe_duration(Duration::from_millis(250));
    /// assert_eq!(cell.get().sum, 0.25);
    /// assert_eq!(cell.get().buckets[1], (1.0, 1));
    /// ```
    #[inline]
    pub fn observe_duration(&self, d: Duration) {
        self.observe(d.as_secs_f64());
    }

    /// Starts a timer that records the elapsed seconds when dropped.
    ///
    /// ```
    /// use metrics_runtime::{Cell, HistogramCell};
    ///
    /// let cell = HistogramCell::new(&[0.1, 1.0]);
    /// drop(cell.start_timer()); // records at drop
    /// assert_eq!(cell.get().count, 1);
    /// ```
    pub fn start_timer(&self) -> Timer<'_> {
        Timer {
            cell: TimerCell::Borrowed(self),
            start: Instant::now(),
            observed: false,
        }
    }

    /// The counts and sum now, with cumulative buckets as exported.
    ///
    /// ```
    /// use metrics_runtime::{Cell, HistogramCell};
    ///
    /// let cell = HistogramCell::new(&[0.1, 1.0]);
    /// cell.observe(0.05);
    /// cell.observe(5.0);
    /// let snapshot = cell.get();
    /// assert_eq!((snapshot.count, snapshot.sum), (2, 5.05));
    /// assert_eq!(snapshot.buckets, [(0.1, 1), (1.0, 1), (f64::INFINITY, 2)]);
    /// ```
    pub fn get(&self) -> HistogramSnapshot {
        let (mut buckets, count, sum) = self.read();
        let mut cumulative = 0;
        for (_, c) in &mut buckets {
            cumulative += *c;
            *c = cumulative;
        }
        HistogramSnapshot {
            count,
            sum,
            buckets,
        }
    }

    /// `(upper bound, count)` per bucket (`+Inf` last, not cumulative), their
    /// total, and the sum, in one pass over the counts: the total is what
    /// `_count` exports, so it always equals the `+Inf` bucket.
    fn read(&self) -> (Vec<(f64, u64)>, u64, f64) {
        let mut count = 0;
        let mut buckets = Vec::with_capacity(self.counts.len());
        let bounds = self.bounds.iter().copied().chain([f64::INFINITY]);
        for (bound, c) in bounds.zip(self.counts.iter()) {
            let c = c.load(Ordering::Relaxed);
            count += c;
            buckets.push((bound, c));
        }
        let sum = f64::from_bits(self.sum.load(Ordering::Relaxed));
        (buckets, count, sum)
    }

    /// The bucket bounds, without `+Inf`.
    ///
    /// ```
    /// use metrics_runtime::{Cell, HistogramCell};
    ///
    /// let cell = HistogramCell::new(&[0.1, 1.0]);
    /// assert_eq!(cell.bounds(), [0.1, 1.0]);
    /// ```
    pub fn bounds(&self) -> &'static [f64] {
        self.bounds
    }

    /// As [`observe`](Self::observe), returning the bucket's index (`+Inf`
    /// last): a histogram with exemplars keeps one per bucket.
    #[inline]
    pub(crate) fn observe_bucket(&self, v: f64) -> usize {
        let index = if v.is_nan() {
            self.bounds.len()
        } else {
            bucket_index(self.bounds, v)
        };
        self.counts.at(index).fetch_add(1, Ordering::Relaxed);
        if (0.0..f64::INFINITY).contains(&v) {
            add_f64(&self.sum, v);
        }
        index
    }

    /// The sum, read once.
    pub(crate) fn sum(&self) -> f64 {
        f64::from_bits(self.sum.load(Ordering::Relaxed))
    }

    /// Each bucket's count (not cumulative, `+Inf` last), read once.
    pub(crate) fn bucket_counts(&self) -> impl Iterator<Item = u64> + '_ {
        self.counts.iter().map(|c| c.load(Ordering::Relaxed))
    }
}

impl Cell for HistogramCell {
    #[inline]
    fn memo() -> Option<MemoKey<Self>> {
        Some(MemoKey::new(&HISTOGRAM_MEMO, &HISTOGRAM_GUARD))
    }
    type Config = &'static [f64];
    const TYPE: MetricType = MetricType::Histogram;
    fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            counts: Counts::new(bounds.len() + 1),
            sum: AtomicU64::new(0f64.to_bits()),
        }
    }
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        // prometheus-client takes per-bucket counts and accumulates them.
        let (buckets, count, sum) = self.read();
        encoder.encode_histogram::<NoLabelSet>(sum, count, &buckets, None)
    }
    const WRITES: bool = true;
    #[inline]
    fn touch(&self) -> u64 {
        self.sum.load(Ordering::Relaxed)
    }
    fn write_bounds(&self) -> &[f64] {
        self.bounds
    }
    fn write(&self, out: &mut crate::write::SeriesOut<'_>, labels: &str, les: &[Box<str>]) {
        // Each count read once, into the caller's buffer: `_count` is their
        // total, so it equals the `+Inf` bucket.
        let mut counts = std::mem::take(out.scratch);
        counts.clear();
        counts.extend(self.counts.iter().map(|c| c.load(Ordering::Relaxed)));
        let sum = f64::from_bits(self.sum.load(Ordering::Relaxed));
        out.histogram(labels, les, &counts, sum);
        *out.scratch = counts;
    }
}

/// Bounds up to which [`bucket_index`] counts instead of bisecting.
const LINEAR_SEARCH_MAX: usize = 32;

/// The number of `bounds` below `v` (not NaN): the index of the first bound
/// at least `v`, `bounds.len()` for the `+Inf` bucket.
///
/// Up to [`LINEAR_SEARCH_MAX`] bounds, every bound is compared and the
/// results summed: no branch depends on `v`, so a varying value costs no
/// mispredictions, and the compares vectorise. At 15–20 bounds this measured
/// faster than `partition_point`'s bisection (`cargo bench -p benches --bench
/// bucket_search`); past that, bisection's fewer compares win.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn bucket_index(bounds: &[f64], v: f64) -> usize {
    if bounds.len() <= LINEAR_SEARCH_MAX {
        bounds.iter().map(|bound| usize::from(*bound < v)).sum()
    } else {
        bounds.partition_point(|bound| *bound < v)
    }
}

/// Records the time since it was started into a histogram when dropped.
///
/// Made by [`HistogramCell::start_timer`], borrowing the series, or by the
/// `start_timer` of a histogram with free-form labels, holding a [`Handle`]
/// on its series (`Timer<'static>`), which a removal does not disturb.
///
/// [`Handle`]: crate::Handle
///
/// ```
/// use metrics_runtime::{metrics_family, Histogram};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Job duration
///     #[metric(unit = "seconds")]
///     duration: Histogram,
/// }
///
/// let jobs = Jobs::new();
/// {
///     let _timer = jobs.duration.start_timer();
///     // ... the job ...
/// } // recorded here, at drop
/// let elapsed = jobs.duration.start_timer().observe(); // or now, explicitly
/// let snapshot = jobs.duration.get();
/// assert_eq!(snapshot.count, 2);
/// assert!(snapshot.sum >= elapsed.as_secs_f64());
/// ```
#[derive(Debug)]
#[must_use = "the timer records when it is dropped; dropping it at once records ~0"]
pub struct Timer<'a> {
    cell: TimerCell<'a>,
    start: Instant,
    observed: bool,
}

#[derive(Debug)]
enum TimerCell<'a> {
    Borrowed(&'a HistogramCell),
    Held(Handle<HistogramCell>),
    Native(&'a NativeHistogramCell),
    NativeHeld(Handle<NativeHistogramCell>),
    /// Another cell's series (a histogram with exemplars), held.
    Boxed(Box<dyn HeldSeries>),
}

/// A held series a [`Timer`] records a duration into.
pub(crate) trait HeldSeries: Send + Sync + std::fmt::Debug {
    fn observe_duration(&self, d: Duration);
}

impl<C: Observe + std::fmt::Debug> HeldSeries for Handle<C> {
    fn observe_duration(&self, d: Duration) {
        Observe::observe_duration(&**self, d)
    }
}

impl Timer<'static> {
    /// A timer recording into a held series of another cell type.
    pub(crate) fn boxed(series: Box<dyn HeldSeries>) -> Self {
        Timer {
            cell: TimerCell::Boxed(series),
            start: Instant::now(),
            observed: false,
        }
    }
}

impl Timer<'static> {
    /// A timer recording into the series `handle` is on.
    pub(crate) fn held(handle: Handle<HistogramCell>) -> Self {
        Timer {
            cell: TimerCell::Held(handle),
            start: Instant::now(),
            observed: false,
        }
    }
}

impl Timer<'static> {
    /// A timer recording into the native histogram series `handle` is on.
    pub(crate) fn native_held(handle: Handle<NativeHistogramCell>) -> Self {
        Timer {
            cell: TimerCell::NativeHeld(handle),
            start: Instant::now(),
            observed: false,
        }
    }
}

impl<'a> Timer<'a> {
    /// A timer recording into a native histogram's cell.
    pub(crate) fn native(cell: &'a NativeHistogramCell) -> Self {
        Timer {
            cell: TimerCell::Native(cell),
            start: Instant::now(),
            observed: false,
        }
    }
}

impl Timer<'_> {
    fn record(&self, elapsed: Duration) {
        match &self.cell {
            TimerCell::Borrowed(cell) => cell.observe_duration(elapsed),
            TimerCell::Held(handle) => handle.observe_duration(elapsed),
            TimerCell::Native(cell) => cell.observe_duration(elapsed),
            TimerCell::NativeHeld(handle) => handle.observe_duration(elapsed),
            TimerCell::Boxed(series) => series.observe_duration(elapsed),
        }
    }

    /// Records now instead of at drop, and returns the elapsed time.
    ///
    /// ```
    /// use metrics_runtime::{Cell, HistogramCell};
    ///
    /// let cell = HistogramCell::new(&[60.0]);
    /// let elapsed = cell.start_timer().observe();
    /// let snapshot = cell.get();
    /// assert_eq!(snapshot.count, 1); // once, not again at drop
    /// assert_eq!(snapshot.sum, elapsed.as_secs_f64());
    /// ```
    pub fn observe(mut self) -> Duration {
        let elapsed = self.start.elapsed();
        self.record(elapsed);
        // Not recorded again at drop (a held handle is let go as usual).
        self.observed = true;
        elapsed
    }
}

impl Drop for Timer<'_> {
    fn drop(&mut self) {
        if !self.observed {
            self.record(self.start.elapsed());
        }
    }
}

// Another kind's recording methods on one series, hidden, whose bounds say
// which kind has them (see `wrong_kind`).
crate::wrong_kind::cell_stubs!(counter [] CounterCell);
crate::wrong_kind::cell_stubs!(histogram [] HistogramCell);
