//! Native (exponential, sparse) histograms: [`NativeHistogramCell`] and its
//! [`NativeConfig`].
//!
//! A native histogram's buckets are the powers of `2^(2^-schema)`: bucket
//! `k` holds the values in `(base^(k-1), base^k]`, mirrored for negative
//! values, and values within `zero_threshold` of zero go to the zero bucket.
//! Only the buckets hit exist. Prometheus ingests them only over protobuf
//! (feature `protobuf`).

use std::sync::OnceLock;

use prometheus_client::encoding::{
    MetricEncoder, NativeHistogram as PcNative, NativeHistogramBuckets, NoLabelSet,
};
use prometheus_client::metrics::MetricType;

use crate::cell::{Cell, HistogramCell};
use crate::sync::{AtomicU64, AtomicUsize, Ordering};

/// The schema a histogram falls back to when more than `max_buckets`
/// buckets are hit: the coarsest, each bucket a factor of 65536, so every
/// value fits in [`COARSE_SLOTS`] buckets per sign.
const COARSE_SCHEMA: i32 = -4;
/// Bucket indexes at schema -4 run from -67 (subnormals) to 64 (the
/// largest finite value), and 65 (the infinity's: see [`bucket`]).
const COARSE_MIN: i32 = -67;
const COARSE_SLOTS: usize = 133;

/// A native histogram's resolution and limits.
///
/// ```
/// use metrics_runtime::NativeConfig;
///
/// let config = NativeConfig::new(3, 1e-9, 160).unwrap();
/// assert_eq!(config.schema(), 3);
/// assert_eq!(NativeConfig::new(9, 0.0, 160), None); // schemas run from -4 to 8
/// assert_eq!(NativeConfig::DEFAULT, NativeConfig::new(3, 2f64.powi(-128), 160).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NativeConfig {
    schema: i8,
    zero_threshold: f64,
    max_buckets: u16,
    /// Classic bucket bounds kept beside the native buckets; empty for a
    /// native-only histogram.
    classic: &'static [f64],
}

/// [`NativeConfig::DEFAULT`].
///
/// ```
/// use metrics_runtime::NativeConfig;
///
/// assert_eq!(NativeConfig::default(), NativeConfig::DEFAULT);
/// ```
impl Default for NativeConfig {
    fn default() -> Self {
        NativeConfig::DEFAULT
    }
}

impl NativeConfig {
    /// Schema 3 (8 buckets per power of two, a bucket about 9% wide), zero
    /// threshold `2^-128`, at most 160 buckets: client_golang's defaults.
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// let d = NativeConfig::DEFAULT;
    /// assert_eq!((d.schema(), d.max_buckets()), (3, 160));
    /// assert_eq!(d.zero_threshold(), 2f64.powi(-128));
    /// assert!(d.buckets().is_empty());
    /// ```
    pub const DEFAULT: NativeConfig = NativeConfig {
        schema: 3,
        zero_threshold: 2.938735877055719e-39,
        max_buckets: 160,
        classic: &[],
    };

    /// `None` unless `schema` is in `-4..=8`, `zero_threshold` is finite
    /// and at least 0, and `max_buckets` is in `1..=1000`.
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// let config = NativeConfig::new(-2, 1e-9, 40).unwrap();
    /// assert_eq!((config.schema(), config.max_buckets()), (-2, 40));
    /// assert!(NativeConfig::new(9, 0.0, 40).is_none()); // schema above 8
    /// assert!(NativeConfig::new(3, f64::NAN, 40).is_none());
    /// assert!(NativeConfig::new(3, 0.0, 0).is_none());
    /// ```
    pub const fn new(schema: i8, zero_threshold: f64, max_buckets: u16) -> Option<Self> {
        if schema < -4 || schema > 8 {
            return None;
        }
        if !(zero_threshold >= 0.0 && zero_threshold < f64::INFINITY) {
            return None;
        }
        if max_buckets == 0 || max_buckets > 1000 {
            return None;
        }
        Some(NativeConfig {
            schema,
            zero_threshold,
            max_buckets,
            classic: &[],
        })
    }

