//! State sets: one series per value of a [`LabelValue`] enum, 1 for the
//! current state and 0 for the others.
//!
//! See [`StateSet`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, LabelSetEncoder, MetricEncoder};
use prometheus_client::metrics::MetricType;

use crate::encode::Format;
use crate::label::{ConstLabels, FixedLabels, LabelValue};
use crate::sync::{AtomicUsize, Ordering};

/// A state set: the current value of a [`LabelValue`] enum `S`, exported as
/// one series per value, `1` for the current one and `0` for the others,
/// under a label named as the metric (OpenMetrics' `stateset`).
///
/// Declared in a family as `#[metric(states = SyncState)] sync_state:
/// StateSet`, with enum labels beside the state if it has any
/// (`labels(peer: Peer)`: one current state per peer). A new state set is in
/// the enum's first value: declare the initial state first.
///
/// [`set`](Self::set) stores the state's index in one atomic word per label
/// combination, and a scrape reads that word once per combination, so a
/// scrape never sees two states at 1, nor none.
///
/// In OpenMetrics, registered in this crate's [`Registry`](crate::Registry),
/// its type is `stateset`; in the 0.0.4 text format and in protobuf, which
/// have no state-set type, and through a standard prometheus-client registry
/// (whose encoders have none), it is a `gauge` with the same samples.
///
/// ```
/// use metrics_runtime::{metrics_family, Format, LabelValue, Registry, StateSet};
///
/// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
/// enum SyncState { Idle, Running, Failed }
///
/// #[metrics_family(prefix = "node")]
/// struct Node {
///     /// What the sync loop is doing
///     #[metric(states = SyncState)]
///     sync_state: StateSet,
/// }
///
/// let registry = Registry::new();
/// let node = registry.register(Node::new()).unwrap();
/// assert_eq!(node.sync_state.get(), SyncState::Idle);
/// node.sync_state.set(SyncState::Running);
/// assert_eq!(node.sync_state.get(), SyncState::Running);
/// assert_eq!(
///     registry.encode(Format::OpenMetrics).unwrap(),
///     "# HELP node_sync_state What the sync loop is doing.\n\
///      ## TYPE node_sync_state stateset\n\
///      node_sync_state{node_sync_state=\"idle\"} 0\n\
///      node_sync_state{node_sync_state=\"running\"} 1\n\
///      node_sync_state{node_sync_state=\"failed\"} 0\n\
///      ## EOF\n"
/// );
/// assert!(registry.encode(Format::Text).unwrap().contains("# TYPE node_sync_state gauge\n"));
/// ```
pub struct StateSet<S: LabelValue, L: FixedLabels = ()> {
    inner: Arc<Inner<S, L>>,
}

struct Inner<S, L> {
    /// The state label's name: the metric's exported name.
    label: &'static str,
    names: &'static [&'static str],
    consts: ConstLabels,
    /// The index of the current state, per combination of `L`.
    current: Box<[AtomicUsize]>,
    _types: PhantomData<fn() -> (S, L)>,
}

impl<S: LabelValue, L: FixedLabels> StateSet<S, L> {
    /// A state set whose state label is `label` (the name the metric is
    /// registered under, prefix included), with label names `names` (one
    /// per element of `L`), every combination in `S`'s first value.
    ///
    /// Generated code calls this; users normally get state sets from their
    /// family's `new()`.
    ///
    /// ```
    /// use metrics_runtime::{LabelValue, Registry, StateSet};
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Mode { Primary, Standby }
    ///
    /// let mode: StateSet<Mode> = StateSet::new("mode", &[]);
    /// mode.set(Mode::Standby);
    /// assert_eq!(mode.get(), Mode::Standby);
    /// ```
    pub fn new(label: &'static str, names: &'static [&'static str]) -> Self {
        Self::with_const_labels(label, names, ConstLabels::empty())
    }

    /// As [`new`](Self::new), for one instance of a family with constant
    /// labels: `consts` are written before the series' own labels.
    ///
    /// ```
    /// use metrics_runtime::{ConstLabels, LabelValue, StateSet};
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Mode { Primary, Standby }
    ///
    /// let consts = ConstLabels::new([("peer", "alice".to_owned())]);
    /// let mode: StateSet<Mode> = StateSet::with_const_labels("mode", &[], consts);
    /// assert_eq!(mode.const_labels().iter().next(), Some(("peer", "alice")));
    /// ```
    pub fn with_const_labels(
        label: &'static str,
        names: &'static [&'static str],
        consts: ConstLabels,
    ) -> Self {
        assert_eq!(names.len(), L::ARITY, "one name per label");
        Self {
            inner: Arc::new(Inner {
                label,
                names,
                consts,
                current: (0..L::CARDINALITY).map(|_| AtomicUsize::new(0)).collect(),
                _types: PhantomData,
            }),
        }
    }

