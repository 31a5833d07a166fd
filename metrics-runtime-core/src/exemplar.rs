//! Exemplars: a label set (a trace id) and a value kept beside a counter's
//! series, or beside each bucket of a classic histogram's, the latest
//! recording winning, with its time.
//!
//! Only the metrics declared with `#[metric(exemplar(trace_id))]` have
//! them: their cells are [`CounterWithExemplarCell`] and
//! [`HistogramWithExemplarsCell`], so a counter or histogram without the key
//! keeps its plain atomic cell and pays nothing. Each exemplar slot is a
//! small mutex around reused `String` buffers: a recording whose values
//! fit the buffers (a label set of the same shape as before) does not
//! allocate.
//!
//! Written in OpenMetrics only (`# {trace_id="..."} value timestamp` after
//! the sample), never in the 0.0.4 text format. A label set whose names and
//! values together exceed OpenMetrics' 128 UTF-8 characters is dropped at
//! recording, never stored nor written, and counted in
//! [`dropped_exemplars`] (exported as `metrics_runtime_dropped_exemplars_total`
//! by a [`Registry`](crate::Registry) holding a family with exemplars).

// The standard atomics, not `crate::sync`'s: the loom model does not cover
// exemplar cells, and the drop counter is a `static` (loom's are not const).
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::encoding::{MetricEncoder, NoLabelSet};
use prometheus_client::metrics::exemplar::CounterWithExemplar as PcCounterWithExemplar;
use prometheus_client::metrics::MetricType;

use crate::cell::{Cell, HistogramCell, HistogramSnapshot, Observe, Timer};
use crate::label::LabelValue;
use crate::metric::Metric;
use crate::store::{FreeHandle, Handle};
use crate::write::SeriesOut;

/// OpenMetrics' bound on an exemplar's label set: its names and values
/// together, in UTF-8 characters.
///
/// ```
/// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig, EXEMPLAR_MAX_CHARS};
///
/// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
/// let fits = "a".repeat(EXEMPLAR_MAX_CHARS - "trace_id".len());
/// cell.inc_with_exemplar(&fits);
/// assert!(cell.exemplar().is_some());
/// cell.inc_with_exemplar(&format!("{fits}a")); // one over: dropped, counted
/// assert_eq!(cell.exemplar().unwrap().labels[0].1, fits);
/// ```
pub const EXEMPLAR_MAX_CHARS: usize = 128;

/// The family name of the counter of exemplars dropped for exceeding
/// [`EXEMPLAR_MAX_CHARS`]; exported as
/// `metrics_runtime_dropped_exemplars_total` by a
/// [`Registry`](crate::Registry) holding a family with exemplars.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Format, Registry, DROPPED_EXEMPLARS};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Jobs run
///     #[metric(exemplar(trace_id))]
///     runs: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(Jobs::new()).unwrap();
/// let text = registry.encode(Format::Text).unwrap();
/// assert!(text.contains(&format!("# TYPE {DROPPED_EXEMPLARS}_total counter\n")));
/// ```
pub const DROPPED_EXEMPLARS: &str = "metrics_runtime_dropped_exemplars";

static DROPPED: AtomicU64 = AtomicU64::new(0);

/// How many exemplars this process dropped because their label set
/// exceeded [`EXEMPLAR_MAX_CHARS`] (the sample itself is always recorded).
///
/// ```
/// use metrics_runtime::{dropped_exemplars, metrics_family, Counter};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Jobs run
///     #[metric(exemplar(trace_id))]
///     runs: Counter,
/// }
///
/// let jobs = Jobs::new();
/// let before = dropped_exemplars();
/// jobs.runs.inc_with_exemplar(&"f".repeat(200)); // 8 + 200 characters
/// assert_eq!(jobs.runs.get(), 1); // counted all the same
/// assert!(jobs.runs.exemplar().is_none()); // never kept, never written
/// assert!(dropped_exemplars() > before);
/// ```
pub fn dropped_exemplars() -> u64 {
    DROPPED.load(Ordering::Relaxed)
}

/// The shape of an exemplar's label set: `(String,)` for one label,
/// `(String, String)` for two. The values are given as `&str` or
/// `(&str, &str)`, in the order the names are declared.
///
/// ```
/// use metrics_runtime::ExemplarLabels;
///
/// assert_eq!(<(String,) as ExemplarLabels>::ARITY, 1);
/// assert_eq!(<(String, String) as ExemplarLabels>::values(("a", "b")), ["a", "b"]);
/// ```
pub trait ExemplarLabels: Send + Sync + 'static {
    /// The number of labels.
    ///
    /// ```
    /// use metrics_runtime::ExemplarLabels;
    ///
    /// assert_eq!(<(String, String) as ExemplarLabels>::ARITY, 2);
    /// ```
    const ARITY: usize;
    /// The names a cell made with a default configuration uses:
    /// `trace_id`, then `span_id`.
    ///
    /// ```
    /// use metrics_runtime::ExemplarLabels;
    ///
    /// assert_eq!(<(String,) as ExemplarLabels>::DEFAULT_NAMES, ["trace_id"]);
    /// ```
    const DEFAULT_NAMES: &'static [&'static str];
    /// The values, as a recording method takes them.
    type Values<'a>: Copy;
    /// The values as a list (a second `""` for one label).
    ///
    /// ```
    /// use metrics_runtime::ExemplarLabels;
    ///
    /// assert_eq!(<(String,) as ExemplarLabels>::values("abc"), ["abc", ""]);
    /// ```
    fn values<'a>(values: Self::Values<'a>) -> [&'a str; 2];
}