    /// The same, also counting into classic buckets with these bounds
    /// (increasing, finite, without `+Inf`): a classic-and-native
    /// histogram, whose text scrapes write the classic buckets and whose
    /// protobuf scrapes carry both.
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// let both = NativeConfig::DEFAULT.with_buckets(&[0.1, 1.0]);
    /// assert_eq!(both.buckets(), [0.1, 1.0]);
    /// ```
    pub const fn with_buckets(self, bounds: &'static [f64]) -> Self {
        NativeConfig {
            classic: bounds,
            ..self
        }
    }

    /// The classic bucket bounds; empty for a native-only histogram.
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// assert!(NativeConfig::DEFAULT.buckets().is_empty());
    /// let both = NativeConfig::DEFAULT.with_buckets(&[0.5]);
    /// assert_eq!(both.buckets(), [0.5]);
    /// ```
    pub fn buckets(&self) -> &'static [f64] {
        self.classic
    }

    /// As [`new`](Self::new) with classic `bounds`, for values the macro
    /// has checked at compile time.
    #[doc(hidden)]
    pub const fn __checked(
        schema: i8,
        zero_threshold: f64,
        max_buckets: u16,
        bounds: &'static [f64],
    ) -> Self {
        NativeConfig {
            schema,
            zero_threshold,
            max_buckets,
            classic: bounds,
        }
    }

    /// The schema: `2^schema` buckets per power of two.
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// assert_eq!(NativeConfig::new(5, 0.0, 100).unwrap().schema(), 5);
    /// ```
    pub fn schema(&self) -> i8 {
        self.schema
    }

    /// Values of at most this magnitude go to the zero bucket.
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// assert_eq!(NativeConfig::new(3, 1e-6, 100).unwrap().zero_threshold(), 1e-6);
    /// ```
    pub fn zero_threshold(&self) -> f64 {
        self.zero_threshold
    }

    /// The buckets kept at `schema`; past them, the histogram falls back to
    /// schema -4 (see [`NativeHistogramCell`]).
    ///
    /// ```
    /// use metrics_runtime::NativeConfig;
    ///
    /// assert_eq!(NativeConfig::new(3, 0.0, 20).unwrap().max_buckets(), 20);
    /// ```
    pub fn max_buckets(&self) -> u16 {
        self.max_buckets
    }
}

/// One series of a native histogram, recorded lock-free.
///
/// - a value within `zero_threshold` of zero is counted in the zero bucket;
///   another finite value in its exponential bucket (negative values in the
///   negative buckets);
/// - an infinity is counted in the bucket past the largest finite value's
///   (of its sign), as client_golang counts it, and NaN in the positive
///   one, as a classic histogram counts NaN in `+Inf`: the buckets always
///   add up to the count, which Prometheus requires of a native histogram
///   whose sum is not NaN;
/// - as in [`HistogramCell`](crate::HistogramCell), only finite values of
///   at least 0 are added to the sum (OpenMetrics makes `_sum`
///   counter-like);
/// - the buckets hit are kept in a table of `max_buckets` entries. When a
///   value falls in a bucket past them, it is recorded at schema -4 (a
///   bucket per factor of 65536, at most 133 per sign, in an array made on
///   first need), and from then on the series is exported at schema -4,
///   every bucket merged into those: a lower resolution, never a lost
///   observation.
///
/// With classic bounds ([`NativeConfig::with_buckets`]) it also counts
/// into those buckets, as a [`HistogramCell`] does; `_sum` is then the
/// classic part's, and the count the native buckets' (an observation in
/// flight during a scrape is in neither yet).
///
/// Exported through prometheus-client's `encode_histogram_with_native`:
/// with the native buckets (and the classic ones, if any) over protobuf,
/// and in the text formats as a classic histogram: its classic buckets, or
/// for a native-only one the `+Inf` bucket alone, then `_sum` and `_count`
/// (a text scrape never fails on it).
///
/// ```
/// use metrics_runtime::{Cell, NativeConfig, NativeHistogramCell};
///
/// let cell = NativeHistogramCell::new(NativeConfig::new(0, 0.001, 160).unwrap());
/// cell.observe(3.0); // (2, 4]: bucket 2 at schema 0
/// cell.observe(4.0);
/// cell.observe(0.0); // the zero bucket
/// cell.observe(-1.0);
/// let snapshot = cell.get();
/// assert_eq!(snapshot.schema, 0);
/// assert_eq!(snapshot.count, 4);
/// assert_eq!(snapshot.zero_count, 1);
/// assert_eq!(snapshot.positive, [(2, 2)]);
/// assert_eq!(snapshot.negative, [(0, 1)]);
/// assert_eq!(snapshot.sum, 7.0);
/// ```
#[derive(Debug)]
pub struct NativeHistogramCell {
    config: NativeConfig,
    /// For schemas above 0: the fractions (of `frexp`) bounding each of
    /// the `2^schema` buckets in a power of two.
    bounds: &'static [f64],
    table: Table,
    coarse: OnceLock<Box<[AtomicU64]>>,
    /// The classic buckets and the sum, for a classic-and-native histogram.
    classic: Option<HistogramCell>,
    zero: AtomicU64,
    sum: AtomicU64,
}

