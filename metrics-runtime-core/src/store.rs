//! Where a metric's series live: a fixed array for enum labels, a bounded
//! map of free-form value tuples (each with an array over the enum labels)
//! otherwise.
//!
//! See [`FixedStore`] and [`MixedStore`].

use std::fmt::{self, Write as _};
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

use hashbrown::hash_table::{Entry as TableEntry, HashTable};
use prometheus_client::encoding::{EncodeLabelSet, LabelSetEncoder, MetricEncoder};
use prometheus_client::metrics::MetricType;

use crate::cell::Cell;
use crate::label::{self, ConstLabels, FixedLabels, FreeValues, LabelSlot, MixedLabels};
use crate::sync::{AtomicU64, AtomicUsize, Ordering, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The series of one metric, whatever its labels.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Store};
///
/// #[metrics_family]
/// struct Peers {
///     /// Dials
///     dials: Counter,
///     /// Messages per peer
///     #[metric(labels(peer: String), max_series = 1)]
///     messages: Counter,
/// }
///
/// let m = Peers::new();
/// m.dials.inc();
/// m.messages.inc("a");
/// m.messages.inc("b"); // folded
/// // Through the trait: an enum-only store never overflows.
/// assert_eq!(Store::overflowed(m.dials.store()), 0);
/// assert_eq!(Store::overflowed(m.messages.store()), 1);
/// ```
pub trait Store<C: Cell>: Send + Sync + 'static {
    /// A store holding no recorded value. `bounds` bounds free-form stores
    /// (an enum-only store ignores it).
    ///
    /// ```
    /// use metrics_runtime::{Bounds, CounterCell, FixedStore, LabelValue, Store};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// let store = <FixedStore<(Method,), CounterCell> as Store<CounterCell>>::new((), Bounds::default());
    /// store.cell((Method::Post,)).inc();
    /// assert_eq!(store.cell((Method::Post,)).get(), 1);
    /// assert_eq!(store.cell((Method::Get,)).get(), 0);
    /// ```
    fn new(config: C::Config, bounds: Bounds) -> Self;
    /// Writes every series, labelled with `consts` (the instance's constant
    /// labels, first) and then `names` with the series' values.
    ///
    /// The encoder calls it when the metric the store is behind is written:
    ///
    /// ```
    /// use metrics_runtime::prometheus_client::registry::Registry;
    /// use metrics_runtime::{encode, Bounds, ConstLabels, Counter, Format, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// let consts = ConstLabels::new([("peer", "a".to_owned())]);
    /// let requests = Counter::<(Method,)>::with_const_labels(&["method"], consts, (), Bounds::default());
    /// requests.inc(Method::Post);
    /// let mut registry = Registry::default();
    /// registry.register("requests", "Requests", requests.clone());
    /// let text = encode(&registry, Format::Text).unwrap();
    /// assert!(text.ends_with("requests_total{peer=\"a\",method=\"get\"} 0\nrequests_total{peer=\"a\",method=\"post\"} 1\n"));
    /// ```
    fn encode(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        encoder: &mut MetricEncoder,
    ) -> std::fmt::Result;
    /// Writes every series with our registry's own writer, labelled as
    /// [`encode`](Self::encode) labels them, their label text kept in `pre`;
    /// returns `false`, having written nothing, if this store is written
    /// through [`encode`](Self::encode) instead (the default).
    #[doc(hidden)]
    fn write(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        let _ = (names, consts, pre, out);
        false
    }
    /// Renders into `pre` what [`write`](Self::write) can render before the
    /// first scrape (the registry calls it when the metric is registered):
    /// nothing, the default.
    #[doc(hidden)]
    fn prerender(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
    ) {
        let _ = (names, consts, pre);
    }
    /// How many lookups were folded into an overflow series: always 0 for a
    /// store that cannot overflow.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Gauge, Store};
    ///
    /// #[metrics_family]
    /// struct Contexts {
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String), max_series = 1)]
    ///     executions: Gauge,
    /// }
    ///
    /// let m = Contexts::new();
    /// m.executions.inc("ctx-1");
    /// m.executions.inc("ctx-2"); // folded
    /// assert_eq!(Store::overflowed(m.executions.store()), 1);
    /// ```
    fn overflowed(&self) -> u64 {
        0
    }
}

/// The bounds of a metric with free-form labels: how many distinct tuples of
/// free-form values it holds, and how long one value may be.
///
/// A `usize` converts into the bounds with that `max_series` and the
/// default `max_value_len`.
///
/// ```
/// use metrics_runtime::Bounds;
///
/// let bounds = Bounds::new(500).max_value_len(256);
/// assert_eq!((bounds.max_series, bounds.max_value_len), (500, 256));
/// assert_eq!(Bounds::from(500).max_value_len, Bounds::DEFAULT_MAX_VALUE_LEN);
/// assert_eq!(Bounds::default().max_series, Bounds::DEFAULT_MAX_SERIES);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bounds {
    /// The most distinct free-form value tuples held (`max_series`); each
    /// holds one series per combination of the metric's enum labels.
    pub max_series: usize,
    /// The longest free-form value held, in bytes (`max_value_len`); a
    /// longer one folds into the overflow series. At most `u32::MAX`
    /// (larger bounds are taken as that).
    pub max_value_len: usize,
}

impl Bounds {
    /// `max_series` when a metric declares none.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Bounds, Counter, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct Peers {
    ///     /// Messages per peer
    ///     #[metric(labels(peer: String))]
    ///     messages: Counter,
    /// }
    ///
    /// assert_eq!(Bounds::DEFAULT_MAX_SERIES, 1000);
    /// assert_eq!(Peers::descriptor().metrics[0].free_bounds().map(|b| b.0), Some(Bounds::DEFAULT_MAX_SERIES));
    /// ```
    pub const DEFAULT_MAX_SERIES: usize = 1000;
    /// `max_value_len` when a metric declares none: 1024 bytes, so a scrape
    /// job whose `label_value_length_limit` is 1024 or more never fails a
    /// scrape over one of our values.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Bounds, Counter, MetricFamily};
    ///
    /// #[metrics_family]
    /// struct Peers {
    ///     /// Messages per peer
    ///     #[metric(labels(peer: String))]
    ///     messages: Counter,
    /// }
    ///
    /// assert_eq!(Bounds::DEFAULT_MAX_VALUE_LEN, 1024);
    /// assert_eq!(Peers::descriptor().metrics[0].free_bounds().map(|b| b.1), Some(Bounds::DEFAULT_MAX_VALUE_LEN));
    /// ```
    pub const DEFAULT_MAX_VALUE_LEN: usize = 1024;

    /// `max_series` tuples, values of up to the default length.
    ///
    /// ```
    /// use metrics_runtime::Bounds;
    ///
    /// const BOUNDS: Bounds = Bounds::new(50);
    /// assert_eq!((BOUNDS.max_series, BOUNDS.max_value_len), (50, Bounds::DEFAULT_MAX_VALUE_LEN));
    /// ```
    pub const fn new(max_series: usize) -> Self {
        Self {
            max_series,
            max_value_len: Self::DEFAULT_MAX_VALUE_LEN,
        }
    }

    /// These bounds with values of up to `max_value_len` bytes.
    ///
    /// ```
    /// use metrics_runtime::Bounds;
    ///
    /// const BOUNDS: Bounds = Bounds::new(50).max_value_len(64);
    /// assert_eq!((BOUNDS.max_series, BOUNDS.max_value_len), (50, 64));
    /// ```
    pub const fn max_value_len(self, max_value_len: usize) -> Self {
        Self {
            max_value_len,
            ..self
        }
    }
}

impl Default for Bounds {
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_SERIES)
    }
}

impl From<usize> for Bounds {
    fn from(max_series: usize) -> Self {
        Self::new(max_series)
    }
}

/// Aligns a value to its own cache line so neighbouring series written by
/// different threads do not contend (128 bytes covers adjacent-line
/// prefetching on x86_64).
///
/// ```
/// use metrics_runtime::CachePadded;
///
/// let padded = CachePadded(7u64);
/// assert_eq!(*padded, 7); // dereferences to the value
/// assert_eq!(std::mem::align_of_val(&padded), 128);
/// assert_eq!(std::mem::size_of::<[CachePadded<u64>; 2]>(), 256); // one line each
/// ```
#[derive(Debug, Default)]
#[repr(align(128))]
pub struct CachePadded<T>(pub T);

impl<T> Deref for CachePadded<T> {
    type Target = T;
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn deref(&self) -> &T {
        &self.0
    }
}

/// One cell per label combination, at the combination's mixed-radix index.
///
/// Every series exists from construction, so it is exported at zero before
/// anything is recorded; recording is an index computation and an atomic
/// operation, with no hashing, lock or allocation.
///
/// The store of a metric with enum labels only:
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, CounterCell, FixedStore, LabelValue};
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
/// let store: &FixedStore<(Branch,), CounterCell> = m.failures.store();
/// store.cell((Branch::Subgroup,)).inc();
/// assert_eq!(m.failures.get(Branch::Subgroup), 1);
/// assert_eq!(m.failures.get(Branch::Namespace), 0);
/// ```
#[derive(Debug)]
pub struct FixedStore<L, C> {
    cells: Box<[CachePadded<C>]>,
    _labels: PhantomData<fn() -> L>,
}

impl<L: FixedLabels, C: Cell> FixedStore<L, C> {
    /// The cell of one label combination.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
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
    /// m.failures.store().cell((Branch::Namespace,)).inc_by(2);
    /// assert_eq!(m.failures.get(Branch::Namespace), 2);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn cell(&self, labels: L) -> &C {
        &self.cells[labels.index()]
    }
}

// One-line shims: the work is in the `fixed_*` functions below, generic
// over the cell alone, the labels passed as data (`FixedLabels::VALUES`), so
// one copy per cell type serves every set of labels (see `instances`).
impl<L: FixedLabels, C: Cell> Store<C> for FixedStore<L, C> {
    fn new(config: C::Config, _bounds: Bounds) -> Self {
        Self {
            cells: fixed_cells(L::CARDINALITY, config),
            _labels: PhantomData,
        }
    }

    fn encode(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        encoder: &mut MetricEncoder,
    ) -> std::fmt::Result {
        fixed_encode(&self.cells, L::VALUES, names, consts, encoder)
    }

    fn write(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        fixed_write(&self.cells, L::VALUES, names, consts, pre, out)
    }

    fn prerender(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
    ) {
        fixed_prerender(&self.cells, L::VALUES, names, consts, pre)
    }
}