impl ExemplarLabels for (String,) {
    const ARITY: usize = 1;
    const DEFAULT_NAMES: &'static [&'static str] = &["trace_id"];
    type Values<'a> = &'a str;
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn values<'a>(values: Self::Values<'a>) -> [&'a str; 2] {
        [values, ""]
    }
}

impl ExemplarLabels for (String, String) {
    const ARITY: usize = 2;
    const DEFAULT_NAMES: &'static [&'static str] = &["trace_id", "span_id"];
    type Values<'a> = (&'a str, &'a str);
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn values<'a>(values: Self::Values<'a>) -> [&'a str; 2] {
        [values.0, values.1]
    }
}

/// A cell's configuration with its exemplar label names: what the macro
/// passes for a metric declared with `exemplar(..)`.
///
/// ```
/// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
///
/// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
/// cell.inc_with_exemplar("4bf92f3577b34da6");
/// assert_eq!(cell.exemplar().unwrap().labels, [("trace_id", "4bf92f3577b34da6".to_owned())]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ExemplarConfig<C> {
    inner: C,
    names: &'static [&'static str],
}

impl<C> ExemplarConfig<C> {
    /// `inner` (a histogram's bounds, `()` for a counter) with the exemplar
    /// label `names`, in the order the values are given.
    ///
    /// ```
    /// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell};
    ///
    /// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
    /// cell.observe_with_exemplar(0.5, "abc");
    /// assert_eq!(cell.exemplars()[0].as_ref().unwrap().value, 0.5);
    /// ```
    pub const fn new(inner: C, names: &'static [&'static str]) -> Self {
        Self { inner, names }
    }
}

/// `trace_id` (and `span_id` for two labels) and the inner default.
impl<C: Default> Default for ExemplarConfig<C> {
    fn default() -> Self {
        Self {
            inner: C::default(),
            names: &["trace_id", "span_id"],
        }
    }
}

/// One exemplar, as read back: see [`CounterWithExemplarCell::exemplar`].
///
/// ```
/// use metrics_runtime::{metrics_family, Counter};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Jobs run
///     #[metric(exemplar(trace_id))]
///     runs: Counter,
/// }
///
/// let jobs = Jobs::new();
/// jobs.runs.inc_by_with_exemplar(3, "abc");
/// let exemplar = jobs.runs.exemplar().unwrap();
/// assert_eq!(exemplar.labels, [("trace_id", "abc".to_owned())]);
/// assert_eq!(exemplar.value, 3.0); // the increment
/// assert!(exemplar.timestamp <= std::time::SystemTime::now());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Exemplar {
    /// The label names and values.
    pub labels: Vec<(&'static str, String)>,
    /// The value recorded with it: a counter's increment, a histogram's
    /// observation.
    pub value: f64,
    /// When it was recorded.
    pub timestamp: SystemTime,
}

/// The latest exemplar of one series or bucket.
#[derive(Debug, Default)]
struct Slot(Mutex<Recorded>);

#[derive(Debug, Default)]
struct Recorded {
    set: bool,
    /// Reused between recordings: no allocation once they are large enough.
    values: [String; 2],
    value: f64,
    /// Seconds since the Unix epoch.
    timestamp: f64,
}

/// Whether `names` and `values` fit OpenMetrics' bound; counts a drop if not.
#[inline]
fn fits(names: &[&str], values: &[&str]) -> bool {
    let bytes: usize = names.iter().chain(values).map(|s| s.len()).sum();
    // Bytes are at least characters: count those only when bytes exceed.
    if bytes <= EXEMPLAR_MAX_CHARS
        || names
            .iter()
            .chain(values)
            .map(|s| s.chars().count())
            .sum::<usize>()
            <= EXEMPLAR_MAX_CHARS
    {
        return true;
    }
    DROPPED.fetch_add(1, Ordering::Relaxed);
    false
}