/// A native histogram's value at one moment: see
/// [`NativeHistogramCell::get`].
///
/// ```
/// use metrics_runtime::{Cell, NativeConfig, NativeHistogramCell};
///
/// let cell = NativeHistogramCell::new(NativeConfig::DEFAULT);
/// cell.observe(1.0); // bucket 0 holds (2^-1/8, 1]
/// cell.observe(2.0); // 8 buckets per power of two at schema 3
/// cell.observe(0.0); // the zero bucket
/// let s = cell.get();
/// assert_eq!((s.schema, s.count, s.sum, s.zero_count), (3, 3, 3.0, 1));
/// assert_eq!(s.positive, [(0, 1), (8, 1)]);
/// assert!(s.negative.is_empty() && s.buckets.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NativeSnapshot {
    /// The schema the buckets are at (the declared one, or -4 after a
    /// fallback).
    pub schema: i8,
    /// The number of observations.
    pub count: u64,
    /// The sum of the observed finite values of 0 or more.
    pub sum: f64,
    /// Observations within the zero threshold.
    pub zero_count: u64,
    /// `(bucket index, count)` of the positive buckets hit, by index.
    pub positive: Vec<(i32, u64)>,
    /// `(bucket index, count)` of the negative buckets hit, by index
    /// (bucket `k` holds the values in `[-base^k, -base^(k-1))`).
    pub negative: Vec<(i32, u64)>,
    /// The classic buckets, `(upper bound, cumulative count)` with `+Inf`
    /// last, of a classic-and-native histogram; empty for a native-only one.
    pub buckets: Vec<(f64, u64)>,
}

/// An open-addressing table of buckets: twice `max_buckets` slots, at most
/// `max_buckets` of them taken, so a probe ends at an empty slot soon.
/// Slots are only ever taken, never freed, so a bucket's slot comes
/// before any empty slot on its probe sequence.
#[derive(Debug)]
struct Table {
    /// 0: empty; else `TAKEN | sign << 32 | index as u32`.
    keys: Box<[AtomicU64]>,
    counts: Box<[AtomicU64]>,
    used: AtomicUsize,
    max: usize,
}

const TAKEN: u64 = 1 << 33;

fn key_of(negative: bool, index: i32) -> u64 {
    TAKEN | (u64::from(negative) << 32) | u64::from(index as u32)
}

fn unkey(key: u64) -> (bool, i32) {
    (key & (1 << 32) != 0, key as u32 as i32)
}

impl Table {
    fn new(max: usize) -> Self {
        let slots = 2 * max;
        Table {
            keys: (0..slots).map(|_| AtomicU64::new(0)).collect(),
            counts: (0..slots).map(|_| AtomicU64::new(0)).collect(),
            used: AtomicUsize::new(0),
            max,
        }
    }