/// The label values of a [`FixedStore`]'s labels, as [`FixedLabels::VALUES`]
/// has them.
type EnumValues = &'static [&'static [&'static str]];

/// A [`FixedStore`]'s cells: `cardinality` of them, at zero.
fn fixed_cells<C: Cell>(cardinality: usize, config: C::Config) -> Box<[CachePadded<C>]> {
    (0..cardinality)
        .map(|_| CachePadded(C::new(config)))
        .collect()
}

/// [`Store::encode`] of a [`FixedStore`] whose labels have `values`.
fn fixed_encode<C: Cell>(
    cells: &[CachePadded<C>],
    values: EnumValues,
    names: &[&'static str],
    consts: &ConstLabels,
    encoder: &mut MetricEncoder,
) -> fmt::Result {
    if names.is_empty() {
        if consts.is_empty() {
            return cells[0].encode(encoder);
        }
        return cells[0].encode(&mut encoder.encode_family(consts)?);
    }
    for (index, cell) in cells.iter().enumerate() {
        let labels = FixedLabelsAt {
            consts,
            names,
            values,
            index,
        };
        cell.encode(&mut encoder.encode_family(&labels)?)?;
    }
    Ok(())
}

/// [`Store::write`] of a [`FixedStore`] whose labels have `values`.
fn fixed_write<C: Cell>(
    cells: &[CachePadded<C>],
    values: EnumValues,
    names: &[&'static str],
    consts: &ConstLabels,
    pre: &crate::write::Prerendered,
    out: &mut crate::write::SeriesOut<'_>,
) -> bool {
    if !C::WRITES {
        return false;
    }
    // As `encode`: one series without labels of its own, else one per
    // combination.
    let labels = fixed_labels(cells.len(), values, names, consts, pre);
    let les = pre.les(out.format, cells[0].write_bounds());
    for (cell, labels) in cells.iter().zip(labels) {
        cell.write(out, labels, les);
    }
    true
}

/// [`Store::prerender`] of a [`FixedStore`] whose labels have `values`.
fn fixed_prerender<C: Cell>(
    cells: &[CachePadded<C>],
    values: EnumValues,
    names: &[&'static str],
    consts: &ConstLabels,
    pre: &crate::write::Prerendered,
) {
    if !C::WRITES {
        return;
    }
    fixed_labels(cells.len(), values, names, consts, pre);
    for format in [crate::Format::OpenMetrics, crate::Format::Text] {
        pre.les(format, cells[0].write_bounds());
    }
}

/// Every series' label text of a [`FixedStore`] of `cells` cells, as
/// `encode` labels them (one series without labels of its own, else one per
/// combination), rendered the first time.
fn fixed_labels<'p>(
    cells: usize,
    values: EnumValues,
    names: &[&'static str],
    consts: &ConstLabels,
    pre: &'p crate::write::Prerendered,
) -> &'p [Box<str>] {
    let series = if names.is_empty() { 1 } else { cells };
    pre.labels(|| {
        (0..series)
            .map(|index| {
                crate::write::render_fixed(consts, names, |position| {
                    label::value_at(values, index, position)
                })
            })
            .collect()
    })
}

struct FixedLabelsAt<'a> {
    consts: &'a ConstLabels,
    names: &'a [&'static str],
    values: EnumValues,
    index: usize,
}

impl EncodeLabelSet for FixedLabelsAt<'_> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> std::fmt::Result {
        self.consts.encode(encoder)?;
        // What `#[derive(EncodeLabelSet)]` writes for a struct of enum
        // labels, spelled out: the generic `(K, V)` label impl went through
        // two more calls per label that did not inline (seen in a profile of
        // the `encode` bench).
        for (position, name) in self.names.iter().enumerate() {
            let value = label::value_at(self.values, self.index, position);
            let mut label = encoder.encode_label();
            let mut key = label.encode_label_key()?;
            key.write_str(name)?;
            let mut value_encoder = key.encode_label_value()?;
            value_encoder.write_str(value)?;
            value_encoder.finish()?;
        }
        Ok(())
    }
}

/// The label value that free-form values are folded into: past a metric's
/// series bound, or when a value is longer than its `max_value_len`.
///
/// The value is reserved: recording with it as a free-form value (say, a
/// context id that happens to be `__overflow__`) goes to the overflow series
/// and is counted as folded, so a caller can never create a second series
/// with this label value.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, OVERFLOW_LABEL_VALUE};
///
/// #[metrics_family]
/// struct Contexts {
///     /// Executions per context
///     #[metric(labels(context_id: String), max_series = 1)]
///     executions: Counter,
/// }
///
/// let m = Contexts::new();
/// m.executions.inc("a");
/// m.executions.inc("b"); // past the bound of one: folded
/// assert_eq!(m.executions.get(OVERFLOW_LABEL_VALUE), 1);
/// assert_eq!((m.executions.series(), m.executions.overflowed()), (1, 1));
/// ```
pub const OVERFLOW_LABEL_VALUE: &str = "__overflow__";

const SHARDS: usize = 16;

/// The series of one free-form value tuple: one cell per combination of the
/// metric's enum labels, at the combination's mixed-radix index, each on
/// its own cache line.
type Cells<C> = Arc<[CachePadded<C>]>;

/// One shard's series. Padded so that readers of neighbouring shards, whose
/// read locks write the lock word, do not share a cache line.
type Shard<C> = CachePadded<RwLock<HashTable<Held<C>>>>;

/// One held free-form value tuple.
pub(crate) struct Held<C> {
    /// [`Probe::hash`] of the values.
    hash: u64,
    /// [`Probe::lens`] of the values.
    lens: u64,
    /// The values, concatenated (their lengths are in `lens`).
    key: Arc<str>,
    cells: Cells<C>,
}

impl<C> Held<C> {
    #[inline]
    fn matches<'b, V: Values<'b>>(&self, probe: &Probe<V>) -> bool {
        self.lens == probe.lens && key_eq(self.key.as_bytes(), probe.values.as_ref())
    }
}

/// Series keyed by a tuple of one or two free-form values, bounded in
/// number, each tuple holding one series per combination of the metric's
/// enum labels.
///
/// **Which series exist.** A tuple of free-form values, once recorded,
/// holds a series for *every* combination of the enum labels, exported at
/// zero until recorded into, as the series of an enum-only metric are from
/// the start. So once `route="/users/:id"` has been seen, a first
/// `status="server_error"` for it is an increase from 0 that `increase()`
/// and `rate()` see; a series that appeared only when first recorded would
/// appear at 1, and an alert on its increase would miss that first error.
/// The cost is that a tuple always takes all of its enum combinations
/// (what a flood reaches anyway, so the worst case is the same): at most
/// `(max_series + 1) × E` series, E being the product of the enum labels'
/// sizes.
///
/// **The bounds.** At most `max_series` tuples are held. A recording for a
/// new tuple once that many are held, or with a value longer than
/// `max_value_len` bytes, or with [`OVERFLOW_LABEL_VALUE`] as a value, goes
/// to the overflow tuple, every free-form label `__overflow__` while the
/// enum labels keep their values, and is counted (see
/// [`MixedStore::overflowed`]): memory stays bounded, a long value is never
/// exported nor truncated, and nothing recorded is lost (a counter's or
/// histogram's folded recordings add up in the overflow series; a gauge's
/// are counted all the same, though folded `set`s overwrite each other).
/// The overflow series are exported from the first fold on.
///
/// **Lookups.** Each thread memoises its recent lookups (64 slots per cell
/// type, direct-mapped by the values and the store): a tuple this thread
/// looked up before in this store, with no removal from the store since, is
/// found with one probe of that memo, no lock and no write to shared memory
/// but the recording itself. Values of up to 32 bytes (two of up to 16) are
/// compared inside the memo slot, longer ones against the key beside it.
/// Otherwise the tuple is hashed (a folded multiply per eight bytes; one in
/// all for a value of up to 16 bytes) and one probe of the table of one of
/// 16 shards, under its read lock, finds it; a new tuple takes that shard's
/// write lock once, to insert. The enum labels are an index into the
/// tuple's cells.
///
/// The hash is not keyed, so values can be chosen to collide; what that can
/// cost is bounded, since a store holds at most `max_series` tuples: a
/// lookup compares against at most that many.
///
/// A memoised entry holds its tuple's key and cells: up to 64 tuples per
/// cell type and thread stay allocated after removal until their memo slots
/// are reused.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, CounterCell, LabelValue, MixedStore};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
///
/// #[metrics_family]
/// struct Http {
///     /// Requests served
///     #[metric(labels(method: Method, route: String), max_series = 1)]
///     requests: Counter,
/// }
///
/// let m = Http::new();
/// let store: &MixedStore<(Method, String), CounterCell> = m.requests.store();
/// store.handle("/users", (Method::Get,)).inc();
/// store.handle("/admin", (Method::Post,)).inc(); // a second route: folded
/// assert_eq!((store.len(), store.max_series(), store.overflowed()), (1, 1, 1));
/// assert_eq!(store.overflow_series((Method::Post,)).get(), 1);
/// assert!(store.remove("/users"));
/// assert!(store.is_empty());
/// ```
pub struct MixedStore<L, C: Cell> {
    core: MixedCore<C>,
    _labels: PhantomData<fn() -> L>,
}

/// A [`MixedStore`] but for the types of its labels, which only its
/// methods' signatures use: what the code that does not record (creating,
/// encoding and writing a store) works on, with the labels passed as data
/// ([`Shape`]), so one copy of it per cell type serves every set of labels
/// (see `instances`).
pub(crate) struct MixedCore<C: Cell> {
    shards: Box<[Shard<C>]>,
    config: C::Config,
    max_series: usize,
    max_value_len: usize,
    len: AtomicUsize,
    /// Bumped by every insert and removal, under the shard's write lock
    /// (beside `len`, which both write anyway): a scrape by our writer that
    /// sees it unchanged reuses its last sorted list of series (see
    /// [`MixedTable`]).
    changes: AtomicU64,
    overflow: Cells<C>,
    /// Bumped on every folded recording (a cardinality attack's hot path):
    /// on a line of its own, apart from the fields every memo hit reads.
    overflowed: CachePadded<AtomicU64>,
    /// This store at its latest removal: a value never used before, by any
    /// store (see [`recent::next_tag`]), set at creation and by every
    /// removal, so memoised lookups made before a removal miss.
    tag: AtomicU64,
    /// Mixed into memo slots, so several metrics recorded for one value in
    /// turn do not evict each other (unused under loom, which has no memo).
    #[cfg_attr(loom, allow(dead_code))]
    salt: u64,
}

