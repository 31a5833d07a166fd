//! Where a metric's series live: a fixed array for enum labels, a bounded
//! map for free-form labels.
//!
//! See [`FixedStore`] and [`FreeStore`].

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

use prometheus_client::encoding::{EncodeLabelSet, LabelSetEncoder, MetricEncoder};

use crate::cell::Cell;
use crate::label::{ConstLabels, FixedLabels};
use crate::sync::{AtomicU64, AtomicUsize, Ordering, RwLock, RwLockReadGuard};

/// The series of one metric, whatever its labels.
pub trait Store<C: Cell>: Send + Sync + 'static {
    /// A store holding no recorded value. `max_series` bounds free-form stores.
    fn new(config: C::Config, max_series: usize) -> Self;
    /// Writes every series, labelled with `consts` (the instance's constant
    /// labels, first) and then `names` with the series' values.
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

    fn encode(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        encoder: &mut MetricEncoder,
    ) -> std::fmt::Result {
        if names.is_empty() {
            if consts.is_empty() {
                return self.cells[0].encode(encoder);
            }
            return self.cells[0].encode(&mut encoder.encode_family(consts)?);
        }
        for (index, cell) in self.cells.iter().enumerate() {
            let labels = FixedLabelsAt::<L> {
                consts,
                names,
                index,
                _labels: PhantomData,
            };
            cell.encode(&mut encoder.encode_family(&labels)?)?;
        }
        Ok(())
    }

    fn write(
        &self,
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
        let series = if names.is_empty() {
            1
        } else {
            self.cells.len()
        };
        let labels = pre.labels(|| {
            (0..series)
                .map(|index| {
                    crate::write::render_fixed(consts, names, |position| {
                        L::value_at(index, position)
                    })
                })
                .collect()
        });
        let les = pre.les(out.format, self.cells[0].write_bounds());
        for (cell, labels) in self.cells.iter().zip(labels) {
            cell.write(out, labels, les);
        }
        true
    }
}

struct FixedLabelsAt<'a, L> {
    consts: &'a ConstLabels,
    names: &'a [&'static str],
    index: usize,
    _labels: PhantomData<fn() -> L>,
}

