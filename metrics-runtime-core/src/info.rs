//! Info metrics: one constant label set, value 1 (`build_info`-style).
//!
//! See [`Info`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, PoisonError, RwLock};

use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, LabelSetEncoder, MetricEncoder};
use prometheus_client::metrics::MetricType;

use crate::label::{ConstLabels, LabelValue};

/// An info metric: one label set, value `1`, exported as the OpenMetrics
/// `info` type, whose sample is the name with `_info` appended
/// (`build_info{version="1.4.2",commit="9f3e1c2"} 1`). In the 0.0.4 text
/// format and in protobuf, which have no info type, it is a gauge named
/// `<name>_info` with the same sample (what prometheus-client writes).
///
/// Declared in a family as `#[metric(labels(version: String, commit:
/// String))] build: Info` (up to eight labels, `String`s or
/// [`LabelValue`] enums, in any order; the name without `_info`, which the
/// format appends). [`set`](Self::set) gives the one label set; setting
/// again replaces it, under a lock a scrape also takes, so a scrape sees the
/// old set or the new one, never both and never a mix. Until the first
/// `set`, the family is written with no sample.
///
/// ```
/// use metrics_runtime::{metrics_family, Format, Info, Registry};
///
/// #[metrics_family(prefix = "node")]
/// struct Node {
///     /// Build information
///     #[metric(labels(version: String, commit: String))]
///     build: Info,
/// }
///
/// let registry = Registry::new();
/// let node = registry.register(Node::new()).unwrap();
/// node.build.set("1.4.2", "9f3e1c2");
/// assert_eq!(
///     registry.encode(Format::OpenMetrics).unwrap(),
///     "# HELP node_build Build information.\n\
///      ## TYPE node_build info\n\
///      node_build_info{version=\"1.4.2\",commit=\"9f3e1c2\"} 1\n\
///      ## EOF\n"
/// );
/// node.build.set("1.4.3", "77aa01b"); // replaces the set
/// assert_eq!(
///     registry.encode(Format::Text).unwrap(),
///     "# HELP node_build_info Build information.\n\
///      ## TYPE node_build_info gauge\n\
///      node_build_info{version=\"1.4.3\",commit=\"77aa01b\"} 1\n"
/// );
/// ```
pub struct Info<L: InfoLabels> {
    inner: Arc<Inner>,
    _labels: PhantomData<fn() -> L>,
}

struct Inner {
    names: &'static [&'static str],
    consts: ConstLabels,
    /// The label values, in declaration order, once set.
    values: RwLock<Option<Box<[Box<str>]>>>,
}

/// One label of an [`Info`] metric: a `String` (set as `&str`) or a
/// [`LabelValue`] enum (set as its value).
///
/// ```
/// use metrics_runtime::{InfoLabel, LabelValue};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Channel { Stable, Nightly }
///
/// assert_eq!(<String as InfoLabel>::text("1.4.2"), "1.4.2");
/// assert_eq!(<Channel as InfoLabel>::text(Channel::Nightly), "nightly");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a label of an info metric",
    label = "not an info label",
    note = "an info metric's labels are `String`s or `#[derive(metrics_runtime::LabelValue)]` enums"
)]
pub trait InfoLabel: 'static {
    /// What `set` takes for this label: `&str` for a `String`, the enum
    /// itself for a [`LabelValue`].
    type Arg<'a>;
    /// The value as exported.
    ///
    /// ```
    /// use metrics_runtime::InfoLabel;
    ///
    /// assert_eq!(<String as InfoLabel>::text("abc"), "abc");
    /// ```
    fn text<'a>(arg: Self::Arg<'a>) -> &'a str;
}

impl InfoLabel for String {
    type Arg<'a> = &'a str;
    fn text<'a>(arg: Self::Arg<'a>) -> &'a str {
        arg
    }
}

impl<T: LabelValue> InfoLabel for T {
    type Arg<'a> = T;
    fn text<'a>(arg: Self::Arg<'a>) -> &'a str {
        arg.as_str()
    }
}

/// The label types of an [`Info`] metric, as a tuple in declaration order:
/// one to eight [`InfoLabel`]s. The macro writes it from
/// `#[metric(labels(...))]`.
///
/// ```
/// use metrics_runtime::InfoLabels;
///
/// assert_eq!(<(String, String) as InfoLabels>::ARITY, 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set of info labels",
    note = "an info metric has one to eight labels, each a `String` or a `#[derive(metrics_runtime::LabelValue)]` enum"
)]
pub trait InfoLabels: 'static {
    /// How many labels.
    ///
    /// ```
    /// use metrics_runtime::InfoLabels;
    ///
    /// assert_eq!(<(String,) as InfoLabels>::ARITY, 1);
    /// ```
    const ARITY: usize;
}