impl<L, C: Cell> fmt::Debug for MixedStore<L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.core.fmt(f)
    }
}

// The table's operations, generic over the cell and the number of values
// alone: in an unoptimized build, compiled here once per cell type (see
// `instances`) rather than once per metric type and recording method in a
// user's crate; in an optimized one, inlined into the lookups as before.
impl<C: Cell> MixedCore<C> {
    /// The held tuple of `probe` in its shard's `table`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn find<'t, 'b, V: Values<'b>>(
        table: &'t HashTable<Held<C>>,
        probe: &Probe<V>,
    ) -> Option<&'t Held<C>> {
        table.find(probe.hash, |held| held.matches(probe))
    }

    /// The write-locked half of [`MixedStore::lookup`]: the tuple of
    /// `probe` in its shard's `table`, inserted with `cardinality` cells if
    /// another thread has not inserted it since the read lock was let go;
    /// `None`, inserting nothing, if the bound is full.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn insert<'t, 'b, V: Values<'b>>(
        &self,
        table: &'t mut HashTable<Held<C>>,
        probe: &Probe<V>,
        cardinality: usize,
    ) -> Option<&'t Held<C>> {
        match table.entry(probe.hash, |held| held.matches(probe), |held| held.hash) {
            // Inserted by another thread since the read lock was let go.
            TableEntry::Occupied(entry) => Some(entry.into_mut()),
            TableEntry::Vacant(entry) => {
                // Reserve a slot first, so concurrent inserts in other
                // shards cannot together exceed the bound.
                let reserved = self
                    .len
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                        (n < self.max_series).then_some(n + 1)
                    });
                if reserved.is_err() {
                    return None;
                }
                let held = Held {
                    hash: probe.hash,
                    lens: probe.lens,
                    key: probe.values.as_ref().concat().into(),
                    cells: new_cells(cardinality, self.config),
                };
                let entry = entry.insert(held);
                // Still under the write guard: a scrape that read the count
                // before this could not have seen the tuple.
                self.changes.fetch_add(1, Ordering::Release);
                Some(entry.into_mut())
            }
        }
    }

    /// Remembers `held` in this thread's memo (compiled out under loom).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn remember<'b, V: Values<'b>>(&self, tag: u64, probe: &Probe<V>, held: &Held<C>) {
        #[cfg(not(loom))]
        if let Some(key) = C::memo() {
            recent::remember(key, self.salt, tag, probe, held);
        }
        #[cfg(loom)]
        let _ = (tag, probe, held);
    }

    /// [`MixedStore::remove`] of the tuple `values`.
    fn remove<'b, V: Values<'b>>(&self, values: V) -> bool {
        if !admits(self.max_value_len, values.as_ref()) {
            return false;
        }
        let probe = Probe::new(values);
        let mut table = write_lock(&self.shards[shard_index(probe.hash)]);
        let Ok(entry) = table.find_entry(probe.hash, |held| held.matches(&probe)) else {
            return false;
        };
        entry.remove();
        // Under the write guard, so the slot is free by the time anyone can
        // see the tuple gone; then a new tag, so lookups memoised before the
        // removal miss.
        self.len.fetch_sub(1, Ordering::AcqRel);
        self.tag.store(recent::next_tag(), Ordering::Release);
        self.changes.fetch_add(1, Ordering::Release);
        true
    }
}

impl<C: Cell> fmt::Debug for MixedCore<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MixedStore")
            .field("max_series", &self.max_series)
            .field("max_value_len", &self.max_value_len)
            .field("len", &self.len.load(Ordering::Relaxed))
            .field("overflowed", &self.overflowed.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// The store of a metric with one free-form label and no other: the
/// [`MixedStore`] of `(String,)`.
///
/// ```
/// use metrics_runtime::{metrics_family, FreeStore, Gauge, GaugeCell};
///
/// #[metrics_family]
/// struct Contexts {
///     /// Executions per context
///     #[metric(labels(context_id: String))]
///     executions: Gauge,
/// }
///
/// let m = Contexts::new();
/// let store: &FreeStore<GaugeCell> = m.executions.store();
/// store.cell("ctx-1").set(3);
/// assert_eq!(store.existing("ctx-1").map(|h| h.get()), Some(3));
/// assert!(store.existing("ctx-2").is_none()); // never created by a read
/// assert_eq!(store.len(), 1);
/// ```
pub type FreeStore<C> = MixedStore<(String,), C>;

impl<L: MixedLabels, C: Cell> MixedStore<L, C> {
    /// Runs `f` on the series of `free` for the enum labels `enums`, created
    /// or folded as the bounds say. What the recording methods use.
    ///
    /// Crate-private: `f` may run under a shard's lock, so it must not use
    /// this store; the recording methods' closures do not. `f` is `Copy` (it
    /// captures only the value to record), so the memo's closure can take a
    /// copy and the table keep the original.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn with_cell<R>(
        &self,
        free: L::Free<'_>,
        enums: L::Enums,
        f: impl FnOnce(&C) -> R + Copy,
    ) -> R {
        let index = enums.index();
        self.with_series(free.values(), move |cells| f(&cells[index]))
    }

    /// A handle on the series of `free` for the enum labels `enums`,
    /// created or folded as the bounds say: keep it to record repeatedly
    /// without a lookup. It costs an atomic read-modify-write on the
    /// tuple's reference count to take and one to drop.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// let users = store.handle("/users", (Method::Get,));
    /// users.inc();
    /// users.inc();
    /// assert_eq!(m.requests.get(Method::Get, "/users"), 2);
    /// ```
    #[inline]
    pub fn handle(&self, free: L::Free<'_>, enums: L::Enums) -> Handle<C> {
        let index = enums.index();
        self.with_series(free.values(), move |cells| Handle {
            cells: Arc::clone(cells),
            index,
        })
    }

    /// A handle on every series of `free` (one per combination of the enum
    /// labels), created or folded as the bounds say.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// let users = store.free_handle("/users");
    /// users.inc(Method::Get);
    /// users.inc(Method::Post);
    /// assert_eq!(m.requests.get(Method::Post, "/users"), 1);
    /// ```
    #[inline]
    pub fn free_handle(&self, free: L::Free<'_>) -> FreeHandle<L::Enums, C> {
        self.with_series(free.values(), |cells| FreeHandle {
            cells: Arc::clone(cells),
            _enums: PhantomData,
        })
    }

    /// Runs `f` on the series of `free` for `enums` if it exists, without
    /// recording, creating or folding anything: a held tuple's series, or
    /// the overflow series when every value of `free` is
    /// [`OVERFLOW_LABEL_VALUE`]. `None` for a tuple not held.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// m.requests.inc_by(Method::Get, "/users", 3);
    /// assert_eq!(store.read("/users", (Method::Get,), |c| c.get()), Some(3));
    /// assert_eq!(store.read("/admin", (Method::Get,), |c| c.get()), None);
    /// assert_eq!(store.len(), 1); // reading created nothing
    /// ```
    pub fn read<R>(
        &self,
        free: L::Free<'_>,
        enums: L::Enums,
        f: impl FnOnce(&C) -> R,
    ) -> Option<R> {
        let index = enums.index();
        let values = free.values();
        if values.as_ref().iter().all(|v| *v == OVERFLOW_LABEL_VALUE) {
            return Some(f(&self.core.overflow[index]));
        }
        if !self.admits(values.as_ref()) {
            return None;
        }
        let probe = Probe::new(values);
        let table = read_lock(&self.core.shards[shard_index(probe.hash)]);
        MixedCore::find(&table, &probe).map(|held| f(&held.cells[index]))
    }

    /// Removes every series of `free` (one per enum combination); returns
    /// whether the tuple was held. The slot it took under the bound is free
    /// again at once, and recording the tuple again starts new series at
    /// zero. Handles still held keep working but record into the removed
    /// series, which are no longer exported. The overflow series are never
    /// removed. A scrape sees the removal wholly or not at all (it lists the
    /// series of all shards under their read locks at once).
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// m.requests.inc(Method::Get, "/users");
    /// assert!(store.remove("/users"));
    /// assert!(!store.remove("/users"));
    /// assert_eq!(m.requests.get(Method::Get, "/users"), 0);
    /// ```
    pub fn remove(&self, free: L::Free<'_>) -> bool {
        self.core.remove(free.values())
    }

    /// The overflow series for the enum labels `enums`: what every folded
    /// recording with these enum values went to.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// m.requests.inc(Method::Get, "/users");
    /// m.requests.inc(Method::Post, "/admin"); // a second route: folded
    /// assert_eq!(store.overflow_series((Method::Post,)).get(), 1);
    /// assert_eq!(store.overflow_series((Method::Get,)).get(), 0);
    /// ```
    pub fn overflow_series(&self, enums: L::Enums) -> &C {
        &self.core.overflow[enums.index()]
    }

    /// The number of free-form value tuples held (not counting the overflow
    /// tuple). Each holds one series per enum combination.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// m.requests.inc(Method::Get, "/users");
    /// m.requests.inc(Method::Post, "/users"); // the same tuple
    /// assert_eq!(store.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.core.len.load(Ordering::Acquire)
    }

    /// Whether no tuple is held.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// assert!(store.is_empty());
    /// m.requests.inc(Method::Get, "/users");
    /// assert!(!store.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many lookups were folded into the overflow series: each one a
    /// lookup of a tuple not held while `max_series` tuples were held, or
    /// with a value longer than `max_value_len`, or with
    /// [`OVERFLOW_LABEL_VALUE`] as a value. Every recording method taking
    /// the labels makes one lookup; a [`Handle`] or [`FreeHandle`] is one
    /// lookup however many recordings go through it.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// m.requests.inc(Method::Get, &"/x".repeat(10)); // 20 bytes: too long, folded
    /// m.requests.inc(Method::Get, "/users");
    /// m.requests.inc(Method::Get, "/admin"); // past `max_series`: folded
    /// assert_eq!(store.overflowed(), 2);
    /// ```
    pub fn overflowed(&self) -> u64 {
        self.core.overflowed.load(Ordering::Relaxed)
    }

    /// The bound on the number of free-form value tuples.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// assert_eq!(store.max_series(), 1);
    /// ```
    pub fn max_series(&self) -> usize {
        self.core.max_series
    }

    /// The bound on the length of one free-form value, in bytes.
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
    ///     #[metric(labels(method: Method, route: String), max_series = 1, max_value_len = 16)]
    ///     requests: Counter,
    /// }
    ///
    /// let m = Http::new();
    /// let store = m.requests.store();
    /// assert_eq!(store.max_value_len(), 16);
    /// ```
    pub fn max_value_len(&self) -> usize {
        self.core.max_value_len
    }

    /// Whether `values` may be held: none too long, none reserved.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn admits(&self, values: &[&str]) -> bool {
        admits(self.core.max_value_len, values)
    }

    /// Runs `f` on the cells of the tuple `values`, created or folded as the
    /// bounds say: the memo, then one probe of the shard's table.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn with_series<'b, V: Values<'b>, R>(
        &self,
        values: V,
        f: impl FnOnce(&Cells<C>) -> R + Copy,
    ) -> R {
        if values
            .as_ref()
            .iter()
            .any(|v| v.len() > self.core.max_value_len)
        {
            return self.fold(f);
        }
        // Only the memo reads the probe (not built under loom).
        #[cfg_attr(loom, allow(unused_variables))]
        let probe = Probe::new(values);
        // Read before the table, so an entry found there and remembered is
        // never newer than the tag it is remembered with.
        let tag = self.core.tag.load(Ordering::Acquire);
        #[cfg(not(loom))]
        if let Some(key) = C::memo() {
            // A copy of `f` goes to the memo, the original stays for the
            // table.
            match recent::find(key, self.core.salt, tag, probe, f) {
                recent::Found::Hit(result) => return result,
                recent::Found::Long => {
                    // The values, not the probe: see `lookup` below.
                    if let Some(result) = recent::find_long(key, self.core.salt, tag, values, f) {
                        return result;
                    }
                }
                recent::Found::Miss => {}
            }
        }
        // The values alone (in registers), not the probe: a probe passed to
        // the table's half would be written to the stack on every lookup,
        // stores that the recording's locked add waits for.
        self.lookup(tag, values, f)
    }

    /// The table's half of [`with_series`](Self::with_series): one probe
    /// under the shard's read lock; past it, a fold, or an insert under the
    /// write lock.
    #[inline(never)]
    fn lookup<'b, V: Values<'b>, R>(
        &self,
        tag: u64,
        values: V,
        f: impl FnOnce(&Cells<C>) -> R,
    ) -> R {
        let probe = Probe::new(values);
        let shard = &self.core.shards[shard_index(probe.hash)];
        {
            let table = read_lock(shard);
            if let Some(held) = MixedCore::find(&table, &probe) {
                self.core.remember(tag, &probe, held);
                return f(&held.cells);
            }
            // Not held, and cannot become held while this read lock is: a
            // reserved value, or a full bound, folds here, so a held tuple
            // is never folded.
            if values.as_ref().contains(&OVERFLOW_LABEL_VALUE)
                || self.core.len.load(Ordering::Acquire) >= self.core.max_series
            {
                return self.fold(f);
            }
        }
        let mut table = write_lock(shard);
        let cardinality = ShapeOf::<L>::SHAPE.cardinality;
        match self.core.insert(&mut table, &probe, cardinality) {
            Some(held) => {
                self.core.remember(tag, &probe, held);
                f(&held.cells)
            }
            None => self.fold(f),
        }
    }

    /// The overflow series, counting the lookup that lands there.
    #[cold]
    #[inline(never)]
    fn fold<R>(&self, f: impl FnOnce(&Cells<C>) -> R) -> R {
        self.core.overflowed.fetch_add(1, Ordering::Relaxed);
        f(&self.core.overflow)
    }
}