fn now_seconds() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl Slot {
    #[inline]
    fn record(&self, names: &[&'static str], values: [&str; 2], value: f64) {
        let values = &values[..names.len().min(2)];
        if !fits(names, values) {
            return;
        }
        let timestamp = now_seconds();
        let mut recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for (kept, value) in recorded.values.iter_mut().zip(values) {
            kept.clear();
            kept.push_str(value);
        }
        recorded.value = value;
        recorded.timestamp = timestamp;
        recorded.set = true;
    }

    fn read(&self, names: &[&'static str]) -> Option<Exemplar> {
        let recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        recorded.set.then(|| Exemplar {
            labels: names
                .iter()
                .zip(&recorded.values)
                .map(|(name, value)| (*name, value.clone()))
                .collect(),
            value: recorded.value,
            timestamp: UNIX_EPOCH + Duration::from_secs_f64(recorded.timestamp),
        })
    }

    /// ` # {names="values"} value timestamp`, if there is an exemplar.
    fn write(&self, out: &mut String, names: &[&'static str]) {
        let recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !recorded.set {
            return;
        }
        out.push_str(" # {");
        for (i, (name, value)) in names.iter().zip(&recorded.values).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(name);
            out.push_str("=\"");
            crate::write::push_label_value(out, value);
            out.push('"');
        }
        out.push_str("} ");
        out.push_str(dtoa::Buffer::new().format(recorded.value));
        out.push(' ');
        out.push_str(dtoa::Buffer::new().format(recorded.timestamp));
    }
}

/// A counter with an exemplar: a [`CounterCell`](crate::CounterCell)'s
/// atomic, and the latest exemplar recorded with an increment. The cell of
/// a `Counter` declared with `#[metric(exemplar(..))]`.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, Format, Registry};
///
/// #[metrics_family]
/// struct Http {
///     /// Requests served
///     #[metric(exemplar(trace_id))]
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// let http = registry.register(Http::new()).unwrap();
/// http.requests.inc(); // no exemplar: the last one stays
/// http.requests.inc_with_exemplar("4bf92f3577b34da6");
/// assert_eq!(http.requests.get(), 2);
/// let text = registry.encode(Format::OpenMetrics).unwrap();
/// assert!(text.contains("requests_total 2 # {trace_id=\"4bf92f3577b34da6\"} 1.0 "));
/// // The 0.0.4 text format has no exemplars.
/// assert!(registry.encode(Format::Text).unwrap().contains("requests_total 2\n"));
/// ```
pub struct CounterWithExemplarCell<E: ExemplarLabels> {
    count: AtomicU64,
    names: &'static [&'static str],
    slot: Slot,
    _labels: std::marker::PhantomData<fn() -> E>,
}

impl<E: ExemplarLabels> std::fmt::Debug for CounterWithExemplarCell<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CounterWithExemplarCell")
            .field("count", &self.get())
            .field("exemplar", &self.exemplar())
            .finish()
    }
}

impl<E: ExemplarLabels> std::fmt::Debug for HistogramWithExemplarsCell<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistogramWithExemplarsCell")
            .field("histogram", &self.histogram)
            .field("exemplars", &self.exemplars())
            .finish()
    }
}

impl<E: ExemplarLabels> CounterWithExemplarCell<E> {
    /// Adds one, keeping the exemplar there is.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
    /// cell.inc();
    /// assert_eq!(cell.get(), 1);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn inc(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds `v` (wrapping at `u64::MAX`), keeping the exemplar there is.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
    /// cell.inc_by(4);
    /// assert_eq!(cell.get(), 4);
    /// ```
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn inc_by(&self, v: u64) {
        self.count.fetch_add(v, Ordering::Relaxed);
    }

    /// Adds one and makes `exemplar` (the label values, in declaration
    /// order) the series' exemplar, with value 1 and the time now.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String, String)>::new(ExemplarConfig::new((), &["trace_id", "span_id"]));
    /// cell.inc_with_exemplar(("abc", "def"));
    /// assert_eq!(cell.exemplar().unwrap().labels[1], ("span_id", "def".to_owned()));
    /// ```
    #[inline]
    pub fn inc_with_exemplar(&self, exemplar: E::Values<'_>) {
        self.inc_by_with_exemplar(1, exemplar)
    }

    /// Adds `v` and makes `exemplar` the series' exemplar, with value `v`.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
    /// cell.inc_by_with_exemplar(5, "abc");
    /// assert_eq!((cell.get(), cell.exemplar().unwrap().value), (5, 5.0));
    /// ```
    #[inline]
    pub fn inc_by_with_exemplar(&self, v: u64, exemplar: E::Values<'_>) {
        self.count.fetch_add(v, Ordering::Relaxed);
        self.slot.record(self.names, E::values(exemplar), v as f64);
    }