impl<L: InfoLabels> Info<L> {
    /// An info metric with label names `names` (one per element of `L`),
    /// not set yet.
    ///
    /// Generated code calls this; users normally get info metrics from
    /// their family's `new()`.
    ///
    /// ```
    /// use metrics_runtime::Info;
    ///
    /// let build: Info<(String,)> = Info::new(&["version"]);
    /// assert_eq!(build.get(), None);
    /// build.set("1.0.0");
    /// assert_eq!(build.get(), Some(vec!["1.0.0".to_owned()]));
    /// ```
    pub fn new(names: &'static [&'static str]) -> Self {
        Self::with_const_labels(names, ConstLabels::empty())
    }

    /// As [`new`](Self::new), for one instance of a family with constant
    /// labels: `consts` are written before the metric's own labels.
    ///
    /// ```
    /// use metrics_runtime::{ConstLabels, Info};
    ///
    /// let consts = ConstLabels::new([("peer", "alice".to_owned())]);
    /// let build: Info<(String,)> = Info::with_const_labels(&["version"], consts);
    /// assert_eq!(build.const_labels().iter().next(), Some(("peer", "alice")));
    /// ```
    pub fn with_const_labels(names: &'static [&'static str], consts: ConstLabels) -> Self {
        assert_eq!(names.len(), L::ARITY, "one name per label");
        Self {
            inner: Arc::new(Inner {
                names,
                consts,
                values: RwLock::new(None),
            }),
            _labels: PhantomData,
        }
    }

    /// The label names, in `set`'s order.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Info};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Build information
    ///     #[metric(labels(version: String, commit: String))]
    ///     build: Info,
    /// }
    ///
    /// assert_eq!(App::new().build.label_names(), ["version", "commit"]);
    /// ```
    pub fn label_names(&self) -> &'static [&'static str] {
        self.inner.names
    }

    /// The instance's constant labels (empty for most families).
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Info};
    ///
    /// #[metrics_family(const_labels(peer: String))]
    /// struct Peer {
    ///     /// Build information
    ///     #[metric(labels(version: String))]
    ///     build: Info,
    /// }
    ///
    /// let m = Peer::new("alice".to_owned());
    /// assert_eq!(m.build.const_labels().iter().next(), Some(("peer", "alice")));
    /// ```
    pub fn const_labels(&self) -> &ConstLabels {
        &self.inner.consts
    }

    /// The label values set last, in declaration order; `None` before the
    /// first `set`.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Info};
    ///
    /// #[metrics_family]
    /// struct App {
    ///     /// Build information
    ///     #[metric(labels(version: String))]
    ///     build: Info,
    /// }
    ///
    /// let app = App::new();
    /// assert_eq!(app.build.get(), None);
    /// app.build.set("2.0.1");
    /// assert_eq!(app.build.get(), Some(vec!["2.0.1".to_owned()]));
    /// ```
    pub fn get(&self) -> Option<Vec<String>> {
        let values = self
            .inner
            .values
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        values
            .as_ref()
            .map(|values| values.iter().map(|v| v.to_string()).collect())
    }

    fn replace(&self, values: Box<[Box<str>]>) {
        let mut current = self
            .inner
            .values
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *current = Some(values);
    }

    /// Writes the one sample, if set, through prometheus-client's encoder.
    pub(crate) fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        let values = self
            .inner
            .values
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        match values.as_ref() {
            Some(values) => encoder.encode_info(&InfoLabelSet {
                consts: &self.inner.consts,
                names: self.inner.names,
                values,
            }),
            None => Ok(()),
        }
    }
}

/// The sample's labels: constant labels, then the metric's own.
struct InfoLabelSet<'a> {
    consts: &'a ConstLabels,
    names: &'a [&'static str],
    values: &'a [Box<str>],
}

impl EncodeLabelSet for InfoLabelSet<'_> {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> fmt::Result {
        self.consts.encode(encoder)?;
        for (name, value) in self.names.iter().zip(self.values) {
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

impl<L: InfoLabels> Clone for Info<L> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            _labels: PhantomData,
        }
    }
}

impl<L: InfoLabels> fmt::Debug for Info<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Info")
            .field("labels", &self.inner.names)
            .field("values", &self.get())
            .finish_non_exhaustive()
    }
}