impl<C: Cell> MixedStore<(String,), C> {
    /// A handle on the series for `value`, created if the bound allows,
    /// else the overflow series.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Gauge};
    ///
    /// #[metrics_family]
    /// struct Contexts {
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String), max_series = 1)]
    ///     executions: Gauge,
    /// }
    ///
    /// let m = Contexts::new();
    /// let store = m.executions.store();
    /// store.cell("ctx-1").set(3);
    /// store.cell("ctx-2").set(5); // past `max_series`: the overflow series
    /// assert_eq!(m.executions.get("ctx-1"), 3);
    /// assert_eq!(store.overflow().get(), 5);
    /// ```
    pub fn cell(&self, value: &str) -> Handle<C> {
        self.handle(value, ())
    }

    /// The series for `value` if it is held; never creates one.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Gauge};
    ///
    /// #[metrics_family]
    /// struct Contexts {
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String), max_series = 1)]
    ///     executions: Gauge,
    /// }
    ///
    /// let m = Contexts::new();
    /// let store = m.executions.store();
    /// m.executions.set("ctx-1", 3);
    /// assert_eq!(store.existing("ctx-1").map(|h| h.get()), Some(3));
    /// assert!(store.existing("ctx-2").is_none());
    /// assert_eq!(store.len(), 1); // still
    /// ```
    pub fn existing(&self, value: &str) -> Option<Handle<C>> {
        let values = [value];
        if !self.admits(&values) {
            return None;
        }
        let probe = Probe::new(values);
        let table = read_lock(&self.core.shards[shard_index(probe.hash)]);
        MixedCore::find(&table, &probe).map(|held| Handle {
            cells: Arc::clone(&held.cells),
            index: 0,
        })
    }

    /// The overflow series: what every folded recording went to.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Gauge};
    ///
    /// #[metrics_family]
    /// struct Contexts {
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String), max_series = 1)]
    ///     executions: Gauge,
    /// }
    ///
    /// let m = Contexts::new();
    /// let store = m.executions.store();
    /// m.executions.inc("ctx-1");
    /// m.executions.inc("ctx-2"); // folded
    /// m.executions.inc("ctx-3"); // folded
    /// assert_eq!(store.overflow().get(), 2);
    /// ```
    pub fn overflow(&self) -> &C {
        &self.core.overflow[0]
    }
}

/// Whether `values` may be held under a `max_value_len`: none too long, none
/// reserved.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn admits(max_value_len: usize, values: &[&str]) -> bool {
    values
        .iter()
        .all(|v| v.len() <= max_value_len && *v != OVERFLOW_LABEL_VALUE)
}

/// The cells of one tuple: `cardinality` of them (one per enum
/// combination), at zero.
fn new_cells<C: Cell>(cardinality: usize, config: C::Config) -> Cells<C> {
    (0..cardinality)
        .map(|_| CachePadded(C::new(config)))
        .collect()
}

fn read_lock<C>(shard: &Shard<C>) -> RwLockReadGuard<'_, HashTable<Held<C>>> {
    shard.read().unwrap_or_else(|e| e.into_inner())
}

fn write_lock<C>(shard: &Shard<C>) -> RwLockWriteGuard<'_, HashTable<Held<C>>> {
    shard.write().unwrap_or_else(|e| e.into_inner())
}

#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn shard_index(hash: u64) -> usize {
    // Bits the shard tables do not use: hashbrown takes the low bits for
    // the bucket and the top seven for its tags, so the values of one shard
    // still spread over their table. (The per-thread memo uses the low bits.)
    (hash >> 40) as usize % SHARDS
}

/// The free-form values of one lookup, by value: `[&str; 1]` or
/// `[&str; 2]`, so that the hot path keeps them in registers.
pub(crate) trait Values<'b>: Copy + AsRef<[&'b str]> {}

impl<'b, V: Copy + AsRef<[&'b str]>> Values<'b> for V {}

/// A free-form value tuple, hashed, as every lookup carries it. Kept in
/// registers on the hot path: spilled to the stack as 8-byte stores, its
/// words would be read back by wider loads that store forwarding cannot
/// serve, and the recording's locked add would wait for the stores.
#[derive(Clone, Copy)]
pub(crate) struct Probe<V> {
    values: V,
    /// The hash of the shard and its table (not computed on a memo hit:
    /// dead code there).
    hash: u64,
    /// The values' lengths: the first in the low 32 bits, the second (if
    /// any) in the high 32 (one value alone: its whole length).
    lens: u64,
    /// The values' bytes as four words ([`words`]): with `lens`, the values
    /// themselves when `exact`, a filter otherwise.
    words: [u64; 4],
    /// Whether `lens` and `words` alone identify the values: one value of
    /// at most 32 bytes, or two of at most 16 each. The memo compares them
    /// in its slot; a longer value is compared against the key.
    exact: bool,
}

impl<'b, V: Values<'b>> Probe<V> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn new(values: V) -> Self {
        let slice = values.as_ref();
        let first = slice[0].as_bytes();
        let head = head_tail(first);
        let first_hash = if first.len() <= 16 {
            short_hash(first.len(), head)
        } else {
            long_hash(first)
        };
        match slice {
            [_] => Probe {
                values,
                hash: first_hash,
                lens: first.len() as u64,
                words: words(first),
                exact: first.len() <= 32,
            },
            _ => {
                let second = slice[1].as_bytes();
                let second_head = head_tail(second);
                let second_hash = if second.len() <= 16 {
                    short_hash(second.len(), second_head)
                } else {
                    long_hash(second)
                };
                Probe {
                    values,
                    hash: folded_multiply(first_hash ^ PAIR[0], second_hash ^ PAIR[1]),
                    lens: first.len() as u64 | ((second.len() as u64) << 32),
                    words: [head[0], head[1], second_head[0], second_head[1]],
                    exact: first.len() <= 16 && second.len() <= 16,
                }
            }
        }
    }

    /// What the memo slot is chosen by: the words and lengths folded into
    /// one, for a multiply cheaper than the hash's (the memo compares the
    /// values exactly anyway).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn mix(&self) -> u64 {
        let [a, b, c, d] = self.words;
        a ^ b.rotate_left(29) ^ c.rotate_left(13) ^ d.rotate_left(43) ^ self.lens
    }
}

/// One value's bytes as four words: up to 16 bytes as [`head_tail`] (and
/// two zeros), up to 32 as four overlapping loads covering them all (with
/// the length, the value itself), a longer one by its first and last 16.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn words(bytes: &[u8]) -> [u64; 4] {
    let len = bytes.len();
    if len <= 16 {
        let [head, tail] = head_tail(bytes);
        [head, tail, 0, 0]
    } else {
        [
            word(bytes, 0),
            word(bytes, 8),
            word(bytes, len - 16),
            word(bytes, len - 8),
        ]
    }
}

/// Whether `key` is `values` concatenated (their lengths already compared).
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn key_eq(key: &[u8], values: &[&str]) -> bool {
    let mut at = 0;
    for value in values {
        let value = value.as_bytes();
        let Some(part) = key.get(at..at + value.len()) else {
            return false;
        };
        if !same_bytes(part, value) {
            return false;
        }
        at += value.len();
    }
    at == key.len()
}