    /// The state label's name (the metric's exported name).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, LabelValue, StateSet};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Mode { Primary, Standby }
    ///
    /// #[metrics_family(prefix = "db")]
    /// struct Db {
    ///     /// Replication mode
    ///     #[metric(states = Mode)]
    ///     mode: StateSet,
    /// }
    ///
    /// assert_eq!(Db::new().mode.state_label(), "db_mode");
    /// ```
    pub fn state_label(&self) -> &'static str {
        self.inner.label
    }

    /// The label names beside the state, in recording order.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, LabelValue, StateSet};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Mode { Primary, Standby }
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Shard { A, B }
    ///
    /// #[metrics_family]
    /// struct Db {
    ///     /// Replication mode per shard
    ///     #[metric(states = Mode, labels(shard: Shard))]
    ///     mode: StateSet,
    /// }
    ///
    /// assert_eq!(Db::new().mode.label_names(), ["shard"]);
    /// ```
    pub fn label_names(&self) -> &'static [&'static str] {
        self.inner.names
    }

    /// The instance's constant labels (empty for most families).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, LabelValue, StateSet};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Mode { Primary, Standby }
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Replication mode
    ///     #[metric(states = Mode)]
    ///     mode: StateSet,
    /// }
    ///
    /// let m = Peer::new("alice".to_owned());
    /// assert_eq!(m.mode.const_labels().iter().next(), Some(("peer", "alice")));
    /// ```
    pub fn const_labels(&self) -> &ConstLabels {
        &self.inner.consts
    }

    /// Makes `state` the current state of the combination `labels`.
    fn set_at(&self, labels: L, state: S) {
        self.inner.current[labels.index()].store(state.index(), Ordering::Relaxed);
    }

    /// The current state of the combination `labels`.
    fn get_at(&self, labels: L) -> S {
        let index = self.inner.current[labels.index()].load(Ordering::Relaxed);
        // Only indices of `S`'s values are ever stored.
        S::from_index(index)
            .or_else(|| S::from_index(0))
            .unwrap_or_else(|| unreachable!("a LabelValue enum has a value"))
    }

    /// Writes every series through prometheus-client's encoder: a gauge
    /// sample per combination and state.
    pub(crate) fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        let inner = &*self.inner;
        for (index, current) in inner.current.iter().enumerate() {
            let now = current.load(Ordering::Relaxed);
            for (state, value) in S::VALUES.iter().enumerate() {
                let labels = StateLabels::<L> {
                    consts: &inner.consts,
                    names: inner.names,
                    index,
                    label: inner.label,
                    value,
                    _labels: PhantomData,
                };
                encoder
                    .encode_family(&labels)?
                    .encode_gauge(&i64::from(state == now))?;
            }
        }
        Ok(())
    }

    /// Writes every series with our registry's writer, each combination's
    /// label text rendered once into `pre`.
    pub(crate) fn write_series(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) {
        let inner = &*self.inner;
        let texts = self.texts(pre);
        for (text, current) in texts.iter().zip(inner.current.iter()) {
            let now = current.load(Ordering::Relaxed);
            for (state, value) in S::VALUES.iter().enumerate() {
                let line = &mut *out.out;
                line.push_str(out.family);
                line.push('{');
                if !text.is_empty() {
                    line.push_str(text);
                    line.push(',');
                }
                line.push_str(inner.label);
                line.push_str("=\"");
                crate::write::push_label_value(line, value);
                line.push_str(if state == now { "\"} 1\n" } else { "\"} 0\n" });
            }
        }
    }

    /// Each combination's label text (constant labels, then the labels
    /// beside the state), rendered the first time.
    pub(crate) fn texts<'p>(&self, pre: &'p crate::write::Prerendered) -> &'p [Box<str>] {
        let inner = &*self.inner;
        pre.labels(|| {
            (0..L::CARDINALITY)
                .map(|index| {
                    crate::write::render_fixed(&inner.consts, inner.names, |position| {
                        L::value_at(index, position)
                    })
                })
                .collect()
        })
    }
}