    /// Adds one to the bucket; `false` if it is not in the table and the
    /// table holds `max` buckets already.
    #[inline]
    fn add(&self, key: u64) -> bool {
        let slots = self.keys.len();
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % slots;
        loop {
            let found = self.keys[at].load(Ordering::Acquire);
            if found == key {
                self.counts[at].fetch_add(1, Ordering::Release);
                return true;
            }
            if found == 0 {
                if self.used.fetch_add(1, Ordering::Relaxed) >= self.max {
                    self.used.fetch_sub(1, Ordering::Relaxed);
                    return false;
                }
                match self.keys[at].compare_exchange(0, key, Ordering::AcqRel, Ordering::Acquire) {
                    Ok(_) => {
                        self.counts[at].fetch_add(1, Ordering::Release);
                        return true;
                    }
                    Err(other) => {
                        self.used.fetch_sub(1, Ordering::Relaxed);
                        if other == key {
                            self.counts[at].fetch_add(1, Ordering::Release);
                            return true;
                        }
                    }
                }
            }
            at = (at + 1) % slots;
        }
    }
}

/// `(fraction in [0.5, 1), exponent)` with `v = fraction * 2^exponent`, for
/// a finite `v > 0`.
fn frexp(v: f64) -> (f64, i32) {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (frac, exp) = frexp(v * 2f64.powi(64));
        return (frac, exp - 64);
    }
    let frac = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (frac, biased - 1022)
}

/// The fractions bounding the `2^schema` buckets of a power of two.
fn bounds(schema: i8) -> &'static [f64] {
    static BOUNDS: [OnceLock<Box<[f64]>>; 9] = [const { OnceLock::new() }; 9];
    if schema <= 0 {
        return &[];
    }
    BOUNDS[schema as usize].get_or_init(|| {
        let n = 1usize << schema;
        (0..n).map(|j| (j as f64 / n as f64).exp2() / 2.0).collect()
    })
}

/// The bucket of `v` (finite, above 0) at `schema`.
#[inline]
fn index(v: f64, schema: i32, bounds: &[f64]) -> i32 {
    let (frac, exp) = frexp(v);
    if schema > 0 {
        let j = bounds.partition_point(|b| *b < frac) as i32;
        j + (exp - 1) * bounds.len() as i32
    } else {
        let mut key = exp;
        if frac == 0.5 {
            key -= 1;
        }
        let shift = -schema;
        (key + (1 << shift) - 1) >> shift
    }
}

/// The bucket of `v` (above 0) at `schema`: for an infinity the one past
/// the largest finite value's, as client_golang places it. Coarsened to
/// schema -4 (see [`coarsen`]) it is schema -4's own infinity bucket, 65.
#[inline]
fn bucket(v: f64, schema: i32, bounds: &[f64]) -> i32 {
    if v.is_finite() {
        index(v, schema, bounds)
    } else {
        index(f64::MAX, schema, bounds) + 1
    }
}

/// Bucket `k` at schema `from`, as a bucket at the coarser schema `to`.
fn coarsen(k: i32, from: i32, to: i32) -> i32 {
    ((k - 1) >> (from - to)) + 1
}