/// Splits a held key back into its values (the second `""` for one).
fn split_key(key: &str, lens: u64, free: usize) -> [&str; 2] {
    if free == 1 {
        return [key, ""];
    }
    let first = (lens & u64::from(u32::MAX)) as usize;
    let (a, b) = key.split_at(first.min(key.len()));
    [a, b]
}

/// The positions of `keys` (a store's tuples, as [`split_key`] reads them)
/// in the order of their values: one sort, not one per cell type, for the
/// encoder and the writer alike.
fn sorted_order(keys: &[(&str, u64)], free: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (keys[a], keys[b]);
        split_key(a.0, a.1, free).cmp(&split_key(b.0, b.1, free))
    });
    order
}

/// Puts `items` in `order` (positions, as [`sorted_order`] returns them) by
/// swaps: the one generic step of sorting a store's tuples.
fn permute<T>(items: &mut [T], order: Vec<usize>) {
    // Where each item goes, then each place filled by following its cycle.
    let mut target = vec![0; order.len()];
    for (place, from) in order.into_iter().enumerate() {
        target[from] = place;
    }
    for place in 0..items.len() {
        while target[place] != place {
            let to = target[place];
            items.swap(place, to);
            target.swap(place, to);
        }
    }
}

/// What the code of a [`MixedStore`] that does not record needs to know of
/// its labels ([`MixedLabels`]), as data rather than as a type: see
/// [`MixedCore`].
#[derive(Clone, Copy)]
struct Shape {
    /// [`MixedLabels::FREE`].
    free: usize,
    /// [`MixedLabels::SLOTS`].
    slots: &'static [LabelSlot],
    /// [`FixedLabels::VALUES`] of the enum labels.
    enums: EnumValues,
    /// [`FixedLabels::CARDINALITY`] of the enum labels: each tuple's number
    /// of cells.
    cardinality: usize,
}

/// The [`Shape`] of the labels `L`.
struct ShapeOf<L>(PhantomData<fn() -> L>);

impl<L: MixedLabels> ShapeOf<L> {
    const SHAPE: Shape = Shape {
        free: L::FREE,
        slots: L::SLOTS,
        enums: <L::Enums as FixedLabels>::VALUES,
        cardinality: <L::Enums as FixedLabels>::CARDINALITY,
    };
}

/// The labels of one series of a [`MixedStore`]: the constant labels, then
/// each label in declaration order, free-form or enum as [`MixedLabels::SLOTS`]
/// says.
struct MixedLabelsAt<'a> {
    consts: &'a ConstLabels,
    names: &'a [&'static str],
    shape: &'a Shape,
    free: [&'a str; 2],
    index: usize,
}

impl EncodeLabelSet for MixedLabelsAt<'_> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> fmt::Result {
        self.consts.encode(encoder)?;
        for (name, slot) in self.names.iter().zip(self.shape.slots) {
            let value = match *slot {
                LabelSlot::Enum(k) => label::value_at(self.shape.enums, self.index, k),
                LabelSlot::Free(j) => self.free[j],
            };
            let mut label = encoder.encode_label();
            let mut key = label.encode_label_key()?;
            key.write_str(name)?;
            let mut value_encoder = key.encode_label_value()?;
            value_encoder.write_str(value)?;
            value_encoder.finish()?;
        }
        Ok(())
    }
}

// One-line shims, as `FixedStore`'s: the work is in `MixedCore`'s methods.
impl<L: MixedLabels, C: Cell> Store<C> for MixedStore<L, C> {
    fn new(config: C::Config, bounds: Bounds) -> Self {
        Self {
            core: MixedCore::new(config, bounds, ShapeOf::<L>::SHAPE.cardinality),
            _labels: PhantomData,
        }
    }

    fn encode(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        encoder: &mut MetricEncoder,
    ) -> fmt::Result {
        self.core
            .encode(&ShapeOf::<L>::SHAPE, names, consts, encoder)
    }

    fn write(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        self.core
            .write(&ShapeOf::<L>::SHAPE, names, consts, pre, out)
    }

    fn prerender(
        &self,
        _names: &[&'static str],
        _consts: &ConstLabels,
        pre: &crate::write::Prerendered,
    ) {
        self.core.prerender(pre)
    }

    fn overflowed(&self) -> u64 {
        MixedStore::overflowed(self)
    }
}

impl<C: Cell> MixedCore<C> {
    /// [`Store::new`] of a store whose tuples have `cardinality` cells.
    fn new(config: C::Config, bounds: Bounds, cardinality: usize) -> Self {
        let tag = recent::next_tag();
        Self {
            shards: (0..SHARDS)
                .map(|_| CachePadded(RwLock::new(HashTable::new())))
                .collect(),
            config,
            max_series: bounds.max_series,
            max_value_len: bounds.max_value_len.min(u32::MAX as usize),
            len: AtomicUsize::new(0),
            changes: AtomicU64::new(0),
            overflow: new_cells(cardinality, config),
            overflowed: CachePadded(AtomicU64::new(0)),
            tag: AtomicU64::new(tag),
            salt: tag.wrapping_mul(MULTIPLIER),
        }
    }

    /// [`Store::encode`] of a store whose labels are `shape`.
    fn encode(
        &self,
        shape: &Shape,
        names: &[&'static str],
        consts: &ConstLabels,
        encoder: &mut MetricEncoder,
    ) -> fmt::Result {
        // Every shard's read lock at once, taken in shard order, so the
        // series listed are one consistent cut: an insert or removal (one
        // shard's write lock each) is wholly in it or wholly out, and a
        // scrape never shows more tuples than the bound. Lookups of held
        // tuples only read, so they are not held up.
        let shards: Vec<_> = self.shards.iter().map(read_lock).collect();
        let mut series: Vec<(Arc<str>, u64, Cells<C>)> =
            Vec::with_capacity(self.len.load(Ordering::Acquire));
        for table in &shards {
            series.extend(
                table
                    .iter()
                    .map(|held| (Arc::clone(&held.key), held.lens, Arc::clone(&held.cells))),
            );
        }
        drop(shards);
        // Sorted by the values, in order, so the exposition is
        // deterministic.
        let mut keys = Vec::with_capacity(series.len());
        for (key, lens, _) in &series {
            keys.push((&**key, *lens));
        }
        for index in sorted_order(&keys, shape.free) {
            let (key, lens, cells) = &series[index];
            let free = split_key(key, *lens, shape.free);
            encode_tuple(shape, names, consts, free, cells, encoder)?;
        }
        if self.overflowed.load(Ordering::Relaxed) > 0 {
            let free = [OVERFLOW_LABEL_VALUE; 2];
            encode_tuple(shape, names, consts, free, &self.overflow, encoder)?;
        }
        Ok(())
    }

    /// [`Store::write`] of a store whose labels are `shape`.
    fn write(
        &self,
        shape: &Shape,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        if !C::WRITES {
            return false;
        }
        let mut table = pre
            .table::<MixedTable<C>>()
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let table = &mut *table;
        // Read before the shards: an insert or removal not seen here makes
        // the next scrape collect again.
        let changes = self.changes.load(Ordering::Acquire);
        // A counter's or gauge's texts are its samples' whole prefixes,
        // `name_total{labels} `, the same in both formats; a histogram's
        // the label texts alone (its lines put `le` among them).
        let prefix = match C::TYPE {
            MetricType::Counter | MetricType::Gauge => Some((out.family, C::TYPE)),
            _ => None,
        };
        if table.seen != Some(changes) {
            self.collect(shape, names, pre.consts(consts), prefix, table);
            table.seen = Some(changes);
            pre.set_table_bytes(table.heap_bytes());
        }
        let les = pre.les(out.format, self.overflow[0].write_bounds());
        // By runs: a scrape's cells are rarely in the cache (one allocation
        // per tuple), so each run's are read first, in a loop tight enough
        // for their misses to overlap, then written from the cache. (The
        // texts are one allocation, read in order.)
        let prefixed = std::mem::replace(&mut out.prefixed, prefix.is_some());
        let mut start = 0;
        for run in table.rows.chunks(TOUCH_RUN) {
            let mut touched = 0;
            for row in run {
                for cell in row.cells.iter() {
                    touched ^= cell.touch();
                }
            }
            std::hint::black_box(touched);
            for row in run {
                let text = table.texts.get(start..row.end).unwrap_or_default();
                write_tuple(out, &row.cells, text, les);
                start = row.end;
            }
        }
        // As `encode`: the overflow tuple from the first fold on.
        if self.overflowed.load(Ordering::Relaxed) > 0 {
            if table.overflow.is_none() {
                let mut text = String::new();
                let free = [OVERFLOW_LABEL_VALUE; 2];
                let consts = pre.consts(consts);
                render_tuple(
                    shape,
                    &mut text,
                    names,
                    consts,
                    prefix,
                    free,
                    &mut table.escaped,
                );
                table.overflow = Some(text.into_boxed_str());
                pre.set_table_bytes(table.heap_bytes());
            }
            if let Some(text) = &table.overflow {
                write_tuple(out, &self.overflow, text, les);
            }
        }
        out.prefixed = prefixed;
        true
    }

    /// [`Store::prerender`].
    fn prerender(&self, pre: &crate::write::Prerendered) {
        if !C::WRITES {
            return;
        }
        for format in [crate::Format::OpenMetrics, crate::Format::Text] {
            pre.les(format, self.overflow[0].write_bounds());
        }
    }
}

/// Writes the series of one tuple, every enum combination in index order.
fn encode_tuple<C: Cell>(
    shape: &Shape,
    names: &[&'static str],
    consts: &ConstLabels,
    free: [&str; 2],
    cells: &Cells<C>,
    encoder: &mut MetricEncoder,
) -> fmt::Result {
    for (index, cell) in cells.iter().enumerate() {
        let labels = MixedLabelsAt {
            consts,
            names,
            shape,
            free,
            index,
        };
        cell.encode(&mut encoder.encode_family(&labels)?)?;
    }
    Ok(())
}

/// How many tuples our writer reads ahead of writing them (see
/// [`MixedStore`]'s `write`): their cells' lines stay in the first-level
/// cache until written.
const TOUCH_RUN: usize = 32;

/// Our writer's table of one [`MixedStore`]: its held tuples as of its
/// last insert or removal, sorted as `encode` sorts them, and their label
/// texts, one after the other in the same order. Kept beside the store by
/// the registry.
pub(crate) struct MixedTable<C> {
    rows: Vec<MixedRow<C>>,
    /// Every row's texts, in row order: a row's run from the previous
    /// row's `end` to its own.
    texts: String,
    /// The overflow tuple's texts, rendered on its first scrape.
    overflow: Option<Box<str>>,
    /// The store's change count when `rows` was collected.
    seen: Option<u64>,
    /// Each free-form value escaped, once per tuple rendered.
    escaped: [String; 2],
}

impl<C> Default for MixedTable<C> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            texts: String::new(),
            overflow: None,
            seen: None,
            escaped: Default::default(),
        }
    }
}