    /// The current value.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
    /// assert_eq!(cell.get(), 0);
    /// ```
    pub fn get(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// The latest exemplar, if one was recorded.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
    /// assert!(cell.exemplar().is_none());
    /// cell.inc_with_exemplar("a");
    /// cell.inc_with_exemplar("b"); // the latest wins
    /// assert_eq!(cell.exemplar().unwrap().labels[0].1, "b");
    /// ```
    pub fn exemplar(&self) -> Option<Exemplar> {
        self.slot.read(self.names)
    }
}

/// The labels of an exemplar handed to prometheus-client's encoder.
type PcExemplarLabels = Vec<(&'static str, String)>;

impl<E: ExemplarLabels> Cell for CounterWithExemplarCell<E> {
    type Config = ExemplarConfig<()>;
    const TYPE: MetricType = MetricType::Counter;
    fn new(config: ExemplarConfig<()>) -> Self {
        let names = if config.names.len() == E::ARITY {
            config.names
        } else {
            E::DEFAULT_NAMES
        };
        Self {
            count: AtomicU64::new(0),
            names,
            slot: Slot::default(),
            _labels: std::marker::PhantomData,
        }
    }
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        // prometheus-client's exemplars are made only by its own metrics: a
        // `CounterWithExemplar` of ours, made for this call, carries it.
        let value = self.get();
        match self.exemplar() {
            None => encoder.encode_counter::<NoLabelSet, _, u64>(&value, None),
            Some(exemplar) => {
                let carrier = PcCounterWithExemplar::<
                    PcExemplarLabels,
                    f64,
                    std::sync::atomic::AtomicU64,
                >::default();
                carrier.inc_by(
                    exemplar.value,
                    Some(exemplar.labels),
                    Some(exemplar.timestamp),
                );
                let (_, exemplar) = carrier.get();
                encoder.encode_counter(&value, exemplar.as_ref())
            }
        }
    }
    const WRITES: bool = true;
    #[inline]
    fn touch(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
    fn write(&self, out: &mut SeriesOut<'_>, labels: &str, _les: &[Box<str>]) {
        out.open("_total", labels);
        out.out.push_str(itoa::Buffer::new().format(self.get()));
        if out.format == crate::Format::OpenMetrics {
            self.slot.write(out.out, self.names);
        }
        out.out.push('\n');
    }
}

/// A classic histogram with an exemplar per bucket: a
/// [`HistogramCell`], and for each bucket the latest exemplar recorded with
/// an observation that fell in it. The cell of a `Histogram` declared with
/// `#[metric(exemplar(..))]`.
///
/// ```
/// use metrics_runtime::{metrics_family, Format, Histogram, Registry};
///
/// #[metrics_family]
/// struct Rpc {
///     /// Call latency
///     #[metric(unit = "seconds", buckets = [0.1, 1], exemplar(trace_id))]
///     latency: Histogram,
/// }
///
/// let registry = Registry::new();
/// let rpc = registry.register(Rpc::new()).unwrap();
/// rpc.latency.observe_with_exemplar(0.05, "abc");
/// rpc.latency.observe(0.5); // no exemplar
/// let text = registry.encode(Format::OpenMetrics).unwrap();
/// assert!(text.contains("rpc_latency_seconds_bucket{le=\"0.1\"} 1 # {trace_id=\"abc\"} 0.05 ")
///     || text.contains("latency_seconds_bucket{le=\"0.1\"} 1 # {trace_id=\"abc\"} 0.05 "));
/// assert!(text.contains("latency_seconds_bucket{le=\"1.0\"} 2\n"));
/// ```
pub struct HistogramWithExemplarsCell<E: ExemplarLabels> {
    histogram: HistogramCell,
    names: &'static [&'static str],
    /// One per bucket, `+Inf` last.
    slots: Box<[Slot]>,
    _labels: std::marker::PhantomData<fn() -> E>,
}

impl<E: ExemplarLabels> HistogramWithExemplarsCell<E> {
    /// Records `v` and makes `exemplar` the exemplar of the bucket `v`
    /// falls in, with value `v`.
    ///
    /// ```
    /// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell};
    ///
    /// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
    /// cell.observe_with_exemplar(7.0, "abc");
    /// assert_eq!(cell.get().count, 1);
    /// assert!(cell.exemplars()[0].is_none());
    /// assert_eq!(cell.exemplars()[1].as_ref().unwrap().value, 7.0); // `+Inf`
    /// ```
    #[inline]
    pub fn observe_with_exemplar(&self, v: f64, exemplar: E::Values<'_>) {
        let bucket = self.histogram.observe_bucket(v);
        self.slots[bucket].record(self.names, E::values(exemplar), v);
    }

    /// Records `v` without an exemplar (the bucket's last one stays).
    ///
    /// ```
    /// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell};
    ///
    /// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
    /// cell.observe_with_exemplar(0.5, "abc");
    /// cell.observe(0.6);
    /// assert_eq!(cell.get().count, 2);
    /// assert_eq!(cell.exemplars()[0].as_ref().unwrap().value, 0.5);
    /// ```
    #[inline]
    pub fn observe(&self, v: f64) {
        self.histogram.observe(v)
    }

    /// The counts and sum now, as [`HistogramCell::get`].
    ///
    /// ```
    /// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell};
    ///
    /// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
    /// cell.observe(0.5);
    /// assert_eq!(cell.get().buckets, [(1.0, 1), (f64::INFINITY, 1)]);
    /// ```
    pub fn get(&self) -> HistogramSnapshot {
        self.histogram.get()
    }

    /// Each bucket's latest exemplar, `+Inf` last.
    ///
    /// ```
    /// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell};
    ///
    /// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
    /// cell.observe_with_exemplar(0.5, "a");
    /// cell.observe_with_exemplar(0.7, "b"); // the same bucket: the latest wins
    /// assert_eq!(cell.exemplars()[0].as_ref().unwrap().labels[0].1, "b");
    /// ```
    pub fn exemplars(&self) -> Vec<Option<Exemplar>> {
        self.slots.iter().map(|s| s.read(self.names)).collect()
    }
}

// Not listed as "implemented for `HistogramWithExemplarsCell`": the message says it.
#[diagnostic::do_not_recommend]
impl<E: ExemplarLabels> Observe for HistogramWithExemplarsCell<E> {
    #[inline]
    fn observe(&self, v: f64) {
        self.histogram.observe(v)
    }
    #[inline]
    fn observe_duration(&self, d: Duration) {
        self.histogram.observe_duration(d)
    }
    fn start_timer(&self) -> Timer<'_> {
        self.histogram.start_timer()
    }
    fn held_timer(handle: Handle<Self>) -> Timer<'static> {
        Timer::boxed(Box::new(handle))
    }
}