impl<L: FixedLabels> EncodeLabelSet for FixedLabelsAt<'_, L> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> std::fmt::Result {
        self.consts.encode(encoder)?;
        // What `#[derive(EncodeLabelSet)]` writes for a struct of enum
        // labels, spelled out: the generic `(K, V)` label impl went through
        // two more calls per label that did not inline (seen in a profile of
        // the `encode` bench).
        for (position, name) in self.names.iter().enumerate() {
            let value = L::value_at(self.index, position);
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

/// The label value that recordings past a free-form metric's series bound
/// are folded into.
///
/// The value is reserved: recording with it as the label value (say, a
/// context id that happens to be `__overflow__`) goes to the overflow series
/// and is counted as folded, so a caller can never create a second series
/// with this label value.
pub const OVERFLOW_LABEL_VALUE: &str = "__overflow__";

const SHARDS: usize = 16;

/// One shard's series. Padded so that readers of neighbouring shards, whose
/// read locks write the lock word, do not share a cache line.
type Shard<C> = CachePadded<RwLock<Map<C>>>;

type Map<C> = HashMap<Arc<str>, Arc<C>, BuildSeriesHasher>;

/// Series keyed by one free-form string, bounded in number.
///
/// Lookups take a read lock on one of 16 shards chosen by the value's hash,
/// so writers of distinct values rarely meet; a new value takes that shard's
/// write lock once. Once `max_series` values are held, recordings for new
/// values go to one series labelled [`OVERFLOW_LABEL_VALUE`] and are counted
/// (see [`FreeStore::overflowed`]), so memory stays bounded and nothing
/// recorded is lost: a counter's or histogram's folded recordings add up in
/// the overflow series. A gauge's do not mean much there (folded `set`s
/// overwrite each other), but they are counted all the same.
#[derive(Debug)]
pub struct FreeStore<C: Cell> {
    shards: Box<[Shard<C>]>,
    config: C::Config,
    max_series: usize,
    len: AtomicUsize,
    overflow: Arc<C>,
    /// Bumped on every folded recording (a cardinality attack's hot path):
    /// on a line of its own, apart from the fields every memo hit reads.
    overflowed: CachePadded<AtomicU64>,
    /// Tells this store's entries apart in the per-thread memo (unused
    /// under loom, which has no memo).
    #[cfg_attr(loom, allow(dead_code))]
    id: u64,
    /// Bumped by every removal, so memoised lookups made before it miss.
    generation: AtomicU64,
    /// Bumped by every insert and removal, under the shard's write lock: a
    /// scrape that sees it unchanged since the last reuses that scrape's
    /// sorted list of series instead of collecting and sorting them again.
    changes: AtomicU64,
}

impl<C: Cell> FreeStore<C> {
    /// The cell for `value`, created if the bound allows, else the overflow
    /// cell.
    pub fn cell(&self, value: &str) -> Handle<C> {
        let shard = &self.shards[shard_of(value)];
        if let Some(cell) = read(shard).get(value) {
            return Handle(Arc::clone(cell));
        }
        // The reserved value: fold without taking the write lock.
        if value == OVERFLOW_LABEL_VALUE {
            return self.fold();
        }
        // Full: fold without taking the write lock, unless another thread
        // inserted this very value since the lookup above (that insert may
        // be what filled the bound); a held value is never folded.
        if self.len.load(Ordering::Acquire) >= self.max_series {
            return match read(shard).get(value) {
                Some(cell) => Handle(Arc::clone(cell)),
                None => self.fold(),
            };
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
        self.changes.fetch_add(1, Ordering::Release);
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

    /// Runs `f` on the cell for `value`, created or folded as
    /// [`cell`](Self::cell) does. What one-off recordings use.
    ///
    /// Each thread memoises its recent lookups (64 slots, direct-mapped by
    /// the value's hash): a value this thread looked up before, in this
    /// store, with no removal since, is found with no lock and no write to
    /// shared memory but the recording itself. Otherwise the value is looked
    /// up under its shard's read lock, `f` runs there, and the thread
    /// remembers it. Neither path touches the series' reference count (a
    /// [`Handle`] costs two atomic read-modify-writes on it, shared by every
    /// thread recording into the series).
    ///
    /// A memoised entry holds its key and cell: up to 64 series per thread
    /// stay allocated after removal until their slots are reused.
    ///
    /// Crate-private: `f` may run under a shard's read lock, so it must not
    /// use this store; the recording methods' closures do not.
    #[inline]
    pub(crate) fn with_cell<R>(&self, value: &str, f: impl FnOnce(&C) -> R) -> R {
        let hash = value_hash(value);
        // Read before the map, so an entry found in the map and remembered
        // can never be newer than the generation it is remembered with.
        let generation = self.generation.load(Ordering::Acquire);
        #[cfg(not(loom))]
        let f = match C::memo() {
            Some(memo) => {
                let mut f = Some(f);
                let hit = memo
                    .try_with(|memo| {
                        let g = f.take().expect("taken once");
                        match recent::find(memo, self.id, generation, hash, value, g) {
                            Ok(result) => Some(result),
                            Err(g) => {
                                f = Some(g);
                                None
                            }
                        }
                    })
                    .ok()
                    .flatten();
                match (hit, f) {
                    (Some(result), _) => return result,
                    (None, Some(f)) => f,
                    (None, None) => unreachable!("`f` is given back on a miss"),
                }
            }
            None => f,
        };
        {
            let map = read(&self.shards[shard_index(hash)]);
            if let Some((key, cell)) = map.get_key_value(value) {
                #[cfg(not(loom))]
                if let Some(memo) = C::memo() {
                    let _ = memo.try_with(|memo| {
                        recent::remember(memo, self.id, generation, hash, key, cell);
                    });
                }
                #[cfg(loom)]
                let _ = (key, generation);
                return f(cell);
            }
        }
        f(&self.cell(value))
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
    /// overflow series is never removed. A scrape sees the removal wholly or
    /// not at all (it lists the series of all shards under their read locks
    /// at once).
    pub fn remove(&self, value: &str) -> bool {
        let mut map = self.shards[shard_of(value)]
            .write()
            .unwrap_or_else(|e| e.into_inner());
        let removed = map.remove(value).is_some();
        if removed {
            // Under the write guard, so the slot is free by the time anyone
            // can see the value gone.
            self.len.fetch_sub(1, Ordering::AcqRel);
            // After the removal: lookups memoised before it now miss.
            self.generation.fetch_add(1, Ordering::AcqRel);
            self.changes.fetch_add(1, Ordering::Release);
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

fn read<C>(shard: &Shard<C>) -> RwLockReadGuard<'_, Map<C>> {
    shard.read().unwrap_or_else(|e| e.into_inner())
}

#[inline]
fn shard_of(value: &str) -> usize {
    shard_index(value_hash(value))
}

#[inline(always)]
fn shard_index(hash: u64) -> usize {
    // Bits the shard maps do not use: hashbrown takes the low bits for the
    // bucket and the top seven for its tags, so the values of one shard
    // still spread over their map. (The per-thread memo uses the low bits.)
    (hash >> 40) as usize % SHARDS
}

/// Each thread's memo of its recent free-form lookups: see
/// [`FreeStore::with_cell`]. One per cell type ([`Cell::memo`]), so a hit
/// needs no dynamic type check. Not used under loom, whose model threads
/// share the process's thread-locals.
#[cfg_attr(loom, allow(dead_code))]
pub(crate) mod recent {
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    const SLOTS: usize = 64;

    struct Entry<C> {
        store: u64,
        generation: u64,
        hash: u64,
        key: Arc<str>,
        cell: Arc<C>,
    }

    /// One thread's recent lookups of one cell type: 64 slots,
    /// direct-mapped by the value's hash. Each holds the key and cell it
    /// remembers, so up to 64 series per cell type and thread stay
    /// allocated after removal until their slots are reused.
    pub struct Memo<C>(RefCell<[Option<Entry<C>>; SLOTS]>);

    impl<C> Memo<C> {
        /// An empty memo, for a `thread_local!` with a const initialiser.
        pub const fn new() -> Self {
            Self(RefCell::new([const { None }; SLOTS]))
        }
    }

    /// A new store's id; never reused, so a dropped store's memoised
    /// entries can never match another store.
    pub(crate) fn next_store_id() -> u64 {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }

    /// Runs `f` on the memoised cell for `value` in store `store` at
    /// `generation`, or hands `f` back.
    #[inline]
    pub(crate) fn find<C, R, F: FnOnce(&C) -> R>(
        memo: &Memo<C>,
        store: u64,
        generation: u64,
        hash: u64,
        value: &str,
        f: F,
    ) -> Result<R, F> {
        let Ok(recent) = memo.0.try_borrow() else {
            return Err(f);
        };
        match &recent[slot(store, hash)] {
            Some(entry)
                if entry.store == store
                    && entry.generation == generation
                    && entry.hash == hash
                    && super::same_bytes(entry.key.as_bytes(), value.as_bytes()) =>
            {
                Ok(f(&entry.cell))
            }
            _ => Err(f),
        }
    }

    /// The slot of `hash` in `store`: the store's id is mixed in, so metrics
    /// recorded for one value in turn (several metrics of one `context_id`)
    /// do not evict each other.
    #[inline(always)]
    fn slot(store: u64, hash: u64) -> usize {
        (hash ^ store.wrapping_mul(0x9e37_79b9_7f4a_7c15)) as usize % SLOTS
    }

    /// Remembers that `key` is `cell` in store `store` at `generation`.
    /// Skipped, harmlessly, during a nested lookup.
    #[inline]
    pub(crate) fn remember<C>(
        memo: &Memo<C>,
        store: u64,
        generation: u64,
        hash: u64,
        key: &Arc<str>,
        cell: &Arc<C>,
    ) {
        if let Ok(mut recent) = memo.0.try_borrow_mut() {
            recent[slot(store, hash)] = Some(Entry {
                store,
                generation,
                hash,
                key: Arc::clone(key),
                cell: Arc::clone(cell),
            });
        }
    }
}

/// Builds [`SeriesHasher`]s.
#[derive(Clone, Copy, Debug, Default)]
struct BuildSeriesHasher;

impl BuildHasher for BuildSeriesHasher {
    type Hasher = SeriesHasher;
    #[inline]
    fn build_hasher(&self) -> SeriesHasher {
        SeriesHasher(SEED)
    }
}

/// The hash of free-form label values: eight bytes per step, each mixed in
/// by a 64×64→128-bit multiply whose halves are folded together (the
/// construction of foldhash). A label value of a dozen bytes hashes in two
/// multiplies, where std's SipHash-1-3 takes tens of rounds.
///
/// It is not keyed, so values can be chosen to collide; what that can cost
/// is bounded, since a store holds at most `max_series` values: a lookup
/// compares against at most that many.
struct SeriesHasher(u64);

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline(always)]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// `a == b`, a word at a time and inlined, where `==` on slices calls
/// `bcmp`: label values are short, and the memo compares one on every hit.
#[inline(always)]
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

impl Hasher for SeriesHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = folded_multiply(self.0 ^ u64::from(i), MULTIPLIER);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Every write ends in a folded multiply, which leaves no bit weak.
        self.0
    }
}

const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// The hash that picks a value's shard and its slot in the per-thread memo:
/// [`hash_bytes`] alone, without the `str` terminator std's `Hash` adds, so
/// a value of 9 to 16 bytes costs two multiplies.
#[inline]
fn value_hash(value: &str) -> u64 {
    hash_bytes(SEED, value.as_bytes())
}

/// Mixes `bytes` into `state`: whole words but the last, then the last 1–8
/// bytes as one word (overlapping the previous one when the length is not a
/// multiple of 8), each by a folded multiply; the length is mixed in first.
#[inline(always)]
fn hash_bytes(state: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut h = state ^ (len as u64);
    let mut at = 0;
    while at + 8 < len {
        h = folded_multiply(h ^ word(bytes, at), MULTIPLIER);
        at += 8;
    }
    let tail = if len >= 8 {
        word(bytes, len - 8)
    } else if len >= 4 {
        let lo = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let hi = u32::from_le_bytes([
            bytes[len - 4],
            bytes[len - 3],
            bytes[len - 2],
            bytes[len - 1],
        ]);
        u64::from(lo) | (u64::from(hi) << 32)
    } else if len > 0 {
        u64::from(bytes[0]) | (u64::from(bytes[len / 2]) << 8) | (u64::from(bytes[len - 1]) << 16)
    } else {
        0
    };
    folded_multiply(h ^ tail, MULTIPLIER)
}

impl<C: Cell> Store<C> for FreeStore<C> {
    fn new(config: C::Config, max_series: usize) -> Self {
        Self {
            shards: (0..SHARDS)
                .map(|_| CachePadded(RwLock::new(Map::default())))
                .collect(),
            config,
            max_series,
            len: AtomicUsize::new(0),
            overflow: Arc::new(C::new(config)),
            overflowed: CachePadded(AtomicU64::new(0)),
            id: recent::next_store_id(),
            generation: AtomicU64::new(0),
            changes: AtomicU64::new(0),
        }
    }

    fn encode(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        encoder: &mut MetricEncoder,
    ) -> std::fmt::Result {
        // Every shard's read lock at once, taken in shard order, so the
        // series listed are one consistent cut: an insert or removal (one
        // shard's write lock each) is wholly in it or wholly out, and a
        // scrape never shows more series than the bound. Lookups of held
        // values only read, so they are not held up.
        let shards: Vec<_> = self.shards.iter().map(read).collect();
        let mut series: Vec<(Arc<str>, Arc<C>)> = Vec::with_capacity(self.len());
        for map in &shards {
            series.extend(map.iter().map(|(k, v)| (Arc::clone(k), Arc::clone(v))));
        }
        drop(shards);
        // Sorted by value, so the exposition is deterministic.
        series.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let name = names[0];
        for (value, cell) in &series {
            cell.encode(&mut encoder.encode_family(&(consts, [(name, &**value)]))?)?;
        }
        if self.overflowed() > 0 {
            self.overflow
                .encode(&mut encoder.encode_family(&(consts, [(name, OVERFLOW_LABEL_VALUE)]))?)?;
        }
        Ok(())
    }

    fn write(
        &self,
        names: &[&'static str],
        consts: &ConstLabels,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        if !C::WRITES {
            return false;
        }
        let name = names[0];
        let mut table = pre.free::<C>().lock().unwrap_or_else(|e| e.into_inner());
        let table = &mut *table;
        // Before the shards are read: an insert or removal not seen here
        // makes the next scrape collect again.
        let changes = self.changes.load(Ordering::Acquire);
        if table.seen != Some(changes) {
            // The same consistent cut as `encode`, into the table's buffer.
            table.series.clear();
            {
                let shards: [_; SHARDS] = std::array::from_fn(|i| read(&self.shards[i]));
                for map in &shards {
                    table
                        .series
                        .extend(map.iter().map(|(k, v)| (Arc::clone(k), Arc::clone(v))));
                }
            }
            table.series.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            // Label texts: last scrape's, sorted by value as this cut is,
            // walked beside it; a value new since then is rendered now, one
            // gone is dropped with its cell.
            table.next.clear();
            let mut old = table.rows.drain(..).peekable();
            let mut bytes = 0;
            for (value, cell) in table.series.drain(..) {
                while old.next_if(|row| *row.value < *value).is_some() {}
                let text = match old.next_if(|row| *row.value == *value) {
                    Some(row) => row.text,
                    None => crate::write::render_fixed(consts, &[name], |_| &value),
                };
                bytes += text.len() + std::mem::size_of::<crate::write::FreeRow<C>>();
                table.next.push(crate::write::FreeRow { value, cell, text });
            }
            drop(old);
            // Moved back rather than swapped, so each list keeps the
            // capacity it grew to and the next scrape allocates nothing.
            table.rows.append(&mut table.next);
            table.seen = Some(changes);
            pre.set_free_bytes(bytes);
        }
        let les = pre.les(out.format, self.overflow.write_bounds());
        for row in &table.rows {
            row.cell.write(out, &row.text, les);
        }
        if self.overflowed() > 0 {
            let text = table.overflow.get_or_insert_with(|| {
                crate::write::render_fixed(consts, &[name], |_| OVERFLOW_LABEL_VALUE)
            });
            self.overflow.write(out, text, les);
        }
        true
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

#[cfg(test)]
mod lookup_tests {
    use super::*;

    #[test]
    fn label_values_spread_over_shards_and_hash_apart() {
        let mut per_shard = [0usize; SHARDS];
        let mut hashes = std::collections::HashSet::new();
        let mut map_hashes = std::collections::HashSet::new();
        for i in 0..16_000 {
            let value = format!("ctx-{i:08x}");
            per_shard[shard_of(&value)] += 1;
            assert!(hashes.insert(value_hash(&value)), "{value}");
            assert!(
                map_hashes.insert(BuildSeriesHasher.hash_one(&value)),
                "{value}"
            );
        }
        // 1000 expected per shard; a bad mix leaves some nearly empty.
        for (shard, n) in per_shard.iter().enumerate() {
            assert!((800..1200).contains(n), "shard {shard} holds {n}");
        }
        // Every length up to two words, prefixes included, hashes apart.
        let long = "abcdefghijklmnopq";
        for hash in [value_hash, |v: &str| BuildSeriesHasher.hash_one(v)] {
            let prefixes: std::collections::HashSet<u64> =
                (0..=long.len()).map(|n| hash(&long[..n])).collect();
            assert_eq!(prefixes.len(), long.len() + 1);
        }
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

    fn counter_store(max_series: usize) -> FreeStore<crate::cell::CounterCell> {
        <FreeStore<crate::cell::CounterCell> as Store<_>>::new((), max_series)
    }

    fn count(store: &FreeStore<crate::cell::CounterCell>, value: &str) -> u64 {
        store.existing(value).map_or(0, |c| c.get())
    }

    #[test]
    fn memoised_lookups_keep_stores_apart() {
        let a = counter_store(10);
        let b = counter_store(10);
        for _ in 0..3 {
            a.with_cell("ctx", |c| c.inc());
        }
        b.with_cell("ctx", |c| c.inc());
        a.with_cell("ctx", |c| c.inc());
        assert_eq!((count(&a, "ctx"), count(&b, "ctx")), (4, 1));
        // A store dropped and another made in its place shares nothing.
        drop(b);
        let c = counter_store(10);
        c.with_cell("ctx", |c| c.inc());
        assert_eq!(count(&c, "ctx"), 1);
    }

    #[test]
    fn memoised_lookups_miss_after_a_removal() {
        let store = counter_store(10);
        store.with_cell("ctx", |c| c.inc());
        store.with_cell("ctx", |c| c.inc());
        let old = store.existing("ctx").expect("held");
        assert!(store.remove("ctx"));
        // Same thread, right after: a new series at zero, not the removed one.
        store.with_cell("ctx", |c| c.inc());
        assert_eq!(count(&store, "ctx"), 1);
        assert_eq!(old.get(), 2);
        // Removing another value also invalidates, and costs only a lookup.
        store.with_cell("other", |c| c.inc());
        assert!(store.remove("other"));
        store.with_cell("ctx", |c| c.inc());
        assert_eq!(count(&store, "ctx"), 2);
    }

    #[test]
    fn memo_collisions_and_overflow_stay_exact() {
        let store = counter_store(150);
        // 200 values over 64 memo slots: collisions evict, and the 50 values
        // past the bound fold into the overflow series on every lookup.
        for round in 1..=3u64 {
            for i in 0..200 {
                store.with_cell(&format!("v{i}"), |c| c.inc());
            }
            let held: u64 = (0..200).map(|i| count(&store, &format!("v{i}"))).sum();
            assert_eq!(held, 150 * round);
            assert_eq!(store.overflow().get(), 50 * round);
            assert_eq!(store.overflowed(), 50 * round);
        }
    }
}
