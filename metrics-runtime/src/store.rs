//! Where a metric's series live: a fixed array for enum labels, a bounded
//! map for free-form labels.
//!
//! See [`FixedStore`] and [`FreeStore`].

use std::collections::HashMap;
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

use prometheus_client::encoding::{EncodeLabel, EncodeLabelSet, LabelSetEncoder, MetricEncoder};

use crate::cell::Cell;
use crate::label::FixedLabels;
use crate::sync::{AtomicU64, AtomicUsize, Ordering, RwLock, RwLockReadGuard};

/// The series of one metric, whatever its labels.
pub trait Store<C: Cell>: Send + Sync + 'static {
    /// A store holding no recorded value. `max_series` bounds free-form stores.
    fn new(config: C::Config, max_series: usize) -> Self;
    /// Writes every series, labelled with `names`.
    fn encode(&self, names: &[&'static str], encoder: &mut MetricEncoder) -> std::fmt::Result;
    /// How many lookups were folded into an overflow series: always 0 for a
    /// store that cannot overflow.
    fn overflowed(&self) -> u64 {
        0
    }
}

/// Aligns a value to its own cache line so neighbouring series written by
/// different threads do not contend (128 bytes covers adjacent-line
/// prefetching on x86_64).
#[derive(Debug, Default)]
#[repr(align(128))]
pub struct CachePadded<T>(pub T);

impl<T> Deref for CachePadded<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.0
    }
}

/// One cell per label combination, at the combination's mixed-radix index.
///
/// Every series exists from construction, so it is exported at zero before
/// anything is recorded; recording is an index computation and an atomic
/// operation, with no hashing, lock or allocation.
#[derive(Debug)]
pub struct FixedStore<L, C> {
    cells: Box<[CachePadded<C>]>,
    _labels: PhantomData<fn() -> L>,
}

impl<L: FixedLabels, C: Cell> FixedStore<L, C> {
    /// The cell of one label combination.
    #[inline(always)]
    pub fn cell(&self, labels: L) -> &C {
        &self.cells[labels.index()]
    }
}

impl<L: FixedLabels, C: Cell> Store<C> for FixedStore<L, C> {
    fn new(config: C::Config, _max_series: usize) -> Self {
        Self {
            cells: (0..L::CARDINALITY)
                .map(|_| CachePadded(C::new(config)))
                .collect(),
            _labels: PhantomData,
        }
    }

    fn encode(&self, names: &[&'static str], encoder: &mut MetricEncoder) -> std::fmt::Result {
        if names.is_empty() {
            return self.cells[0].encode(encoder);
        }
        for (index, cell) in self.cells.iter().enumerate() {
            let labels = FixedLabelsAt::<L> {
                names,
                index,
                _labels: PhantomData,
            };
            cell.encode(&mut encoder.encode_family(&labels)?)?;
        }
        Ok(())
    }
}

struct FixedLabelsAt<'a, L> {
    names: &'a [&'static str],
    index: usize,
    _labels: PhantomData<fn() -> L>,
}

impl<L: FixedLabels> EncodeLabelSet for FixedLabelsAt<'_, L> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> std::fmt::Result {
        for (position, name) in self.names.iter().enumerate() {
            let value = L::value_at(self.index, position);
            EncodeLabel::encode(&(*name, value), encoder.encode_label())?;
        }
        Ok(())
    }
}

/// The label value that recordings past a free-form metric's series bound
/// are folded into.
///
/// The value is reserved: recording with it as the label value (say, a
/// context id that happens to be `__overflow__`) goes to the overflow series
/// and is counted as folded, so a caller can never create a second series
/// with this label value.
pub const OVERFLOW_LABEL_VALUE: &str = "__overflow__";

const SHARDS: usize = 16;

type Shard<C> = RwLock<HashMap<Arc<str>, Arc<C>>>;

/// Series keyed by one free-form string, bounded in number.
///
/// Lookups take a read lock on one of 16 shards chosen by the value's hash,
/// so writers of distinct values rarely meet; a new value takes that shard's
/// write lock once. Once `max_series` values are held, recordings for new
/// values go to one series labelled [`OVERFLOW_LABEL_VALUE`] and are counted
/// (see [`FreeStore::overflowed`]), so memory stays bounded and nothing
/// recorded is lost.
#[derive(Debug)]
pub struct FreeStore<C: Cell> {
    shards: Box<[Shard<C>]>,
    config: C::Config,
    max_series: usize,
    len: AtomicUsize,
    overflow: Arc<C>,
    overflowed: AtomicU64,
}