impl<E: ExemplarLabels> Cell for HistogramWithExemplarsCell<E> {
    type Config = ExemplarConfig<&'static [f64]>;
    const TYPE: MetricType = MetricType::Histogram;
    fn new(config: Self::Config) -> Self {
        let names = if config.names.len() == E::ARITY {
            config.names
        } else {
            E::DEFAULT_NAMES
        };
        Self {
            histogram: HistogramCell::new(config.inner),
            names,
            slots: (0..=config.inner.len()).map(|_| Slot::default()).collect(),
            _labels: std::marker::PhantomData,
        }
    }
    fn encode(&self, encoder: &mut MetricEncoder) -> std::fmt::Result {
        // Through prometheus-client's encoder (a prometheus-client registry,
        // protobuf) without exemplars: its histogram exemplars are made by
        // its own histograms only. Our registry's writer writes them.
        self.histogram.encode(encoder)
    }
    const WRITES: bool = true;
    #[inline]
    fn touch(&self) -> u64 {
        self.histogram.touch()
    }
    fn write_bounds(&self) -> &[f64] {
        self.histogram.bounds()
    }
    fn write(&self, out: &mut SeriesOut<'_>, labels: &str, les: &[Box<str>]) {
        if out.format != crate::Format::OpenMetrics {
            return self.histogram.write(out, labels, les);
        }
        let mut counts = std::mem::take(out.scratch);
        counts.clear();
        counts.extend(self.histogram.bucket_counts());
        let sum = self.histogram.sum();
        let count: u64 = counts.iter().sum();
        out.open("_sum", labels);
        out.out.push_str(dtoa::Buffer::new().format(sum));
        out.out.push('\n');
        out.open("_count", labels);
        out.out.push_str(itoa::Buffer::new().format(count));
        out.out.push('\n');
        let mut cumulative = 0;
        for ((le, c), slot) in les.iter().zip(&counts).zip(self.slots.iter()) {
            cumulative += c;
            out.out.push_str(out.family);
            out.out.push_str("_bucket{le=\"");
            out.out.push_str(le);
            out.out.push('"');
            if !labels.is_empty() {
                out.out.push(',');
                out.out.push_str(labels);
            }
            out.out.push_str("} ");
            out.out.push_str(itoa::Buffer::new().format(cumulative));
            slot.write(out.out, self.names);
            out.out.push('\n');
        }
        *out.scratch = counts;
    }
}