impl<C> MixedTable<C> {
    /// What the table holds on the heap: its list, the texts and the
    /// escaping buffers (a row's key and cells are the store's, shared).
    fn heap_bytes(&self) -> usize {
        self.rows.capacity() * std::mem::size_of::<MixedRow<C>>()
            + self.texts.capacity()
            + self.overflow.as_ref().map_or(0, |t| t.len())
            + self.escaped.iter().map(String::capacity).sum::<usize>()
    }
}

/// One held tuple: its key (the values concatenated, as [`Held`] has it),
/// its cells, and where its series' label texts end in the table's
/// `texts`: one text per series, in index order, joined by `\n` (which a
/// label text never holds: values escape it).
struct MixedRow<C> {
    key: Arc<str>,
    lens: u64,
    cells: Cells<C>,
    end: usize,
}

impl<C: Cell> MixedCore<C> {
    /// Replaces the table's rows and texts with the store's tuples now: the
    /// same consistent cut as `encode` (every shard's read lock at once),
    /// sorted the same way, walked beside the last list, which is sorted
    /// alike: a tuple's texts are copied over if it was there (not
    /// rendered again), rendered if it is new, and dropped with the tuple
    /// if it is gone.
    fn collect(
        &self,
        shape: &Shape,
        names: &[&'static str],
        consts: &str,
        prefix: Option<(&str, MetricType)>,
        table: &mut MixedTable<C>,
    ) {
        let mut rows = Vec::with_capacity(self.len.load(Ordering::Acquire));
        {
            let shards: [_; SHARDS] = std::array::from_fn(|i| read_lock(&self.shards[i]));
            for shard in &shards {
                rows.extend(shard.iter().map(|held| MixedRow {
                    key: Arc::clone(&held.key),
                    lens: held.lens,
                    cells: Arc::clone(&held.cells),
                    end: 0,
                }));
            }
        }
        fn values<C>(row: &MixedRow<C>, free: usize) -> [&str; 2] {
            split_key(&row.key, row.lens, free)
        }
        let mut keys = Vec::with_capacity(rows.len());
        for row in &rows {
            keys.push((&*row.key, row.lens));
        }
        let order = sorted_order(&keys, shape.free);
        drop(keys);
        permute(&mut rows, order);
        let mut texts = String::with_capacity(table.texts.len());
        let mut old = table.rows.iter().peekable();
        let mut old_start = 0;
        for MixedRow { key, lens, end, .. } in &mut rows {
            let free = split_key(key, *lens, shape.free);
            while let Some(last) = old.next_if(|last| values(last, shape.free) < free) {
                old_start = last.end;
            }
            match old.next_if(|last| values(last, shape.free) == free) {
                Some(last) => {
                    texts.push_str(table.texts.get(old_start..last.end).unwrap_or_default());
                    old_start = last.end;
                }
                None => {
                    let escaped = &mut table.escaped;
                    render_tuple(shape, &mut texts, names, consts, prefix, free, escaped)
                }
            }
            *end = texts.len();
        }
        // Exact sizes: the table is kept for the store's life.
        rows.shrink_to_fit();
        texts.shrink_to_fit();
        table.rows = rows;
        table.texts = texts;
    }
}

/// Appends the texts of one tuple's series to `out`, every enum
/// combination in index order, joined by `\n`: each the constant labels'
/// text, then each label in declaration order, the free-form values escaped
/// once into `escaped`; with `prefix` (the family's name and kind) each
/// the whole sample prefix, `name_total{labels} `.
fn render_tuple(
    shape: &Shape,
    out: &mut String,
    names: &[&'static str],
    consts: &str,
    prefix: Option<(&str, MetricType)>,
    free: [&str; 2],
    escaped: &mut [String; 2],
) {
    for (buffer, value) in escaped.iter_mut().zip(free).take(shape.free) {
        buffer.clear();
        crate::write::push_label_value(buffer, value);
    }
    for index in 0..shape.cardinality {
        if index > 0 {
            out.push('\n');
        }
        let labels = |out: &mut String| {
            let start = out.len();
            crate::write::push_series(out, start, consts, names, |position| {
                match shape.slots[position] {
                    LabelSlot::Enum(k) => (label::value_at(shape.enums, index, k), false),
                    LabelSlot::Free(j) => (escaped[j].as_str(), true),
                }
            });
        };
        match prefix {
            Some((family, kind)) => crate::write::push_prefix(out, family, kind, labels),
            None => labels(out),
        }
    }
}

/// Writes one tuple's series: `text` is their label texts joined by `\n`.
fn write_tuple<C: Cell>(
    out: &mut crate::write::SeriesOut<'_>,
    cells: &Cells<C>,
    text: &str,
    les: &[Box<str>],
) {
    if let [cell] = &cells[..] {
        cell.write(out, text, les);
    } else {
        for (cell, text) in cells.iter().zip(text.split('\n')) {
            cell.write(out, text, les);
        }
    }
}

/// Each thread's memo of its recent free-form lookups: see [`MixedStore`].
/// One per cell type ([`Cell::memo`]), so a hit needs no dynamic type check.
/// Not used under loom, whose model threads share the process's
/// thread-locals.
#[cfg_attr(loom, allow(dead_code))]
pub(crate) mod recent {
    use std::cell::{Cell, RefCell};
    use std::mem::ManuallyDrop;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use std::thread::LocalKey;

    use super::{key_eq, Cells, Held, Probe, Values};

    const SLOTS: usize = 64;

    /// One remembered lookup: 64 bytes, one cache line. The slot alone
    /// compares values [`Probe::words`] holds whole; a longer value's key
    /// is beside it, in [`Slots::keys`].
    #[repr(align(64))]
    struct Entry<C> {
        /// The store's tag when the lookup was made.
        tag: u64,
        lens: u64,
        words: [u64; 4],
        cells: Cells<C>,
    }

    /// One thread's recent lookups of one cell type: 64 slots,
    /// direct-mapped by the values' hash and the store. Each holds the key
    /// and cells it remembers, so up to 64 tuples per cell type and thread
    /// stay allocated after removal until their slots are reused.
    ///
    /// Without drop glue (the slots are in a `ManuallyDrop`), so that its
    /// `thread_local!` has no destructor to register and check on every
    /// lookup: reaching it is an address computation, and the lookup inlines
    /// into the recording method. Its [`Guard`], touched on the cold path
    /// that fills a slot, empties it when the thread exits.
    pub struct Memo<C> {
        slots: ManuallyDrop<RefCell<Slots<C>>>,
        /// Set when the guard emptied the slots: nothing is remembered
        /// after, so nothing is left allocated by an exited thread.
        closed: Cell<bool>,
    }

    /// The slots of a [`Memo`]: the entries, and the keys of those whose
    /// values are longer than their words hold.
    struct Slots<C> {
        entries: [Option<Entry<C>>; SLOTS],
        keys: [Option<Arc<str>>; SLOTS],
    }

    impl<C> Slots<C> {
        const EMPTY: Self = Self {
            entries: [const { None }; SLOTS],
            keys: [const { None }; SLOTS],
        };
    }

    impl<C> Memo<C> {
        /// An empty memo, for a `thread_local!` with a const initialiser.
        pub const fn new() -> Self {
            Self {
                slots: ManuallyDrop::new(RefCell::new(Slots::EMPTY)),
                closed: Cell::new(false),
            }
        }

        /// Drops every entry and remembers nothing more.
        fn close(&self) {
            self.closed.set(true);
            if let Ok(mut slots) = self.slots.try_borrow_mut() {
                *slots = Slots::EMPTY;
            }
        }
    }

    /// Empties its thread's [`Memo`] when the thread exits.
    pub struct Guard<C: 'static>(&'static LocalKey<Memo<C>>);

    impl<C> Guard<C> {
        /// The guard of `memo`.
        pub const fn new(memo: &'static LocalKey<Memo<C>>) -> Self {
            Self(memo)
        }
    }

    impl<C> Drop for Guard<C> {
        fn drop(&mut self) {
            // The memo has no destructor, so it is still there.
            let _ = self.0.try_with(Memo::close);
        }
    }

    /// A cell type's memo and its guard.
    pub struct MemoKey<C: 'static> {
        memo: &'static LocalKey<Memo<C>>,
        guard: &'static LocalKey<Guard<C>>,
    }

    impl<C> Clone for MemoKey<C> {
        fn clone(&self) -> Self {
            *self
        }
    }

    impl<C> Copy for MemoKey<C> {}

    impl<C> MemoKey<C> {
        /// The memo `memo` with its guard `guard`.
        #[cfg_attr(not(debug_assertions), inline(always))]
        #[cfg_attr(debug_assertions, inline)]
        pub const fn new(
            memo: &'static LocalKey<Memo<C>>,
            guard: &'static LocalKey<Guard<C>>,
        ) -> Self {
            Self { memo, guard }
        }
    }