/// A state set's header in OpenMetrics, where its type is `stateset` (the
/// other formats write it as a gauge, with `write::push_header`).
pub(crate) fn push_openmetrics_header(out: &mut String, family: &str, help: &str) {
    out.push_str("# HELP ");
    out.push_str(family);
    out.push(' ');
    crate::write::push_openmetrics_help(out, help);
    out.push_str("\n# TYPE ");
    out.push_str(family);
    out.push_str(" stateset\n");
}

/// Whether a state set's header differs from a gauge's in `format`.
pub(crate) fn typed_as_stateset(format: Format) -> bool {
    format == Format::OpenMetrics
}

/// One sample's labels: constant labels, the labels beside the state, the
/// state label.
struct StateLabels<'a, L> {
    consts: &'a ConstLabels,
    names: &'a [&'static str],
    index: usize,
    label: &'static str,
    value: &'static str,
    _labels: PhantomData<fn() -> L>,
}

impl<L: FixedLabels> EncodeLabelSet for StateLabels<'_, L> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> fmt::Result {
        self.consts.encode(encoder)?;
        let labels = self
            .names
            .iter()
            .enumerate()
            .map(|(position, name)| (*name, L::value_at(self.index, position)))
            .chain([(self.label, self.value)]);
        for (name, value) in labels {
            let mut label = encoder.encode_label();
            let mut key = label.encode_label_key()?;
            fmt::Write::write_str(&mut key, name)?;
            let mut value_encoder = key.encode_label_value()?;
            fmt::Write::write_str(&mut value_encoder, value)?;
            value_encoder.finish()?;
        }
        Ok(())
    }
}

impl<S: LabelValue, L: FixedLabels> Clone for StateSet<S, L> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<S: LabelValue, L: FixedLabels> fmt::Debug for StateSet<S, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateSet")
            .field("label", &self.inner.label)
            .field("labels", &self.inner.names)
            .field("states", &S::VALUES)
            .finish_non_exhaustive()
    }
}

/// Registered as a hand-written metric or into a prometheus-client
/// registry, a state set is a gauge: prometheus-client has no state-set
/// type.
///
/// ```
/// use metrics_runtime::prometheus_client::registry::Registry;
/// use metrics_runtime::{encode, Format, LabelValue, StateSet};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Mode { Primary, Standby }
///
/// let mode: StateSet<Mode> = StateSet::new("mode", &[]);
/// let mut registry = Registry::default();
/// registry.register("mode", "Replication mode", mode.clone());
/// assert!(encode(&registry, Format::OpenMetrics).unwrap().contains(
///     "# TYPE mode gauge\nmode{mode=\"primary\"} 1\nmode{mode=\"standby\"} 0\n"
/// ));
/// ```
impl<S: LabelValue, L: FixedLabels> EncodeMetric for StateSet<S, L> {
    fn encode(&self, mut encoder: MetricEncoder) -> fmt::Result {
        self.encode_series(&mut encoder)
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Gauge
    }
}