// Recording with an exemplar on one series chosen by enum labels, for every
// arity, on a metric of enum labels only and on a `FreeHandle`: forwarded to
// `with(..)`, as the plain recording methods are.
macro_rules! enum_exemplar_recording {
    ($target:ident; $($t:ident $v:ident),*) => {
        impl<$($t: LabelValue,)* E: ExemplarLabels> $target<($($t,)*), CounterWithExemplarCell<E>> {
            /// The value of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Jobs {
            ///     /// Jobs run
            ///     #[metric(exemplar(trace_id))]
            ///     runs: Counter,
            /// }
            ///
            /// assert_eq!(Jobs::new().runs.get(), 0);
            /// ```
            pub fn get(&self, $($v: $t),*) -> u64 {
                self.with($($v),*).get()
            }
            /// The latest exemplar of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Jobs {
            ///     /// Jobs run
            ///     #[metric(exemplar(trace_id))]
            ///     runs: Counter,
            /// }
            ///
            /// let m = Jobs::new();
            /// assert!(m.runs.exemplar().is_none());
            /// ```
            pub fn exemplar(&self, $($v: $t),*) -> Option<Exemplar> {
                self.with($($v),*).exemplar()
            }
        }

        impl<$($t: LabelValue,)* E: ExemplarLabels> $target<($($t,)*), HistogramWithExemplarsCell<E>> {
            /// The counts and sum of the series for these label values.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram};
            ///
            /// #[metrics_family]
            /// struct Rpc {
            ///     /// Call latency
            ///     #[metric(unit = "seconds", exemplar(trace_id))]
            ///     latency: Histogram,
            /// }
            ///
            /// let m = Rpc::new();
            /// m.latency.observe(0.5);
            /// assert_eq!(m.latency.get().count, 1);
            /// ```
            pub fn get(&self, $($v: $t),*) -> HistogramSnapshot {
                self.with($($v),*).get()
            }
            /// Each bucket's latest exemplar in the series for these label
            /// values, `+Inf` last.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram};
            ///
            /// #[metrics_family]
            /// struct Rpc {
            ///     /// Call latency
            ///     #[metric(unit = "seconds", buckets = [1], exemplar(trace_id))]
            ///     latency: Histogram,
            /// }
            ///
            /// let m = Rpc::new();
            /// assert_eq!(m.latency.exemplars(), [None, None]);
            /// ```
            pub fn exemplars(&self, $($v: $t),*) -> Vec<Option<Exemplar>> {
                self.with($($v),*).exemplars()
            }
        }

        impl<$($t: LabelValue,)* M: Cell> $target<($($t,)*), M> {
            /// Adds one to the series for these label values and makes
            /// `exemplar` (its label values) the series' exemplar.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Jobs {
            ///     /// Jobs run
            ///     #[metric(exemplar(trace_id, span_id))]
            ///     runs: Counter,
            /// }
            ///
            /// let m = Jobs::new();
            /// m.runs.inc_with_exemplar(("4bf92f3577b34da6", "00f067aa0ba902b7"));
            /// assert_eq!(m.runs.exemplar().unwrap().labels[0], ("trace_id", "4bf92f3577b34da6".to_owned()));
            /// ```
            #[inline]
            pub fn inc_with_exemplar(&self, $($v: $t,)* exemplar: <M::Labels as ExemplarLabels>::Values<'_>)
            where
                M: CountWithExemplar,
            {
                CountWithExemplar::inc_by_with_exemplar(self.with($($v),*), 1, exemplar)
            }

            /// Adds `v` to the series for these label values and makes
            /// `exemplar` the series' exemplar, with value `v`.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Jobs {
            ///     /// Bytes sent
            ///     #[metric(exemplar(trace_id))]
            ///     bytes: Counter,
            /// }
            ///
            /// let m = Jobs::new();
            /// m.bytes.inc_by_with_exemplar(512, "abc");
            /// assert_eq!(m.bytes.exemplar().unwrap().value, 512.0);
            /// ```
            #[inline]
            pub fn inc_by_with_exemplar(&self, $($v: $t,)* v: u64, exemplar: <M::Labels as ExemplarLabels>::Values<'_>)
            where
                M: CountWithExemplar,
            {
                CountWithExemplar::inc_by_with_exemplar(self.with($($v),*), v, exemplar)
            }

            /// Records `v` in the series for these label values and makes
            /// `exemplar` the exemplar of the bucket `v` falls in.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram};
            ///
            /// #[metrics_family]
            /// struct Rpc {
            ///     /// Call latency
            ///     #[metric(unit = "seconds", buckets = [0.1, 1], exemplar(trace_id))]
            ///     latency: Histogram,
            /// }
            ///
            /// let m = Rpc::new();
            /// m.latency.observe_with_exemplar(0.5, "abc");
            /// assert_eq!(m.latency.get().count, 1);
            /// assert_eq!(m.latency.exemplars()[1].as_ref().unwrap().value, 0.5);
            /// ```
            #[inline]
            pub fn observe_with_exemplar(&self, $($v: $t,)* v: f64, exemplar: <M::Labels as ExemplarLabels>::Values<'_>)
            where
                M: ObserveWithExemplar,
            {
                ObserveWithExemplar::observe_with_exemplar(self.with($($v),*), v, exemplar)
            }
        }
    };
}

macro_rules! exemplar_arity {
    ($($t:ident $v:ident),*) => {
        enum_exemplar_recording!(Metric; $($t $v),*);
        enum_exemplar_recording!(FreeHandle; $($t $v),*);
    };
}

exemplar_arity!();
// As in `metric.rs`: the doctests run once, from the impls without labels.
#[cfg(not(doctest))]
exemplar_arity!(A a);
#[cfg(not(doctest))]
exemplar_arity!(A a, B b);
#[cfg(not(doctest))]
exemplar_arity!(A a, B b, C2 c);
#[cfg(not(doctest))]
exemplar_arity!(A a, B b, C2 c, D d);

/// `MixedLabels::Free` from the free-form arguments: `x` or `(x, y)`.
macro_rules! free_value {
    ($x:ident) => {
        $x
    };
    ($x:ident $y:ident) => {
        ($x, $y)
    };
}

// Every shape with free-form labels (see `label::for_each_mixed_shape`).
macro_rules! mixed_exemplar_impls {
    (
        docs: [$($doc:tt)*]
        types: [$($ty:ty),*]
        args: [$($arg:ident: $argty:ty),*]
        enums: [$($et:ident $ev:ident),*]
        free: [$($fv:ident),*]
        slots: [$($slot:expr),*]
    ) => {
        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue,)* E: ExemplarLabels> Metric<($($ty,)*), CounterWithExemplarCell<E>> {
            /// The value of the series for these label values; 0 if it does
            /// not exist. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), exemplar(trace_id))]
            ///     requests: Counter,
            /// }
            ///
            /// assert_eq!(Http::new().requests.get("/users"), 0);
            /// ```
            pub fn get(&self, $($arg: $argty),*) -> u64 {
                self.store().read(free_value!($($fv)*), ($($ev,)*), |c| c.get()).unwrap_or(0)
            }
            /// The latest exemplar of the series for these label values, if
            /// the series exists and has one. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), exemplar(trace_id))]
            ///     requests: Counter,
            /// }
            ///
            /// assert!(Http::new().requests.exemplar("/users").is_none());
            /// ```
            pub fn exemplar(&self, $($arg: $argty),*) -> Option<Exemplar> {
                self.store().read(free_value!($($fv)*), ($($ev,)*), |c| c.exemplar()).flatten()
            }
        }

        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue,)* E: ExemplarLabels> Metric<($($ty,)*), HistogramWithExemplarsCell<E>> {
            /// The counts and sum of the series for these label values, if it
            /// exists. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [1], exemplar(trace_id))]
            ///     latency: Histogram,
            /// }
            ///
            /// let m = Http::new();
            /// m.latency.observe("/users", 0.5);
            /// assert_eq!(m.latency.get("/users").map(|s| s.count), Some(1));
            /// ```
            pub fn get(&self, $($arg: $argty),*) -> Option<HistogramSnapshot> {
                self.store().read(free_value!($($fv)*), ($($ev,)*), |c| c.get())
            }
            /// Each bucket's latest exemplar in the series for these label
            /// values, if it exists. Records nothing.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [1], exemplar(trace_id))]
            ///     latency: Histogram,
            /// }
            ///
            /// assert_eq!(Http::new().latency.exemplars("/users"), None);
            /// ```
            pub fn exemplars(&self, $($arg: $argty),*) -> Option<Vec<Option<Exemplar>>> {
                self.store().read(free_value!($($fv)*), ($($ev,)*), |c| c.exemplars())
            }
        }

        $($doc)*
        #[allow(clippy::too_many_arguments)]
        impl<$($et: LabelValue,)* M: Cell> Metric<($($ty,)*), M> {
            /// Adds one to the series for these label values and makes
            /// `exemplar` the series' exemplar.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), exemplar(trace_id))]
            ///     requests: Counter,
            /// }
            ///
            /// let m = Http::new();
            /// m.requests.inc_with_exemplar("/users", "abc");
            /// assert_eq!(m.requests.exemplar("/users").unwrap().labels[0].1, "abc");
            /// ```
            #[inline]
            pub fn inc_with_exemplar(&self, $($arg: $argty,)* exemplar: <M::Labels as ExemplarLabels>::Values<'_>)
            where
                M: CountWithExemplar,
            {
                self.store().with_cell(free_value!($($fv)*), ($($ev,)*), |c| CountWithExemplar::inc_by_with_exemplar(c, 1, exemplar))
            }

            /// Adds `v` to the series for these label values and makes
            /// `exemplar` the series' exemplar, with value `v`.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Counter};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), exemplar(trace_id))]
            ///     bytes: Counter,
            /// }
            ///
            /// let m = Http::new();
            /// m.bytes.inc_by_with_exemplar("/users", 100, "abc");
            /// assert_eq!(m.bytes.exemplar("/users").unwrap().value, 100.0);
            /// ```
            #[inline]
            pub fn inc_by_with_exemplar(&self, $($arg: $argty,)* v: u64, exemplar: <M::Labels as ExemplarLabels>::Values<'_>)
            where
                M: CountWithExemplar,
            {
                self.store().with_cell(free_value!($($fv)*), ($($ev,)*), |c| CountWithExemplar::inc_by_with_exemplar(c, v, exemplar))
            }

            /// Records `v` in the series for these label values and makes
            /// `exemplar` the exemplar of the bucket `v` falls in.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Histogram};
            ///
            /// #[metrics_family]
            /// struct Http {
            ///     /// By route
            ///     #[metric(labels(route: String), buckets = [1], exemplar(trace_id))]
            ///     latency: Histogram,
            /// }
            ///
            /// let m = Http::new();
            /// m.latency.observe_with_exemplar("/users", 0.5, "abc");
            /// assert_eq!(m.latency.exemplars("/users").unwrap()[0].as_ref().unwrap().value, 0.5);
            /// ```
            #[inline]
            pub fn observe_with_exemplar(&self, $($arg: $argty,)* v: f64, exemplar: <M::Labels as ExemplarLabels>::Values<'_>)
            where
                M: ObserveWithExemplar,
            {
                self.store().with_cell(free_value!($($fv)*), ($($ev,)*), |c| ObserveWithExemplar::observe_with_exemplar(c, v, exemplar))
            }
        }
    };
}

crate::label::for_each_mixed_shape!(mixed_exemplar_impls);

/// The cells that keep a counter's exemplar: the recording methods
/// `inc_with_exemplar` and `inc_by_with_exemplar` are bounded by it, so
/// calling one on a metric without exemplars says so in the kinds' names.
///
/// ```
/// use metrics_runtime::{Cell, CountWithExemplar, CounterWithExemplarCell, ExemplarConfig};
///
/// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
/// CountWithExemplar::inc_by_with_exemplar(&cell, 2, "abc");
/// assert_eq!(cell.get(), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` keeps no exemplars: `inc_with_exemplar` and `inc_by_with_exemplar` record into a `Counter` declared with `#[metric(exemplar(..))]`",
    label = "this metric has no exemplars",
    note = "add `exemplar(trace_id)` to the field's `#[metric(..)]` to record exemplars; without it, count with `inc` and `inc_by`"
)]
pub trait CountWithExemplar: Cell {
    /// The shape of the exemplar's label set.
    type Labels: ExemplarLabels;
    /// Adds `v` and keeps `exemplar`, with value `v`.
    ///
    /// ```
    /// use metrics_runtime::{Cell, CountWithExemplar, CounterWithExemplarCell, ExemplarConfig};
    ///
    /// let cell = CounterWithExemplarCell::<(String,)>::new(ExemplarConfig::new((), &["trace_id"]));
    /// CountWithExemplar::inc_by_with_exemplar(&cell, 4, "abc");
    /// assert_eq!(cell.exemplar().unwrap().value, 4.0);
    /// ```
    fn inc_by_with_exemplar(&self, v: u64, exemplar: <Self::Labels as ExemplarLabels>::Values<'_>);
}

// Not listed as "implemented for `CounterWithExemplarCell`": the message says it.
#[diagnostic::do_not_recommend]
impl<E: ExemplarLabels> CountWithExemplar for CounterWithExemplarCell<E> {
    type Labels = E;
    #[inline]
    fn inc_by_with_exemplar(&self, v: u64, exemplar: E::Values<'_>) {
        CounterWithExemplarCell::inc_by_with_exemplar(self, v, exemplar)
    }
}

/// The cells that keep a histogram's exemplars: `observe_with_exemplar` is
/// bounded by it.
///
/// ```
/// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell, ObserveWithExemplar};
///
/// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
/// ObserveWithExemplar::observe_with_exemplar(&cell, 0.5, "abc");
/// assert_eq!(cell.get().count, 1);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` keeps no exemplars: `observe_with_exemplar` records into a classic `Histogram` declared with `#[metric(exemplar(..))]`",
    label = "this metric has no exemplars",
    note = "add `exemplar(trace_id)` to the field's `#[metric(..)]` of a `Histogram` to record exemplars; without it, observe with `observe`"
)]
pub trait ObserveWithExemplar: Cell {
    /// The shape of the exemplar's label set.
    type Labels: ExemplarLabels;
    /// Records `v` and keeps `exemplar` for its bucket.
    ///
    /// ```
    /// use metrics_runtime::{Cell, ExemplarConfig, HistogramWithExemplarsCell, ObserveWithExemplar};
    ///
    /// let cell = HistogramWithExemplarsCell::<(String,)>::new(ExemplarConfig::new(&[1.0], &["trace_id"]));
    /// ObserveWithExemplar::observe_with_exemplar(&cell, 2.0, "abc");
    /// assert_eq!(cell.exemplars()[1].as_ref().unwrap().value, 2.0);
    /// ```
    fn observe_with_exemplar(&self, v: f64, exemplar: <Self::Labels as ExemplarLabels>::Values<'_>);
}

// Not listed as "implemented for `HistogramWithExemplarsCell`": the message says it.
#[diagnostic::do_not_recommend]
impl<E: ExemplarLabels> ObserveWithExemplar for HistogramWithExemplarsCell<E> {
    type Labels = E;
    #[inline]
    fn observe_with_exemplar(&self, v: f64, exemplar: E::Values<'_>) {
        HistogramWithExemplarsCell::observe_with_exemplar(self, v, exemplar)
    }
}

/// The metric a `Counter` or `Histogram` field declared with
/// `exemplar(..)` is: `<Counter<L> as WithExemplar<E>>::Metric`, so the
/// field's type still names the kind the user wrote.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no exemplars",
    label = "exemplars are kept by a `Counter` or a classic `Histogram`",
    note = "declare `exemplar(..)` on a `Counter` or `Histogram` field"
)]
pub trait WithExemplar<E: ExemplarLabels> {
    /// The metric with exemplar cells.
    type Metric;
}