    /// A value no store has had as its tag: a new store's, or a store's
    /// after a removal. Never reused, so a memoised entry can never match a
    /// store it was not made in, nor a store after a removal.
    pub(crate) fn next_tag() -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }

    /// The slot of values with [`Probe::mix`] `mix` in the store with
    /// `salt`: the top bits of one multiply. The store is mixed in, so
    /// metrics recorded for one value in turn (several metrics of one
    /// `context_id`) do not evict each other.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn slot(salt: u64, mix: u64) -> usize {
        ((mix ^ salt).wrapping_mul(super::MULTIPLIER) >> 58) as usize % SLOTS
    }

    /// What [`find`] found.
    pub(crate) enum Found<R> {
        /// The values' entry: `f` ran on its cells.
        Hit(R),
        /// An entry whose words match values longer than they hold: see
        /// [`find_long`].
        Long,
        /// Nothing.
        Miss,
    }

    /// Runs `f` on the memoised cells of `probe`, remembered in the store
    /// with `salt` under `tag`, if there are and the slot's words hold the
    /// values whole.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn find<'b, C, V: Values<'b>, R>(
        key: MemoKey<C>,
        salt: u64,
        tag: u64,
        probe: Probe<V>,
        f: impl FnOnce(&Cells<C>) -> R,
    ) -> Found<R> {
        // Small, so that `try_with` inlines into the recording method
        // (a closure past LLVM's threshold would make it a call, and the
        // probe a spill): longer values are compared out of line.
        let found = key.memo.try_with(|memo| {
            let slots = memo.slots.try_borrow().ok()?;
            let entry = slots.entries[slot(salt, probe.mix())].as_ref()?;
            let [a, b, c, d] = entry.words;
            let hit = entry.tag == tag
                && entry.lens == probe.lens
                && a == probe.words[0]
                && b == probe.words[1]
                && c == probe.words[2]
                && d == probe.words[3];
            if !hit {
                return None;
            }
            Some(if probe.exact {
                Found::Hit(f(&entry.cells))
            } else {
                Found::Long
            })
        });
        found.ok().flatten().unwrap_or(Found::Miss)
    }

    /// [`find`] for values longer than the slot's words hold: the same
    /// slot, its key compared with the values. Out of line, given the
    /// values alone (so the hot path keeps no probe in memory for it).
    #[inline(never)]
    pub(crate) fn find_long<'b, C, V: Values<'b>, R>(
        key: MemoKey<C>,
        salt: u64,
        tag: u64,
        values: V,
        f: impl FnOnce(&Cells<C>) -> R,
    ) -> Option<R> {
        let probe = Probe::new(values);
        key.memo
            .try_with(|memo| {
                let slots = memo.slots.try_borrow().ok()?;
                let at = slot(salt, probe.mix());
                let entry = slots.entries[at].as_ref()?;
                let long = slots.keys[at].as_deref()?;
                let hit = entry.tag == tag
                    && entry.lens == probe.lens
                    && key_eq(long.as_bytes(), probe.values.as_ref());
                hit.then(|| f(&entry.cells))
            })
            .ok()
            .flatten()
    }

    /// Remembers `held`, looked up as `probe` under `tag`, in the store
    /// with `salt`. Skipped, harmlessly, during a nested lookup, and once
    /// the thread's guard has emptied the memo.
    // Inlined into the lookup in an optimized build; in an unoptimized
    // one, shared (see `instances`).
    #[cfg_attr(not(debug_assertions), inline)]
    pub(crate) fn remember<'b, C, V: Values<'b>>(
        key: MemoKey<C>,
        salt: u64,
        tag: u64,
        probe: &Probe<V>,
        held: &Held<C>,
    ) {
        // Registers the guard on the thread's first remembered lookup; if
        // that is no longer possible (the thread is exiting), remember
        // nothing, so nothing stays allocated.
        if key.guard.try_with(|_| ()).is_err() {
            return;
        }
        let _ = key.memo.try_with(|memo| {
            if memo.closed.get() {
                return;
            }
            if let Ok(mut slots) = memo.slots.try_borrow_mut() {
                let at = slot(salt, probe.mix());
                slots.entries[at] = Some(Entry {
                    tag,
                    lens: probe.lens,
                    words: probe.words,
                    cells: Arc::clone(&held.cells),
                });
                slots.keys[at] = (!probe.exact).then(|| Arc::clone(&held.key));
            }
        });
    }
}

/// A handle on one series of a metric with free-form labels: record through
/// it repeatedly without looking the labels up again. Dereferences to the
/// series' cell.
///
/// From `with(..)` on a metric with free-form labels:
///
/// ```
/// use metrics_runtime::{metrics_family, Counter};
///
/// #[metrics_family]
/// struct Peers {
///     /// Messages received per peer
///     #[metric(labels(peer: String))]
///     messages: Counter,
/// }
///
/// let m = Peers::new();
/// let alice = m.messages.with("alice"); // one lookup, kept
/// alice.inc();
/// alice.inc_by(2);
/// assert_eq!(alice.get(), 3);
/// assert_eq!(m.messages.get("alice"), 3);
/// ```
#[derive(Debug)]
pub struct Handle<C> {
    cells: Cells<C>,
    index: usize,
}

impl<C> Clone for Handle<C> {
    fn clone(&self) -> Self {
        Self {
            cells: Arc::clone(&self.cells),
            index: self.index,
        }
    }
}

impl<C> Deref for Handle<C> {
    type Target = C;
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn deref(&self) -> &C {
        &self.cells[self.index]
    }
}

/// A handle on the series of one free-form value tuple, one per combination
/// of the metric's enum labels `E`: record into any of them without looking
/// the free-form values up again (`with(..)` and the recording methods take
/// the enum labels, in declaration order).
///
/// From `with_free(..)` on a metric with free-form labels. Past the bound,
/// it is the overflow tuple's, and it counted as one folded lookup.
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
///     #[metric(labels(queue: String, outcome: Outcome))]
///     runs: Counter,
/// }
///
/// let m = Jobs::new();
/// let emails = m.runs.with_free("emails"); // the free-form value, looked up once
/// emails.inc(Outcome::Ok);
/// emails.inc(Outcome::Failed);
/// emails.inc(Outcome::Ok);
/// assert_eq!(m.runs.get("emails", Outcome::Ok), 2);
/// assert_eq!(emails.get(Outcome::Failed), 1);
/// ```
#[derive(Debug)]
pub struct FreeHandle<E, C> {
    cells: Cells<C>,
    _enums: PhantomData<fn() -> E>,
}

impl<E, C> Clone for FreeHandle<E, C> {
    fn clone(&self) -> Self {
        Self {
            cells: Arc::clone(&self.cells),
            _enums: PhantomData,
        }
    }
}

impl<E: FixedLabels, C> FreeHandle<E, C> {
    /// The cell of one enum combination.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn cell(&self, enums: E) -> &C {
        &self.cells[enums.index()]
    }
}

/// The multiplier of the folded multiplies.
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// Mixed into a short value's second word, so a value with a zero tail does
/// not zero the product.
const SHORT: u64 = 0x1319_8a2e_0370_7344;

/// Mixed into the two values' hashes of a pair.
const PAIR: [u64; 2] = [0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];

/// A 64×64→128-bit multiply whose halves are folded together (the
/// construction of foldhash).
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The first and last eight bytes of `bytes` as two words (overlapping when
/// the length is under 16; for under 8 bytes, what fits of them in the
/// first word and 0). With the length, this is the value itself for up to
/// 16 bytes.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn head_tail(bytes: &[u8]) -> [u64; 2] {
    let len = bytes.len();
    if len >= 8 {
        [word(bytes, 0), word(bytes, len - 8)]
    } else if len >= 4 {
        let lo = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let hi = u32::from_le_bytes([
            bytes[len - 4],
            bytes[len - 3],
            bytes[len - 2],
            bytes[len - 1],
        ]);
        [u64::from(lo) | (u64::from(hi) << 32), 0]
    } else if len > 0 {
        let w = u64::from(bytes[0])
            | (u64::from(bytes[len / 2]) << 8)
            | (u64::from(bytes[len - 1]) << 16);
        [w, 0]
    } else {
        [0, 0]
    }
}

/// The hash of a value of up to 16 bytes, from its length and
/// [`head_tail`]: one folded multiply.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn short_hash(len: usize, [head, tail]: [u64; 2]) -> u64 {
    folded_multiply(head ^ SEED ^ (len as u64), tail ^ SHORT)
}

/// The hash of a longer value: its length, then each eight bytes but the
/// last by a folded multiply, then the last eight.
#[inline]
fn long_hash(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut h = SEED ^ (len as u64);
    let mut at = 0;
    while at + 8 < len {
        h = folded_multiply(h ^ word(bytes, at), MULTIPLIER);
        at += 8;
    }
    folded_multiply(h ^ word(bytes, len - 8), MULTIPLIER)
}

/// `a == b`, a word at a time and inlined, where `==` on slices calls
/// `bcmp`: label values are short.
#[cfg_attr(not(debug_assertions), inline(always))]
#[cfg_attr(debug_assertions, inline)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

// Another kind's recording methods on a free-form handle, hidden, whose
// bounds say which kind has them (see `wrong_kind`).

/// The code of the stores that does not record, compiled here for every
/// built-in cell type.
///
/// Those functions are generic over the cell alone, so a user's crate, built
/// unoptimized (where rustc shares generic code between crates: its dev
/// profile), links to these copies instead of compiling its own, once per
/// cell type and set of labels, for every metric type it declares. A copy is
/// only shared if this crate compiled it, which is what the table below is
/// for: its fn pointers are instances of each (rustc compiles every static,
/// read or not, and what it points to). Nothing reads it, so in a final
/// binary the linker drops it and whatever else is unused, and an optimized
/// build, which shares nothing, drops it before. (`#[used]` would keep the
/// table, and every cell type's stores with it, in every binary.) The
/// `drop`s are there for the stores' drop glue, which is shared likewise.
mod instances {
    use std::fmt;

    use prometheus_client::encoding::MetricEncoder;

    use hashbrown::hash_table::HashTable;

    use super::{
        fixed_cells, fixed_encode, fixed_prerender, fixed_write, new_cells, Bounds, CachePadded,
        Cells, EnumValues, Held, MixedCore, Probe, Shape, Values,
    };
    use crate::cell::{Cell, CounterCell, FloatGaugeCell, GaugeCell, HistogramCell};
    use crate::label::ConstLabels;
    use crate::native::NativeHistogramCell;
    use crate::write::{Prerendered, SeriesOut};