impl NativeHistogramCell {
    /// Records one value.
    #[inline]
    ///
    /// ```
    /// use metrics_runtime::{Cell, NativeConfig, NativeHistogramCell};
    ///
    /// let cell = NativeHistogramCell::new(NativeConfig::DEFAULT);
    /// cell.observe(-1.0);
    /// cell.observe(f64::NAN); // counted in the bucket past the largest finite value
    /// assert_eq!(cell.get().count, 2);
    /// assert_eq!(cell.get().negative, [(0, 1)]);
    /// assert_eq!(cell.get().positive, [(8193, 1)]); // 2^1024 at schema 3: 8192
    /// ```
    pub fn observe(&self, v: f64) {
        // The classic part first: its count is the one exported, and the
        // native increments below publish it (`Release`), so a scrape that
        // sees a native bucket's count sees its classic one too, and the
        // native buckets never hold more than `_count`.
        match &self.classic {
            Some(classic) => classic.observe(v),
            None if (0.0..f64::INFINITY).contains(&v) => crate::cell::add_f64(&self.sum, v),
            None => {}
        }
        // NaN as +Inf: see the type's doc.
        let magnitude = if v.is_nan() { f64::INFINITY } else { v.abs() };
        if magnitude <= self.config.zero_threshold {
            self.zero.fetch_add(1, Ordering::Release);
            return;
        }
        let negative = v < 0.0;
        let k = bucket(magnitude, i32::from(self.config.schema), self.bounds);
        if !self.table.add(key_of(negative, k)) {
            let coarse = self
                .coarse
                .get_or_init(|| (0..2 * COARSE_SLOTS).map(|_| AtomicU64::new(0)).collect());
            let k = bucket(magnitude, COARSE_SCHEMA, &[]);
            let slot = (k - COARSE_MIN) as usize + usize::from(negative) * COARSE_SLOTS;
            coarse[slot].fetch_add(1, Ordering::Release);
        }
    }

    /// Records a duration in seconds.
    #[inline]
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use metrics_runtime::{Cell, NativeConfig, NativeHistogramCell};
    ///
    /// let cell = NativeHistogramCell::new(NativeConfig::DEFAULT);
    /// cell.observe_duration(Duration::from_millis(500));
    /// assert_eq!(cell.get().sum, 0.5);
    /// assert_eq!(cell.get().positive, [(-8, 1)]); // 0.5 = 2^-1: bucket -8
    /// ```
    pub fn observe_duration(&self, d: std::time::Duration) {
        self.observe(d.as_secs_f64());
    }

    /// The buckets, counts and sum now.
    ///
    /// ```
    /// use metrics_runtime::{Cell, NativeConfig, NativeHistogramCell};
    ///
    /// let both = NativeConfig::DEFAULT.with_buckets(&[1.0]);
    /// let cell = NativeHistogramCell::new(both);
    /// cell.observe(0.5);
    /// let s = cell.get();
    /// assert_eq!(s.buckets, [(1.0, 1), (f64::INFINITY, 1)]);
    /// assert_eq!(s.positive, [(-8, 1)]);
    /// ```
    pub fn get(&self) -> NativeSnapshot {
        let schema = i32::from(self.config.schema);
        let mut positive: Vec<(i32, u64)> = Vec::new();
        let mut negative: Vec<(i32, u64)> = Vec::new();
        for (key, count) in self.table.keys.iter().zip(self.table.counts.iter()) {
            let key = key.load(Ordering::Acquire);
            let count = count.load(Ordering::Acquire);
            if key == 0 || count == 0 {
                continue;
            }
            let (neg, k) = unkey(key);
            if neg { &mut negative } else { &mut positive }.push((k, count));
        }
        let coarse: Vec<(bool, i32, u64)> = self.coarse.get().map_or_else(Vec::new, |slots| {
            slots
                .iter()
                .enumerate()
                .filter_map(|(slot, count)| {
                    let count = count.load(Ordering::Acquire);
                    (count > 0).then(|| {
                        let neg = slot >= COARSE_SLOTS;
                        (neg, (slot % COARSE_SLOTS) as i32 + COARSE_MIN, count)
                    })
                })
                .collect()
        });
        let schema = if coarse.is_empty() || schema == COARSE_SCHEMA {
            schema
        } else {
            for side in [&mut positive, &mut negative] {
                for (k, _) in side.iter_mut() {
                    *k = coarsen(*k, schema, COARSE_SCHEMA);
                }
            }
            COARSE_SCHEMA
        };
        for (neg, k, count) in coarse {
            if neg { &mut negative } else { &mut positive }.push((k, count));
        }
        for side in [&mut positive, &mut negative] {
            side.sort_unstable();
            side.dedup_by(|later, first| {
                let same = later.0 == first.0;
                if same {
                    first.1 += later.1;
                }
                same
            });
        }
        let zero_count = self.zero.load(Ordering::Acquire);
        let native_count = zero_count
            + positive
                .iter()
                .chain(&negative)
                .map(|(_, c)| c)
                .sum::<u64>();
        // Read after the native counts: it holds at least as many, and more
        // by the observations in flight (counted there, not yet here). The
        // count is the native buckets' own, so they always add up to it, as
        // Prometheus requires; the classic buckets are read as far as it
        // (each at most the count, which keeps them increasing in `le` and
        // from one scrape to the next), so `+Inf` is the count too.
        let (classic, count, sum) = match &self.classic {
            Some(classic) => {
                let snapshot = classic.get();
                let buckets = snapshot
                    .buckets
                    .into_iter()
                    .map(|(bound, cumulative)| (bound, cumulative.min(native_count)))
                    .collect();
                (buckets, native_count, snapshot.sum)
            }
            None => (
                Vec::new(),
                native_count,
                f64::from_bits(self.sum.load(Ordering::Relaxed)),
            ),
        };
        NativeSnapshot {
            schema: schema as i8,
            count,
            sum,
            zero_count,
            positive,
            negative,
            buckets: classic,
        }
    }