/// Registered as a hand-written metric or into a prometheus-client
/// registry, an info metric is prometheus-client's info type.
///
/// ```
/// use metrics_runtime::prometheus_client::registry::Registry;
/// use metrics_runtime::{encode, Format, Info};
///
/// let build: Info<(String,)> = Info::new(&["version"]);
/// build.set("1.0.0");
/// let mut registry = Registry::default();
/// registry.register("build", "Build information", build.clone());
/// assert!(encode(&registry, Format::OpenMetrics)
///     .unwrap()
///     .contains("# TYPE build info\nbuild_info{version=\"1.0.0\"} 1\n"));
/// ```
impl<L: InfoLabels> EncodeMetric for Info<L> {
    fn encode(&self, mut encoder: MetricEncoder) -> fmt::Result {
        self.encode_series(&mut encoder)
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Info
    }
}

impl<L: InfoLabels> crate::registry::Series for Info<L> {
    fn encode_series(&self, encoder: &mut MetricEncoder) -> fmt::Result {
        Info::encode_series(self, encoder)
    }

    fn encode_overflow(&self, _encoder: &mut MetricEncoder) -> fmt::Result {
        // One series: nothing to overflow.
        Ok(())
    }

    fn write_series(
        &self,
        _pre: &crate::write::Prerendered,
        _out: &mut crate::write::SeriesOut<'_>,
    ) -> bool {
        // Written through prometheus-client's encoder, which writes the
        // info type in every format.
        false
    }

    fn write_overflow(
        &self,
        _pre: &crate::write::Prerendered,
        _out: &mut crate::write::SeriesOut<'_>,
    ) {
    }

    fn prerender(&self, _pre: &crate::write::Prerendered) {}

    fn metric_type(&self) -> MetricType {
        MetricType::Info
    }
}

// Not shown as "implemented for `Info<L>`": the note names the kinds.
#[diagnostic::do_not_recommend]
impl<L: InfoLabels> crate::__private::FamilyField for Info<L> {
    type Config = ();
    fn create(
        names: &'static [&'static str],
        consts: ConstLabels,
        (): (),
        _bounds: crate::store::Bounds,
    ) -> Self {
        Self::with_const_labels(names, consts)
    }
    fn registered(&self) -> crate::registry::Registered {
        crate::registry::Registered::of(self.clone())
    }
    fn consts(&self) -> &ConstLabels {
        self.const_labels()
    }
    fn create_default(names: &'static [&'static str], consts: ConstLabels) -> Self {
        Self::with_const_labels(names, consts)
    }
}

// `InfoLabels` and `set` for one to eight labels; past the first arity
// hidden from the docs, and their doctests not collected again.
macro_rules! info_arity {
    ($(#[$attr:meta])* ; $arity:literal; $($t:ident $v:ident),+) => {
        $(#[$attr])*
        impl<$($t: InfoLabel),+> InfoLabels for ($($t,)+) {
            const ARITY: usize = $arity;
        }

        $(#[$attr])*
        impl<$($t: InfoLabel),+> Info<($($t,)+)> {
            /// Gives the metric its label set, replacing the one set
            /// before (a `String` label as `&str`, an enum label as its
            /// value, in declaration order).
            ///
            /// ```
            /// use metrics_runtime::{metrics_family, Info};
            ///
            /// #[metrics_family]
            /// struct App {
            ///     /// Build information
            ///     #[metric(labels(version: String))]
            ///     build: Info,
            /// }
            ///
            /// let app = App::new();
            /// app.build.set("2.0.1");
            /// app.build.set("2.0.2");
            /// assert_eq!(app.build.get(), Some(vec!["2.0.2".to_owned()]));
            /// ```
            // One argument per label, as every recording method takes them.
            #[allow(clippy::too_many_arguments)]
            pub fn set(&self, $($v: $t::Arg<'_>),+) {
                self.replace(Box::new([$(Box::from($t::text($v))),+]))
            }

            // A counter's `inc` called on an info metric: reported by
            // `InfoInc`'s message, not as a method that does not exist.
            crate::wrong_kind::stub!(Info<($($t,)+)>; InfoInc inc [$($t)+]);
        }
    };
}

info_arity!(; 1; A a);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 2; A a, B b);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 3; A a, B b, C c);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 4; A a, B b, C c, D d);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 5; A a, B b, C c, D d, E e);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 6; A a, B b, C c, D d, E e, F f);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 7; A a, B b, C c, D d, E e, F f, G g);
info_arity!(#[doc(hidden)] #[cfg(not(doctest))]; 8; A a, B b, C c, D d, E e, F f, G g, H h);