impl<S: LabelValue, L: FixedLabels> crate::registry::Series for StateSet<S, L> {
    fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        StateSet::encode_series(self, encoder)
    }

    fn encode_overflow(&self, _encoder: &mut MetricEncoder) -> fmt::Result {
        // A state set has no free-form label, so no overflow counter.
        Ok(())
    }

    fn write_series(
        &self,
        pre: &crate::write::Prerendered,
        out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        StateSet::write_series(self, pre, out);
        true
    }

    fn write_overflow(
        &self,
        _pre: &crate::write::Prerendered,
        _out: &mut crate::write::SeriesOut<'_>,
    ) {
    }

    fn prerender(&self, pre: &crate::write::Prerendered) {
        self.texts(pre);
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Gauge
    }
}

// Not shown as "implemented for `StateSet<S, L>`": the note names the kinds.
#[diagnostic::do_not_recommend]
impl<S: LabelValue, L: FixedLabels> crate::__private::FamilyField for StateSet<S, L> {
    /// The state label's name.
    type Config = &'static str;
    fn create(
        names: &'static [&'static str],
        consts: ConstLabels,
        label: &'static str,
        _bounds: crate::store::Bounds,
    ) -> Self {
        Self::with_const_labels(label, names, consts)
    }
    fn registered(&self) -> crate::registry::Registered {
        crate::registry::Registered::of(self.clone())
    }
    fn consts(&self) -> &ConstLabels {
        self.const_labels()
    }
    /// Generated code always passes a state set its label's name
    /// ([`create`](Self::create)); this one names the state label `state`.
    fn create_default(names: &'static [&'static str], consts: ConstLabels) -> Self {
        Self::with_const_labels("state", names, consts)
    }
}

// `set` and `get` for every arity of enum labels beside the state.
// The arities past the first are hidden from the docs, and their doctests
// (the same examples) not collected again, as `metric.rs` does.
macro_rules! state_methods {
    ($(#[$attr:meta])* ; $($t:ident $v:ident),*) => {
        $(#[$attr])*
        impl<S: LabelValue, $($t: LabelValue),*> StateSet<S, ($($t,)*)> {
            /// Makes `state` the current state (of the series for these
            /// label values, if the state set has labels beside the state):
            /// one atomic store, so a scrape sees either the old state or
            /// the new one at 1, never both and never none.
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, LabelValue, StateSet};
            ///
            /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
            /// enum Mode { Primary, Standby }
            /// #[derive(Clone, Copy, LabelValue)]
            /// enum Shard { A, B }
            ///
            /// #[metrics_family]
            /// struct Db {
            ///     /// Replication mode
            ///     #[metric(states = Mode)]
            ///     mode: StateSet,
            ///     /// Replication mode per shard
            ///     #[metric(states = Mode, labels(shard: Shard))]
            ///     shard_mode: StateSet,
            /// }
            ///
            /// let db = Db::new();
            /// db.mode.set(Mode::Standby);
            /// db.shard_mode.set(Shard::B, Mode::Standby);
            /// assert_eq!(db.mode.get(), Mode::Standby);
            /// assert_eq!(db.shard_mode.get(Shard::A), Mode::Primary);
            /// assert_eq!(db.shard_mode.get(Shard::B), Mode::Standby);
            /// ```
            #[inline]
            pub fn set(&self, $($v: $t,)* state: S) {
                self.set_at(($($v,)*), state)
            }

            /// The current state (of the series for these label values, if
            /// the state set has labels beside the state).
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, LabelValue, StateSet};
            ///
            /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
            /// enum Mode { Primary, Standby }
            ///
            /// #[metrics_family]
            /// struct Db {
            ///     /// Replication mode
            ///     #[metric(states = Mode)]
            ///     mode: StateSet,
            /// }
            ///
            /// let db = Db::new();
            /// assert_eq!(db.mode.get(), Mode::Primary); // the first value
            /// ```
            pub fn get(&self, $($v: $t),*) -> S {
                self.get_at(($($v,)*))
            }
        }
    };
}

state_methods!(;);
state_methods!(#[doc(hidden)] #[cfg(not(doctest))]; A a);
state_methods!(#[doc(hidden)] #[cfg(not(doctest))]; A a, B b);
state_methods!(#[doc(hidden)] #[cfg(not(doctest))]; A a, B b, C c);
state_methods!(#[doc(hidden)] #[cfg(not(doctest))]; A a, B b, C c, D d);