    /// The configuration it was made with.
    ///
    /// ```
    /// use metrics_runtime::{Cell, NativeConfig, NativeHistogramCell};
    ///
    /// let config = NativeConfig::new(0, 0.0, 10).unwrap();
    /// assert_eq!(NativeHistogramCell::new(config).config().max_buckets(), 10);
    /// ```
    pub fn config(&self) -> NativeConfig {
        self.config
    }
}

/// Spans `(offset, length)` and count deltas of one side's buckets, sorted
/// by index, as the protobuf format wants them.
fn spans_and_deltas(buckets: &[(i32, u64)]) -> (Vec<(i32, u32)>, Vec<i64>) {
    let mut spans: Vec<(i32, u32)> = Vec::new();
    let mut deltas = Vec::with_capacity(buckets.len());
    let mut previous: Option<(i32, u64)> = None;
    for &(k, count) in buckets {
        match previous {
            Some((last, _)) if k == last + 1 => {
                if let Some(span) = spans.last_mut() {
                    span.1 += 1;
                }
            }
            Some((last, _)) => spans.push((k - last - 1, 1)),
            None => spans.push((k, 1)),
        }
        let before = previous.map_or(0, |(_, c)| c as i64);
        deltas.push(count as i64 - before);
        previous = Some((k, count));
    }
    (spans, deltas)
}

impl Cell for NativeHistogramCell {
    type Config = NativeConfig;
    const TYPE: MetricType = MetricType::Histogram;

    fn new(config: NativeConfig) -> Self {
        NativeHistogramCell {
            config,
            bounds: bounds(config.schema),
            table: Table::new(usize::from(config.max_buckets)),
            coarse: OnceLock::new(),
            classic: (!config.classic.is_empty()).then(|| HistogramCell::new(config.classic)),
            zero: AtomicU64::new(0),
            sum: AtomicU64::new(0f64.to_bits()),
        }
    }

    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        let snapshot = self.get();
        let (mut positive_spans, positive_deltas) = spans_and_deltas(&snapshot.positive);
        let (negative_spans, negative_deltas) = spans_and_deltas(&snapshot.negative);
        if positive_spans.is_empty()
            && negative_spans.is_empty()
            && self.config.zero_threshold == 0.0
        {
            // With no bucket and a zero threshold of 0, a scraper would take
            // it for a classic histogram: a span of no buckets says native.
            positive_spans.push((0, 0));
        }
        // The classic part the text formats write: the classic buckets
        // (prometheus-client takes them per bucket, not cumulative), or the
        // `+Inf` bucket alone.
        let mut previous = 0;
        let classic: Vec<(f64, u64)> = if snapshot.buckets.is_empty() {
            vec![(f64::INFINITY, snapshot.count)]
        } else {
            snapshot
                .buckets
                .iter()
                .map(|&(bound, cumulative)| {
                    let count = cumulative - previous;
                    previous = cumulative;
                    (bound, count)
                })
                .collect()
        };
        encoder.encode_histogram_with_native::<NoLabelSet>(
            snapshot.sum,
            snapshot.count,
            &classic,
            None,
            PcNative {
                schema: i32::from(snapshot.schema),
                zero_threshold: self.config.zero_threshold,
                zero_count: snapshot.zero_count,
                negative: NativeHistogramBuckets {
                    spans: &negative_spans,
                    deltas: &negative_deltas,
                },
                positive: NativeHistogramBuckets {
                    spans: &positive_spans,
                    deltas: &positive_deltas,
                },
                created: None,
            },
        )
    }
}