impl<C: Cell> FreeStore<C> {
    /// The cell for `value`, created if the bound allows, else the overflow
    /// cell.
    pub fn cell(&self, value: &str) -> Handle<C> {
        let shard = &self.shards[shard_of(value)];
        if let Some(cell) = read(shard).get(value) {
            return Handle(Arc::clone(cell));
        }
        // Full, or the reserved value: fold without taking the write lock.
        if value == OVERFLOW_LABEL_VALUE || self.len.load(Ordering::Acquire) >= self.max_series {
            return self.fold();
        }
        let mut map = shard.write().unwrap_or_else(|e| e.into_inner());
        if let Some(cell) = map.get(value) {
            return Handle(Arc::clone(cell));
        }
        // Reserve a slot first so concurrent inserts in other shards cannot
        // together exceed the bound.
        let reserved = self
            .len
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max_series).then_some(n + 1)
            });
        if reserved.is_err() {
            return self.fold();
        }
        let cell = Arc::new(C::new(self.config));
        map.insert(Arc::from(value), Arc::clone(&cell));
        Handle(cell)
    }

    /// The overflow series, counting the lookup that lands there.
    #[cold]
    fn fold(&self) -> Handle<C> {
        self.overflowed.fetch_add(1, Ordering::Relaxed);
        Handle(Arc::clone(&self.overflow))
    }

    /// The overflow series' cell: what every folded recording went to.
    pub fn overflow(&self) -> &C {
        &self.overflow
    }

    /// The cell for `value` if it is held; never creates one.
    pub fn existing(&self, value: &str) -> Option<Handle<C>> {
        read(&self.shards[shard_of(value)])
            .get(value)
            .map(|c| Handle(Arc::clone(c)))
    }

    /// Removes the series for `value`; returns whether it was held. The slot
    /// it took under the bound is free again at once, and recording `value`
    /// again starts a new series at zero. Handles still held keep working but
    /// record into the removed series, which is no longer exported. The
    /// overflow series is never removed.
    pub fn remove(&self, value: &str) -> bool {
        let removed = self.shards[shard_of(value)]
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(value)
            .is_some();
        if removed {
            self.len.fetch_sub(1, Ordering::AcqRel);
        }
        removed
    }

    /// The number of series held (not counting the overflow series).
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// Whether no series is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many lookups were folded into the overflow series: each one a
    /// lookup of a value not held while `max_series` values were held, or of
    /// [`OVERFLOW_LABEL_VALUE`] itself. Every recording method taking the
    /// label value makes one lookup; a [`Handle`] is one lookup however many
    /// recordings go through it.
    pub fn overflowed(&self) -> u64 {
        self.overflowed.load(Ordering::Relaxed)
    }

    /// The bound on the number of series.
    pub fn max_series(&self) -> usize {
        self.max_series
    }
}

fn read<C>(shard: &Shard<C>) -> RwLockReadGuard<'_, HashMap<Arc<str>, Arc<C>>> {
    shard.read().unwrap_or_else(|e| e.into_inner())
}

fn shard_of(value: &str) -> usize {
    // FNV-1a: cheap, and only spreads values over shards; the maps hash again.
    let mut h: u32 = 0x811c_9dc5;
    for b in value.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h as usize % SHARDS
}

impl<C: Cell> Store<C> for FreeStore<C> {
    fn new(config: C::Config, max_series: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            config,
            max_series,
            len: AtomicUsize::new(0),
            overflow: Arc::new(C::new(config)),
            overflowed: AtomicU64::new(0),
        }
    }

    fn encode(&self, names: &[&'static str], encoder: &mut MetricEncoder) -> std::fmt::Result {
        // Sorted by value, so the exposition is deterministic.
        let mut series: Vec<(Arc<str>, Arc<C>)> = Vec::with_capacity(self.len());
        for shard in self.shards.iter() {
            series.extend(
                read(shard)
                    .iter()
                    .map(|(k, v)| (Arc::clone(k), Arc::clone(v))),
            );
        }
        series.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let name = names[0];
        for (value, cell) in &series {
            cell.encode(&mut encoder.encode_family(&[(name, &**value)])?)?;
        }
        if self.overflowed() > 0 {
            self.overflow
                .encode(&mut encoder.encode_family(&[(name, OVERFLOW_LABEL_VALUE)])?)?;
        }
        Ok(())
    }

    fn overflowed(&self) -> u64 {
        FreeStore::overflowed(self)
    }
}

/// A cached reference to one free-form series: record through it repeatedly
/// without looking the value up again.
#[derive(Debug)]
pub struct Handle<C>(Arc<C>);

impl<C> Clone for Handle<C> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<C> Deref for Handle<C> {
    type Target = C;
    #[inline(always)]
    fn deref(&self) -> &C {
        &self.0
    }
}