impl<L: crate::label::LabelSet, E: ExemplarLabels> WithExemplar<E>
    for Metric<L, crate::cell::CounterCell>
{
    type Metric = Metric<L, CounterWithExemplarCell<E>>;
}

impl<L: crate::label::LabelSet, E: ExemplarLabels> WithExemplar<E> for Metric<L, HistogramCell> {
    type Metric = Metric<L, HistogramWithExemplarsCell<E>>;
}

/// A counter with exemplars: the type of a `Counter` field declared with
/// `#[metric(exemplar(..))]`, `E` the shape of the exemplar label set.
///
/// ```
/// use metrics_runtime::{metrics_family, Counter, CounterWithExemplar};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Jobs run
///     #[metric(exemplar(trace_id))]
///     runs: Counter,
/// }
///
/// let jobs = Jobs::new();
/// let runs: &CounterWithExemplar = &jobs.runs;
/// runs.inc_with_exemplar("abc");
/// assert_eq!(runs.get(), 1);
/// ```
pub type CounterWithExemplar<L = (), E = (String,)> = Metric<L, CounterWithExemplarCell<E>>;

/// A classic histogram with exemplars: the type of a `Histogram` field
/// declared with `#[metric(exemplar(..))]`.
///
/// ```
/// use metrics_runtime::{metrics_family, Histogram, HistogramWithExemplars};
///
/// #[metrics_family]
/// struct Rpc {
///     /// Call latency
///     #[metric(unit = "seconds", exemplar(trace_id))]
///     latency: Histogram,
/// }
///
/// let rpc = Rpc::new();
/// let latency: &HistogramWithExemplars = &rpc.latency;
/// latency.observe_with_exemplar(0.2, "abc");
/// assert_eq!(latency.get().count, 1);
/// ```
pub type HistogramWithExemplars<L = (), E = (String,)> = Metric<L, HistogramWithExemplarsCell<E>>;

// Another kind's recording methods on one series, hidden (see `wrong_kind`).
crate::wrong_kind::cell_stubs!(counter [E: ExemplarLabels] CounterWithExemplarCell<E>);
crate::wrong_kind::cell_stubs!(histogram [E: ExemplarLabels] HistogramWithExemplarsCell<E>);