// Another kind's recording methods on one series, hidden (see `wrong_kind`).
crate::wrong_kind::cell_stubs!(histogram [] NativeHistogramCell);

#[cfg(test)]
mod tests {
    use super::*;

    /// The bucket of `v` by the definition, `ceil(log2(v) * 2^schema)`, for
    /// values away from bucket edges.
    fn by_log(v: f64, schema: i32) -> i32 {
        (v.log2() * 2f64.powi(schema)).ceil() as i32
    }

    #[test]
    fn buckets_follow_the_definition_at_every_schema() {
        for schema in -4..=8 {
            let b = bounds(schema as i8);
            for v in [
                1e-300, 3e-9, 0.07, 0.3, 1.3, 3.0, 7.7, 1000.5, 6.1e12, 1e300,
            ] {
                assert_eq!(index(v, schema, b), by_log(v, schema), "{v} at {schema}");
            }
            // Upper bounds are inclusive: a power of two ends its bucket.
            for exp in [-20, -1, 0, 1, 5, 40] {
                let v = 2f64.powi(exp);
                let expected = exp * 2i32.pow(schema.max(0) as u32);
                let expected = if schema < 0 {
                    coarsen(exp, 0, schema)
                } else {
                    expected
                };
                assert_eq!(index(v, schema, b), expected, "2^{exp} at {schema}");
            }
        }
        // Subnormals, the largest finite value and the infinity fit the
        // coarse array, and the infinity's bucket at any schema coarsens
        // to its bucket there.
        assert_eq!(index(f64::from_bits(1), COARSE_SCHEMA, &[]), COARSE_MIN);
        assert_eq!(
            bucket(f64::INFINITY, COARSE_SCHEMA, &[]),
            COARSE_MIN + COARSE_SLOTS as i32 - 1
        );
        for schema in -4..=8 {
            let at = bucket(f64::INFINITY, schema, bounds(schema as i8));
            assert_eq!(at, index(f64::MAX, schema, bounds(schema as i8)) + 1);
            assert_eq!(
                coarsen(at, schema, COARSE_SCHEMA),
                bucket(f64::INFINITY, COARSE_SCHEMA, &[])
            );
        }
    }

    #[test]
    fn past_max_buckets_the_series_falls_back_to_schema_minus_4_and_loses_nothing() {
        let cell = NativeHistogramCell::new(NativeConfig::new(2, 0.0, 2).unwrap());
        cell.observe(1.0);
        cell.observe(1.0);
        cell.observe(100.0);
        assert_eq!(cell.get().schema, 2);
        assert_eq!(cell.get().positive, [(0, 2), (27, 1)]);
        cell.observe(5e6); // a third bucket
        cell.observe(-1.0);
        let snapshot = cell.get();
        assert_eq!(snapshot.schema, -4);
        // 1 and 100 in (1, 65536], 5e6 in (65536, 2^32]; at schema -4
        // bucket 0 is (2^-16, 1].
        assert_eq!(snapshot.positive, [(0, 2), (1, 1), (2, 1)]);
        assert_eq!(snapshot.negative, [(0, 1)]);
        assert_eq!(snapshot.count, 5);
    }