    /// One cell type's instances: a fixed store's, a mixed store's, and the
    /// table's for one and for two free-form values.
    type Fns<C> = (
        FixedFns<C>,
        MixedFns<C>,
        TableFns<C, [&'static str; 1]>,
        TableFns<C, [&'static str; 2]>,
    );

    type FixedFns<C> = (
        fn(usize, <C as Cell>::Config) -> Box<[CachePadded<C>]>,
        fn(
            &[CachePadded<C>],
            EnumValues,
            &[&'static str],
            &ConstLabels,
            &mut MetricEncoder<'_>,
        ) -> fmt::Result,
        fn(
            &[CachePadded<C>],
            EnumValues,
            &[&'static str],
            &ConstLabels,
            &Prerendered,
            &mut SeriesOut<'_>,
        ) -> bool,
        fn(&[CachePadded<C>], EnumValues, &[&'static str], &ConstLabels, &Prerendered),
        fn(Box<[CachePadded<C>]>),
    );

    type MixedFns<C> = (
        fn(usize, <C as Cell>::Config) -> Cells<C>,
        fn(<C as Cell>::Config, Bounds, usize) -> MixedCore<C>,
        fn(
            &MixedCore<C>,
            &Shape,
            &[&'static str],
            &ConstLabels,
            &mut MetricEncoder<'_>,
        ) -> fmt::Result,
        fn(
            &MixedCore<C>,
            &Shape,
            &[&'static str],
            &ConstLabels,
            &Prerendered,
            &mut SeriesOut<'_>,
        ) -> bool,
        fn(&MixedCore<C>, &Prerendered),
        fn(MixedCore<C>),
    );

    type TableFns<C, V> = (
        for<'t> fn(&'t HashTable<Held<C>>, &Probe<V>) -> Option<&'t Held<C>>,
        for<'t> fn(
            &MixedCore<C>,
            &'t mut HashTable<Held<C>>,
            &Probe<V>,
            usize,
        ) -> Option<&'t Held<C>>,
        fn(&MixedCore<C>, u64, &Probe<V>, &Held<C>),
        fn(&MixedCore<C>, V) -> bool,
    );

    const fn fns<C: Cell>() -> Fns<C> {
        (
            (
                fixed_cells::<C>,
                fixed_encode::<C>,
                fixed_write::<C>,
                fixed_prerender::<C>,
                drop::<Box<[CachePadded<C>]>>,
            ),
            (
                new_cells::<C>,
                MixedCore::<C>::new,
                MixedCore::<C>::encode,
                MixedCore::<C>::write,
                MixedCore::<C>::prerender,
                drop::<MixedCore<C>>,
            ),
            table_fns(),
            table_fns(),
        )
    }

    const fn table_fns<C: Cell, V: Values<'static>>() -> TableFns<C, V> {
        (
            MixedCore::<C>::find::<V>,
            MixedCore::<C>::insert::<V>,
            MixedCore::<C>::remember::<V>,
            MixedCore::<C>::remove::<V>,
        )
    }

    /// Every built-in cell type's instances.
    type BuiltIn = (
        Fns<CounterCell>,
        Fns<GaugeCell>,
        Fns<FloatGaugeCell>,
        Fns<HistogramCell>,
        Fns<NativeHistogramCell>,
    );

    #[allow(dead_code)] // Never read: see above.
    static BUILT_IN: BuiltIn = (fns(), fns(), fns(), fns(), fns());
}

#[cfg(test)]
mod lookup_tests {
    use super::*;
    use crate::cell::CounterCell;

    fn table_hash(value: &str) -> u64 {
        Probe::new([value]).hash
    }

    #[test]
    fn label_values_spread_over_shards_and_hash_apart() {
        let mut per_shard = [0usize; SHARDS];
        let mut hashes = std::collections::HashSet::new();
        for i in 0..16_000 {
            let value = format!("ctx-{i:08x}");
            per_shard[shard_index(table_hash(&value))] += 1;
            assert!(hashes.insert(table_hash(&value)), "{value}");
        }
        // 1000 expected per shard; a bad mix leaves some nearly empty.
        for (shard, n) in per_shard.iter().enumerate() {
            assert!((800..1200).contains(n), "shard {shard} holds {n}");
        }
        // Every length up to three words, prefixes included, hashes apart.
        let long = "abcdefghijklmnopqrstuvwxyz";
        let prefixes: std::collections::HashSet<u64> =
            (0..=long.len()).map(|n| table_hash(&long[..n])).collect();
        assert_eq!(prefixes.len(), long.len() + 1);
        // Pairs split differently hash and compare apart.
        let a = Probe::new(["a", "bc"]);
        let b = Probe::new(["ab", "c"]);
        assert_ne!(a.hash, b.hash);
        assert_ne!(a.lens, b.lens);
    }

    #[test]
    fn head_tail_and_length_are_the_value_up_to_16_bytes() {
        let base: Vec<u8> = (b'a'..=b'p').collect();
        for len in 0..=16 {
            let value = &base[..len];
            let probe = head_tail(value);
            for at in 0..len {
                let mut other = value.to_vec();
                other[at] ^= 0x20;
                assert_ne!(head_tail(&other), probe, "length {len}, byte {at}");
            }
        }
        // The memo trusts the words alone for one value of up to 32 bytes,
        // or two of up to 16.
        assert!(Probe::new(["0123456789abcdef"]).exact);
        assert!(Probe::new(["0123456789abcdef0123456789abcdef"]).exact);
        assert!(!Probe::new(["0123456789abcdef0123456789abcdefg"]).exact);
        assert!(Probe::new(["a", "0123456789abcdef"]).exact);
        assert!(!Probe::new(["a", "0123456789abcdefg"]).exact);
    }

    #[test]
    fn words_and_length_are_the_value_up_to_32_bytes() {
        let base: Vec<u8> = (0..32u8).map(|i| b'a' + i % 26).collect();
        for len in 17..=32 {
            let value = &base[..len];
            let probe = words(value);
            for at in 0..len {
                let mut other = value.to_vec();
                other[at] ^= 0x20;
                assert_ne!(words(&other), probe, "length {len}, byte {at}");
            }
        }
    }

    #[test]
    fn memo_slots_spread() {
        let salt = 0x1234_5678_9abc_def0;
        let mut per_slot = [0usize; 64];
        for i in 0..6400 {
            let value = format!("ctx-{i}");
            per_slot[recent_slot(salt, &value)] += 1;
        }
        for (slot, n) in per_slot.iter().enumerate() {
            assert!((50..150).contains(n), "slot {slot} holds {n}");
        }
    }

    fn recent_slot(salt: u64, value: &str) -> usize {
        let mix = Probe::new([value]).mix();
        ((mix ^ salt).wrapping_mul(MULTIPLIER) >> 58) as usize
    }

    #[test]
    fn keys_split_back_into_their_values() {
        let probe = Probe::new(["ab", "c"]);
        assert_eq!(split_key("abc", probe.lens, 2), ["ab", "c"]);
        assert_eq!(split_key("abc", 3, 1), ["abc", ""]);
        assert!(key_eq(b"abc", &["ab", "c"]));
        assert!(key_eq(b"abc", &["abc"]));
        assert!(!key_eq(b"abc", &["ab"]));
        assert!(!key_eq(b"abc", &["abcd"]));
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        let values = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "ctx-7f3a9c2e",
            "ctx-7f3a9c2f",
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    same_bytes(a.as_bytes(), b.as_bytes()),
                    a == b,
                    "{a:?} {b:?}"
                );
            }
        }
        let long = "0123456789abcdef0123456789abcdefX";
        for at in 0..long.len() {
            let mut other = long.as_bytes().to_vec();
            other[at] ^= 1;
            assert!(!same_bytes(long.as_bytes(), &other), "differs at {at}");
        }
    }

    fn counter_store(max_series: usize) -> FreeStore<CounterCell> {
        <FreeStore<CounterCell> as Store<_>>::new((), Bounds::new(max_series))
    }

    fn count(store: &FreeStore<CounterCell>, value: &str) -> u64 {
        store.existing(value).map_or(0, |c| c.get())
    }

    #[test]
    fn memoised_lookups_keep_stores_apart() {
        let a = counter_store(10);
        let b = counter_store(10);
        for _ in 0..3 {
            a.with_cell("ctx", (), |c| c.inc());
        }
        b.with_cell("ctx", (), |c| c.inc());
        a.with_cell("ctx", (), |c| c.inc());
        assert_eq!((count(&a, "ctx"), count(&b, "ctx")), (4, 1));
        // A store dropped and another made in its place shares nothing.
        drop(b);
        let c = counter_store(10);
        c.with_cell("ctx", (), |c| c.inc());
        assert_eq!(count(&c, "ctx"), 1);
    }

    #[test]
    fn memoised_lookups_miss_after_a_removal() {
        let store = counter_store(10);
        store.with_cell("ctx", (), |c| c.inc());
        store.with_cell("ctx", (), |c| c.inc());
        let old = store.existing("ctx").expect("held");
        assert!(store.remove("ctx"));
        // Same thread, right after: a new series at zero, not the removed one.
        store.with_cell("ctx", (), |c| c.inc());
        assert_eq!(count(&store, "ctx"), 1);
        assert_eq!(old.get(), 2);
        // Removing another value also invalidates, and costs only a lookup.
        store.with_cell("other", (), |c| c.inc());
        assert!(store.remove("other"));
        store.with_cell("ctx", (), |c| c.inc());
        assert_eq!(count(&store, "ctx"), 2);
    }

    #[test]
    fn memo_collisions_and_overflow_stay_exact() {
        let store = counter_store(150);
        // 200 values over 64 memo slots: collisions evict, and the 50 values
        // past the bound fold into the overflow series on every lookup.
        for round in 1..=3u64 {
            for i in 0..200 {
                store.with_cell(&format!("v{i}"), (), |c| c.inc());
            }
            let held: u64 = (0..200).map(|i| count(&store, &format!("v{i}"))).sum();
            assert_eq!(held, 150 * round);
            assert_eq!(store.overflow().get(), 50 * round);
            assert_eq!(store.overflowed(), 50 * round);
        }
    }

    #[test]
    fn long_values_are_memoised_and_compared_whole_out_of_line() {
        let store = counter_store(10);
        // Past 32 bytes: compared against the key, out of line.
        let a = "a-value-longer-than-thirty-two-bytes-0";
        let b = "a-value-longer-than-thirty-two-bytes-1";
        for _ in 0..3 {
            store.with_cell(a, (), |c| c.inc());
            store.with_cell(b, (), |c| c.inc());
        }
        assert_eq!((count(&store, a), count(&store, b)), (3, 3));
        // Same length, same first and last 16 bytes: the words match, the
        // key tells them apart.
        let c = "0123456789abcdef-X-0123456789abcdef";
        let d = "0123456789abcdef-Y-0123456789abcdef";
        assert_eq!(words(c.as_bytes()), words(d.as_bytes()));
        for _ in 0..3 {
            store.with_cell(c, (), |cell| cell.inc());
        }
        store.with_cell(d, (), |cell| cell.inc());
        assert_eq!((count(&store, c), count(&store, d)), (3, 1));
    }

    #[test]
    fn an_exited_thread_leaves_nothing_memoised() {
        let store = Arc::new(counter_store(10));
        let recorder = Arc::clone(&store);
        std::thread::spawn(move || {
            for _ in 0..3 {
                recorder.with_cell("ctx", (), |c| c.inc());
            }
        })
        .join()
        .unwrap();
        let handle = store.existing("ctx").expect("held");
        // The table's reference and this handle's: none from the exited
        // thread's memo.
        assert_eq!(Arc::strong_count(&handle.cells), 2);
        // This thread's memo holds one while it remembers the lookup.
        store.with_cell("ctx", (), |c| c.inc());
        assert_eq!(Arc::strong_count(&handle.cells), 3);
        assert_eq!(handle.get(), 4);
    }
}