    #[test]
    fn concurrent_observations_are_all_counted_through_the_fallback() {
        let cell = std::sync::Arc::new(NativeHistogramCell::new(
            NativeConfig::new(4, 1e-6, 20).unwrap(),
        ));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let cell = std::sync::Arc::clone(&cell);
                std::thread::spawn(move || {
                    for i in 0..5000u32 {
                        cell.observe(f64::from(i % 97 + t) * 0.37 - 3.0);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let snapshot = cell.get();
        assert_eq!(snapshot.count, 20_000);
        assert_eq!(snapshot.schema, -4);
        let buckets: u64 = snapshot
            .positive
            .iter()
            .chain(&snapshot.negative)
            .map(|(_, c)| c)
            .sum();
        assert_eq!(buckets + snapshot.zero_count, 20_000);
    }

    #[test]
    fn a_classic_and_native_histogram_counts_both_and_exports_the_classic_count() {
        let cell = NativeHistogramCell::new(NativeConfig::DEFAULT.with_buckets(&[1.0, 10.0]));
        for v in [0.5, 2.0, 3.0, 50.0, f64::NAN, -1.0] {
            cell.observe(v);
        }
        let snapshot = cell.get();
        assert_eq!(snapshot.count, 6);
        assert_eq!(snapshot.sum, 55.5);
        // -1 and 0.5 at most 1; NaN in +Inf, as in a classic histogram,
        // and in the native infinity bucket.
        assert_eq!(snapshot.buckets, [(1.0, 2), (10.0, 4), (f64::INFINITY, 6)]);
        assert_eq!(snapshot.positive.len(), 5);
        assert_eq!(snapshot.positive.last(), Some(&(8193, 1)));
        assert_eq!(snapshot.negative, [(0, 1)]);
    }

    /// Prometheus refuses a native histogram whose buckets do not add up
    /// to its count unless its sum is NaN (`histogram.Validate`).
    #[test]
    fn the_buckets_add_up_to_the_count_with_nan_and_infinities() {
        for max_buckets in [160, 1] {
            let cell = NativeHistogramCell::new(NativeConfig::new(3, 0.001, max_buckets).unwrap());
            for v in [1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -2.0, 0.0] {
                cell.observe(v);
            }
            let s = cell.get();
            let buckets: u64 = s.positive.iter().chain(&s.negative).map(|(_, c)| c).sum();
            assert_eq!((s.count, buckets + s.zero_count), (6, 6), "{s:?}");
            assert_eq!(s.sum, 1.0, "only finite values of at least 0 are summed");
            let inf = |side: &[(i32, u64)]| side.iter().max().copied();
            let top = bucket(f64::INFINITY, i32::from(s.schema), bounds(s.schema));
            assert_eq!(inf(&s.positive), Some((top, 2)), "NaN and +Inf: {s:?}");
            assert_eq!(inf(&s.negative), Some((top, 1)), "-Inf: {s:?}");
        }
    }

    /// Observed from two threads while a third reads: every snapshot's
    /// native buckets add up to its count, and its classic buckets end at
    /// it, increasing.
    #[test]
    fn a_classic_and_native_snapshot_adds_up_while_observed() {
        let cell = std::sync::Arc::new(NativeHistogramCell::new(
            NativeConfig::DEFAULT.with_buckets(&[1.0, 10.0]),
        ));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let observers: Vec<_> = (0..2)
            .map(|t| {
                let (cell, stop) = (cell.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut v = 0.1 + f64::from(t);
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        cell.observe(v);
                        v = (v * 1.7) % 50.0 + 0.01;
                    }
                })
            })
            .collect();
        for _ in 0..2000 {
            let s = cell.get();
            let native: u64 = s.positive.iter().chain(&s.negative).map(|(_, c)| c).sum();
            assert_eq!(native + s.zero_count, s.count);
            assert_eq!(s.buckets.last().map(|b| b.1), Some(s.count));
            assert!(s.buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{s:?}");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for o in observers {
            o.join().unwrap();
        }
    }

    #[test]
    fn spans_and_deltas_encode_gaps() {
        let (spans, deltas) = spans_and_deltas(&[(-2, 3), (-1, 1), (4, 5)]);
        assert_eq!(spans, [(-2, 2), (4, 1)]);
        assert_eq!(deltas, [3, -2, 4]);
    }
}
