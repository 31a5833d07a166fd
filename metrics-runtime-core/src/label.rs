//! Typed labels: enums with a fixed set of values, and free-form strings.
//!
//! See [`LabelValue`] and [`LabelSet`].

use std::sync::Arc;

use prometheus_client::encoding::{EncodeLabelSet, LabelSetEncoder};

use crate::cell::Cell;
use crate::store::{FixedStore, MixedStore, Store};

/// A label whose values are the variants of a fieldless enum.
///
/// Derive it with `#[derive(LabelValue)]` (the only way: the trait is sealed,
/// because stores trust its indices): each variant encodes as the
/// snake_case of its name, or as `#[label(rename = "...")]` says. Because the
/// set of values is closed, a wrong value is a compile error and every series
/// of a metric labelled only by such enums exists (at zero) from the start.
///
/// # Examples
///
/// ```
/// use metrics_runtime::LabelValue;
///
/// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
/// enum PurgeClass {
///     /// Private signing-key material.
///     SigningKey,
///     #[label(rename = "context_cleanup")]
///     Contexts,
/// }
///
/// assert_eq!(PurgeClass::SigningKey.as_str(), "signing_key");
/// assert_eq!(PurgeClass::Contexts.as_str(), "context_cleanup");
/// assert_eq!(PurgeClass::VALUES, &["signing_key", "context_cleanup"]);
/// assert_eq!(PurgeClass::from_label("signing_key"), Some(PurgeClass::SigningKey));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a label value",
    label = "not a label value",
    note = "derive it on a fieldless enum with `#[derive(metrics_runtime::LabelValue)]`, or use `String` for a free-form label"
)]
// `LabelConst` (hidden, implemented by the derive) seals the trait: the
// store trusts `index()` to be in range, which the derive guarantees and a
// hand-written impl might not.
pub trait LabelValue: Copy + Send + Sync + 'static
where
    Self: crate::__private::LabelConst,
{
    /// The encoded values, in variant order.
    ///
    /// ```
    /// use metrics_runtime::LabelValue;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Class {
    ///     /// Private signing-key material.
    ///     SigningKey,
    ///     #[label(rename = "cleanup")]
    ///     Contexts,
    /// }
    ///
    /// assert_eq!(Class::VALUES, ["signing_key", "cleanup"]);
    /// ```
    const VALUES: &'static [&'static str];
    /// The variants' doc comments, in variant order (empty where none).
    ///
    /// ```
    /// use metrics_runtime::LabelValue;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Class {
    ///     /// Private signing-key material.
    ///     SigningKey,
    ///     #[label(rename = "cleanup")]
    ///     Contexts,
    /// }
    ///
    /// assert_eq!(Class::DOCS, ["Private signing-key material.", ""]);
    /// ```
    const DOCS: &'static [&'static str];

    /// The position of this value in [`LabelValue::VALUES`].
    ///
    /// ```
    /// use metrics_runtime::LabelValue;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Class {
    ///     /// Private signing-key material.
    ///     SigningKey,
    ///     #[label(rename = "cleanup")]
    ///     Contexts,
    /// }
    ///
    /// assert_eq!(Class::Contexts.index(), 1);
    /// ```
    fn index(self) -> usize;

    /// The value at `index` in [`LabelValue::VALUES`], if there is one.
    ///
    /// ```
    /// use metrics_runtime::LabelValue;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Class {
    ///     /// Private signing-key material.
    ///     SigningKey,
    ///     #[label(rename = "cleanup")]
    ///     Contexts,
    /// }
    ///
    /// assert_eq!(Class::from_index(0), Some(Class::SigningKey));
    /// assert_eq!(Class::from_index(2), None);
    /// ```
    fn from_index(index: usize) -> Option<Self>;

    /// The encoded value.
    ///
    /// ```
    /// use metrics_runtime::LabelValue;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Class {
    ///     /// Private signing-key material.
    ///     SigningKey,
    ///     #[label(rename = "cleanup")]
    ///     Contexts,
    /// }
    ///
    /// assert_eq!(LabelValue::as_str(Class::Contexts), "cleanup");
    /// ```
    fn as_str(self) -> &'static str {
        Self::VALUES[self.index()]
    }

    /// The value that encodes as `label`, if there is one.
    ///
    /// ```
    /// use metrics_runtime::LabelValue;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
    /// enum Class {
    ///     /// Private signing-key material.
    ///     SigningKey,
    ///     #[label(rename = "cleanup")]
    ///     Contexts,
    /// }
    ///
    /// assert_eq!(Class::from_label("cleanup"), Some(Class::Contexts));
    /// assert_eq!(Class::from_label("Contexts"), None); // the exported value only
    /// ```
    fn from_label(label: &str) -> Option<Self> {
        Self::VALUES
            .iter()
            .position(|v| *v == label)
            .and_then(Self::from_index)
    }
}

/// The label types of one metric, as a tuple in the order the recording
/// methods take them: `()`, `(A,)`, `(A, B)`, ... for [`LabelValue`] enums
/// (up to four), or any order and mix of up to four enums and up to two
/// `String`s for free-form labels: `(String,)`, `(Method, String, Status)`,
/// `(String, String)`, ...
///
/// The macro writes this type for you from `#[metric(labels(...))]`; its
/// associated store decides how series are kept: a fixed array for enums
/// ([`FixedStore`]), a bounded map of free-form value tuples, each with an
/// array over the enum labels, otherwise ([`MixedStore`]).
///
/// ```
/// use metrics_runtime::{LabelSet, LabelValue};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
///
/// assert_eq!(<() as LabelSet>::ARITY, 0);
/// assert_eq!(<(Method, String) as LabelSet>::ARITY, 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a supported set of label types",
    note = "labels are up to four `#[derive(LabelValue)]` enums and up to two `String`s, in any order"
)]
pub trait LabelSet: Send + Sync + 'static {
    /// How many labels the set has.
    ///
    /// ```
    /// use metrics_runtime::{LabelSet, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// assert_eq!(<(Method,) as LabelSet>::ARITY, 1);
    /// assert_eq!(<(String, Method, String) as LabelSet>::ARITY, 3);
    /// ```
    const ARITY: usize;
    /// Where the series of a metric with these labels live.
    type Store<C: Cell>: Store<C>;
}

/// A [`LabelSet`] made only of [`LabelValue`] enums: every combination has a
/// fixed index, so its series live in an array.
///
/// ```
/// use metrics_runtime::{FixedLabels, LabelValue};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
/// #[derive(Clone, Copy, LabelValue)]
/// enum Status { Ok, Error, Timeout }
///
/// type Labels = (Method, Status);
/// assert_eq!(Labels::CARDINALITY, 6);
/// let index = (Method::Post, Status::Error).index(); // 1 × 3 + 1
/// assert_eq!(index, 4);
/// assert_eq!((Labels::value_at(index, 0), Labels::value_at(index, 1)), ("post", "error"));
/// ```
pub trait FixedLabels: LabelSet + Copy {
    /// The number of label combinations: the product of the enums' sizes.
    ///
    /// ```
    /// use metrics_runtime::{FixedLabels, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Status { Ok, Error, Timeout }
    ///
    /// assert_eq!(<(Method, Status)>::CARDINALITY, 6);
    /// assert_eq!(<()>::CARDINALITY, 1);
    /// ```
    ///
    /// Every combination is a series created at zero with the metric, so
    /// more than 65,536 are refused: at the metric's `labels` for a family
    /// (at `cargo check`), and, for label sets written by hand, when this
    /// constant is evaluated (at `cargo build`). Four labels of 17 values
    /// each (83,521) do not compile.
    ///
    /// ```compile_fail,E0080
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum V { A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q }
    ///
    /// #[metrics_family]
    /// struct Wide {
    ///     /// Too many series
    ///     #[metric(labels(a: V, b: V, c: V, d: V))]
    ///     hits: Counter,
    /// }
    ///
    /// Wide::new().hits.inc(V::A, V::B, V::C, V::D);
    /// ```
    ///
    /// The same labels as a label set of one's own:
    ///
    /// ```compile_fail,E0080
    /// use metrics_runtime::{FixedLabels, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum V { A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q }
    ///
    /// const SERIES: usize = <(V, V, V, V)>::CARDINALITY;
    /// ```
    ///
    /// Four of 16 (65,536) do:
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Counter, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum V { A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P }
    ///
    /// #[metrics_family]
    /// struct Wide {
    ///     /// As many series as a metric takes
    ///     #[metric(labels(a: V, b: V, c: V, d: V))]
    ///     hits: Counter,
    /// }
    ///
    /// let wide = Wide::new();
    /// wide.hits.inc(V::A, V::B, V::C, V::P);
    /// assert_eq!(wide.hits.get(V::A, V::B, V::C, V::P), 1);
    /// ```
    const CARDINALITY: usize;
    /// The mixed-radix index of this combination (the first label is the most
    /// significant digit).
    ///
    /// ```
    /// use metrics_runtime::{FixedLabels, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Status { Ok, Error, Timeout }
    ///
    /// assert_eq!((Method::Get, Status::Ok).index(), 0);
    /// assert_eq!((Method::Post, Status::Timeout).index(), 5); // 1 × 3 + 2
    /// ```
    fn index(self) -> usize;
    /// Each label's encoded values, in declaration order, each list in
    /// index order: what [`value_at`](Self::value_at) reads. Stores write
    /// their series from it, so the code that does is the same for every
    /// set of labels.
    ///
    /// ```
    /// use metrics_runtime::{FixedLabels, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Status { Ok, Error, Timeout }
    ///
    /// assert_eq!(<(Method, Status)>::VALUES, [&["get", "post"][..], &["ok", "error", "timeout"]]);
    /// assert!(<()>::VALUES.is_empty());
    /// ```
    const VALUES: &'static [&'static [&'static str]];
    /// The encoded value of label `position` in combination `index`.
    ///
    /// ```
    /// use metrics_runtime::{FixedLabels, LabelValue};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Status { Ok, Error, Timeout }
    ///
    /// assert_eq!(<(Method, Status)>::value_at(5, 0), "post");
    /// assert_eq!(<(Method, Status)>::value_at(5, 1), "timeout");
    /// ```
    fn value_at(index: usize, position: usize) -> &'static str {
        value_at(Self::VALUES, index, position)
    }
}

/// The value of label `position` in combination `index` of the labels whose
/// value lists are `values` ([`FixedLabels::VALUES`]): the combination's
/// digit for that label, the last label being the least significant.
pub(crate) fn value_at(
    values: &[&'static [&'static str]],
    index: usize,
    position: usize,
) -> &'static str {
    let below: usize = values[position + 1..].iter().map(|v| v.len()).product();
    let own = values[position];
    own[index / below % own.len()]
}

/// Where one label of a [`MixedLabels`] set sits among its kind: the `k`-th
/// enum label, or the `j`-th free-form label.
///
/// ```
/// use metrics_runtime::{LabelSlot, LabelValue, MixedLabels};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
/// #[derive(Clone, Copy, LabelValue)]
/// enum Status { Ok, Error }
///
/// assert_eq!(
///     <(Method, String, Status, String) as MixedLabels>::SLOTS,
///     [LabelSlot::Enum(0), LabelSlot::Free(0), LabelSlot::Enum(1), LabelSlot::Free(1)]
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSlot {
    /// The `k`-th enum label (its position in [`MixedLabels::Enums`]).
    Enum(usize),
    /// The `j`-th free-form label.
    Free(usize),
}

/// A [`LabelSet`] with one or two free-form (`String`) labels, and up to four
/// enum labels, in any order: `(String,)`, `(Method, String, Status)`, ...
///
/// Its series live in a [`MixedStore`]: one entry per distinct tuple of
/// free-form values, holding one series per combination of the enum labels.
///
/// ```
/// use metrics_runtime::{FixedLabels, LabelValue, MixedLabels};
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Method { Get, Post }
///
/// type Labels = (Method, String);
/// assert_eq!(Labels::FREE, 1);
/// // Each free-form value holds one series per enum combination.
/// assert_eq!(<<Labels as MixedLabels>::Enums as FixedLabels>::CARDINALITY, 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "this metric has no free-form label: `with_free` and `remove` take the values of its `String` labels",
    label = "a metric labelled `{Self}` only",
    note = "record with every label's value, `inc(..)`, or keep a handle on a series with `with(..)`; for a free-form label, declare one as `name: String` in `labels(..)`"
)]
pub trait MixedLabels: LabelSet {
    /// The enum labels, in declaration order (`()` if there are none).
    type Enums: FixedLabels;
    /// The free-form values as the methods that take only them accept them:
    /// `&str` for one free-form label, `(&str, &str)` for two.
    type Free<'a>: FreeValues<'a>;
    /// How many free-form labels: 1 or 2.
    ///
    /// ```
    /// use metrics_runtime::{LabelValue, MixedLabels};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// assert_eq!(<(Method, String) as MixedLabels>::FREE, 1);
    /// assert_eq!(<(String, Method, String) as MixedLabels>::FREE, 2);
    /// ```
    const FREE: usize;
    /// For each label, in declaration order, where it sits.
    ///
    /// ```
    /// use metrics_runtime::{LabelSlot, LabelValue, MixedLabels};
    ///
    /// #[derive(Clone, Copy, LabelValue)]
    /// enum Method { Get, Post }
    ///
    /// assert_eq!(<(String, Method) as MixedLabels>::SLOTS, [LabelSlot::Free(0), LabelSlot::Enum(0)]);
    /// ```
    const SLOTS: &'static [LabelSlot];
    /// The store of a metric with these labels, as what it is.
    ///
    /// ```
    /// use metrics_runtime::{metrics_family, Gauge, GaugeCell, MixedLabels, MixedStore};
    ///
    /// #[metrics_family]
    /// struct Contexts {
    ///     /// Executions per context
    ///     #[metric(labels(context_id: String))]
    ///     executions: Gauge,
    /// }
    ///
    /// let m = Contexts::new();
    /// m.executions.set("ctx-1", 2);
    /// let store: &MixedStore<(String,), GaugeCell> = <(String,)>::mixed(m.executions.store());
    /// assert_eq!(store.len(), 1);
    /// ```
    fn mixed<C: Cell>(store: &Self::Store<C>) -> &MixedStore<Self, C>
    where
        Self: Sized;
}

/// The free-form values of a [`MixedLabels`] set, as methods that take only
/// them (`with_free`, `remove`) accept them: `&str`, or `(&str, &str)`.
///
/// ```
/// use metrics_runtime::FreeValues;
///
/// assert_eq!("ctx-1".values(), ["ctx-1"]);
/// assert_eq!(("/users", "peer-a").values(), ["/users", "peer-a"]);
/// ```
pub trait FreeValues<'a>: Copy {
    /// The values as an array: `[&str; 1]` or `[&str; 2]`.
    type Array: Copy + AsRef<[&'a str]>;
    /// The values, in declaration order.
    ///
    /// ```
    /// use metrics_runtime::FreeValues;
    ///
    /// assert_eq!("ctx-1".values(), ["ctx-1"]);
    /// assert_eq!(("a", "b").values().len(), 2);
    /// ```
    fn values(self) -> Self::Array;
}

impl<'a> FreeValues<'a> for &'a str {
    type Array = [&'a str; 1];
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn values(self) -> [&'a str; 1] {
        [self]
    }
}

impl<'a> FreeValues<'a> for (&'a str, &'a str) {
    type Array = [&'a str; 2];
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn values(self) -> [&'a str; 2] {
        [self.0, self.1]
    }
}

impl LabelSet for () {
    const ARITY: usize = 0;
    type Store<C: Cell> = FixedStore<(), C>;
}

impl FixedLabels for () {
    const CARDINALITY: usize = 1;
    const VALUES: &'static [&'static [&'static str]] = &[];
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn index(self) -> usize {
        0
    }
    fn value_at(_: usize, _: usize) -> &'static str {
        ""
    }
}

/// Most series one metric's enum labels may give (the product of their
/// sizes): each is created at zero with the metric, about 190 bytes apiece,
/// so 65,536 are some 12 MB; past it the labels are refused.
pub const MAX_ENUM_SERIES: usize = 65_536;

/// The number of combinations of enum labels with `values` (each label's
/// values), saturating.
pub(crate) const fn combinations(values: &[&[&str]]) -> usize {
    let mut product: usize = 1;
    let mut i = 0;
    while i < values.len() {
        product = product.saturating_mul(values[i].len());
        i += 1;
    }
    product
}

/// [`combinations`], refused past [`MAX_ENUM_SERIES`] (a `cargo build`
/// error: a generic constant is evaluated once its types are known).
const fn cardinality(values: &[&[&str]]) -> usize {
    let product = combinations(values);
    // `#[metrics_family]` checks the same at the declaration, at `cargo
    // check` (`__private::enum_series`); this is for labels written by hand.
    assert!(
        product <= MAX_ENUM_SERIES,
        "a metric's enum labels give more than 65,536 series (the product of their values' counts), each created at zero with the metric: make a label with many values a free-form `String` label, bounded by `max_series`, or split the metric"
    );
    product
}

macro_rules! fixed_tuple {
    ($arity:literal; $($t:ident $v:ident),+) => {
        impl<$($t: LabelValue),+> LabelSet for ($($t,)+) {
            const ARITY: usize = $arity;
            type Store<M: Cell> = FixedStore<Self, M>;
        }

        impl<$($t: LabelValue),+> FixedLabels for ($($t,)+) {
            const CARDINALITY: usize = cardinality(Self::VALUES);

            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            fn index(self) -> usize {
                let ($($v,)+) = self;
                let mut index = 0;
                $(index = index * $t::VALUES.len() + $v.index();)+
                index
            }

            const VALUES: &'static [&'static [&'static str]] = &[$($t::VALUES),+];
        }
    };
}

fixed_tuple!(1; A a);
fixed_tuple!(2; A a, B b);
fixed_tuple!(3; A a, B b, C c);
fixed_tuple!(4; A a, B b, C c, D d);

/// Calls `$callback!` once per mix of enum (`e`) and free-form (`f`) labels
/// that [`MixedLabels`] covers: up to four enums and one or two free-form
/// labels, in every order (50 shapes). Each call gets the shape parsed:
///
/// ```text
/// docs: [#[doc(hidden)]]          attributes for the shape's impls
/// types: [A, String, B]           the label tuple
/// args: [a: A, x: &str, b: B]     the recording methods' label arguments
/// enums: [A a, B b]               the enum types and their arguments
/// free: [x]                       the free-form arguments
/// free_type: &'a str              `MixedLabels::Free<'a>`
/// slots: [Enum(0), Free(0), Enum(1)]
/// ```
///
/// `(String,)` and `(A, String, B)` are documented; the other shapes have the
/// same methods and are hidden from the docs for their number.
macro_rules! for_each_mixed_shape {
    ($callback:ident) => {
        $crate::label::for_each_mixed_shape!(@shape $callback [] f);
        $crate::label::for_each_mixed_shape!(@shape $callback [] e f e);
        // `cfg(not(doctest))`: rustdoc collects the doctests of hidden
        // impls too, and the documented shapes' examples would run once per
        // shape; the collection pass alone sets `doctest`, so builds and
        // `cargo doc` keep every shape.
        $crate::label::for_each_mixed_shape!(@shape $callback [#[doc(hidden)] #[cfg(not(doctest))]]
            e f; f e; f f;
            e e f; e f f; f e e; f e f; f f e;
            e e e f; e e f e; e e f f; e f e e; e f e f; e f f e; f e e e; f e e f; f e f e; f f e e;
            e e e e f; e e e f e; e e e f f; e e f e e; e e f e f; e e f f e; e f e e e; e f e e f;
            e f e f e; e f f e e; f e e e e; f e e e f; f e e f e; f e f e e; f f e e e;
            e e e e f f; e e e f e f; e e e f f e; e e f e e f; e e f e f e; e e f f e e; e f e e e f;
            e f e e f e; e f e f e e; e f f e e e; f e e e e f; f e e e f e; f e e f e e; f e f e e e;
            f f e e e e);
    };
    (@shape $callback:ident $docs:tt $($($kind:ident)+);+) => {
        $(
            $crate::label::for_each_mixed_shape!(@munch $callback $docs [$($kind)+]
                types[] args[] enums[] free[] slots[]
                epool[(A a 0) (B b 1) (C c 2) (D d 3)] fpool[(x 0) (y 1)]);
        )+
    };
    (@munch $callback:ident $docs:tt [e $($rest:ident)*]
        types[$($ty:ty,)*] args[$($arg:ident: $argty:ty,)*] enums[$($et:ident $ev:ident,)*]
        free[$($fv:ident,)*] slots[$($slot:expr,)*]
        epool[($t:ident $v:ident $k:literal) $($epool:tt)*] fpool[$($fpool:tt)*]) => {
        $crate::label::for_each_mixed_shape!(@munch $callback $docs [$($rest)*]
            types[$($ty,)* $t,] args[$($arg: $argty,)* $v: $t,] enums[$($et $ev,)* $t $v,]
            free[$($fv,)*] slots[$($slot,)* $crate::LabelSlot::Enum($k),]
            epool[$($epool)*] fpool[$($fpool)*]);
    };
    (@munch $callback:ident $docs:tt [f $($rest:ident)*]
        types[$($ty:ty,)*] args[$($arg:ident: $argty:ty,)*] enums[$($et:ident $ev:ident,)*]
        free[$($fv:ident,)*] slots[$($slot:expr,)*]
        epool[$($epool:tt)*] fpool[($v:ident $j:literal) $($fpool:tt)*]) => {
        $crate::label::for_each_mixed_shape!(@munch $callback $docs [$($rest)*]
            types[$($ty,)* ::std::string::String,] args[$($arg: $argty,)* $v: &str,]
            enums[$($et $ev,)*] free[$($fv,)* $v,] slots[$($slot,)* $crate::LabelSlot::Free($j),]
            epool[$($epool)*] fpool[$($fpool)*]);
    };
    (@munch $callback:ident $docs:tt []
        types[$($ty:ty,)*] args[$($arg:ident: $argty:ty,)*] enums[$($et:ident $ev:ident,)*]
        free[$($fv:ident,)*] slots[$($slot:expr,)*]
        epool[$($epool:tt)*] fpool[$($fpool:tt)*]) => {
        $callback! {
            docs: $docs
            types: [$($ty),*]
            args: [$($arg: $argty),*]
            enums: [$($et $ev),*]
            free: [$($fv),*]
            slots: [$($slot),*]
        }
    };
}
pub(crate) use for_each_mixed_shape;

/// `MixedLabels::Free<'a>` for one or two free-form labels.
macro_rules! free_type {
    ($a:lifetime; $x:ident) => { &$a str };
    ($a:lifetime; $x:ident $y:ident) => { (&$a str, &$a str) };
}
pub(crate) use free_type;

/// `1` for any token, to count a repetition in a constant.
macro_rules! one {
    ($x:tt) => {
        1
    };
}
pub(crate) use one;

macro_rules! mixed_label_impls {
    (
        docs: [$($doc:tt)*]
        types: [$($ty:ty),*]
        args: [$($arg:ident: $argty:ty),*]
        enums: [$($et:ident $ev:ident),*]
        free: [$($fv:ident),*]
        slots: [$($slot:expr),*]
    ) => {
        $($doc)*
        impl<$($et: LabelValue),*> LabelSet for ($($ty,)*) {
            const ARITY: usize = 0 $(+ $crate::label::one!($arg))*;
            type Store<M: Cell> = MixedStore<Self, M>;
        }

        $($doc)*
        // Not listed as "other types implement `MixedLabels`" under the
        // trait's message: the tuples say nothing to a caller.
        #[diagnostic::do_not_recommend]
        impl<$($et: LabelValue),*> MixedLabels for ($($ty,)*) {
            type Enums = ($($et,)*);
            type Free<'a> = $crate::label::free_type!('a; $($fv)*);
            const FREE: usize = 0 $(+ $crate::label::one!($fv))*;
            const SLOTS: &'static [LabelSlot] = &[$($slot),*];
            #[cfg_attr(not(debug_assertions), inline(always))]
            #[cfg_attr(debug_assertions, inline)]
            fn mixed<M: Cell>(store: &Self::Store<M>) -> &MixedStore<Self, M> {
                store
            }
        }
    };
}

for_each_mixed_shape!(mixed_label_impls);

/// The constant labels of one instance of a family: written before the
/// series' own labels on every sample of every metric of the instance.
/// Empty (and free to clone) for a family without constant labels.
///
/// ```
/// use metrics_runtime::{metrics_family, ConstLabels, Counter};
///
/// #[metrics_family(const_labels(peer: String))]
/// struct PeerMetrics {
///     /// Messages sent
///     sent: Counter,
/// }
///
/// let m = PeerMetrics::new("alice".to_owned());
/// let consts: &ConstLabels = m.sent.const_labels();
/// assert_eq!(consts.iter().collect::<Vec<_>>(), [("peer", "alice")]);
/// assert_eq!(*consts, ConstLabels::new([("peer", "alice".to_owned())]));
/// assert!(ConstLabels::empty().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConstLabels(Option<Arc<[ConstLabel]>>);

/// One constant label: its name and value.
type ConstLabel = (&'static str, Box<str>);

impl ConstLabels {
    /// No constant labels.
    ///
    /// ```
    /// use metrics_runtime::ConstLabels;
    ///
    /// let none = ConstLabels::empty();
    /// assert!(none.is_empty());
    /// assert_eq!(none, ConstLabels::default());
    /// ```
    pub const fn empty() -> Self {
        Self(None)
    }

    /// These `(name, value)` pairs, in order.
    ///
    /// ```
    /// use metrics_runtime::ConstLabels;
    ///
    /// let labels = ConstLabels::new([("peer", "alice".to_owned()), ("shard", "1".to_owned())]);
    /// assert_eq!(labels.iter().collect::<Vec<_>>(), [("peer", "alice"), ("shard", "1")]);
    /// assert!(ConstLabels::new([]).is_empty());
    /// ```
    pub fn new(labels: impl IntoIterator<Item = (&'static str, String)>) -> Self {
        let labels: Arc<[ConstLabel]> = labels
            .into_iter()
            .map(|(name, value)| (name, value.into_boxed_str()))
            .collect();
        if labels.is_empty() {
            Self(None)
        } else {
            Self(Some(labels))
        }
    }

    /// Whether there are none.
    ///
    /// ```
    /// use metrics_runtime::ConstLabels;
    ///
    /// assert!(ConstLabels::empty().is_empty());
    /// assert!(!ConstLabels::new([("peer", "alice".to_owned())]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The `(name, value)` pairs, in order.
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
    /// assert_eq!(m.sent.const_labels().iter().collect::<Vec<_>>(), [("peer", "alice")]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0
            .iter()
            .flat_map(|labels| labels.iter().map(|(name, value)| (*name, &**value)))
    }
}

impl EncodeLabelSet for ConstLabels {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> std::fmt::Result {
        for (name, value) in self.iter() {
            EncodeLabelSet::encode(&[(name, value)], encoder)?;
        }
        Ok(())
    }
}

impl EncodeLabelSet for &ConstLabels {
    fn encode(&self, encoder: &mut LabelSetEncoder) -> std::fmt::Result {
        (**self).encode(encoder)
    }
}

#[cfg(test)]
mod value_at_tests {
    use super::value_at;

    #[test]
    fn value_at_reads_each_digit_of_the_mixed_radix_index() {
        let values: [&'static [&'static str]; 3] = [&["a", "b"], &["x", "y", "z"], &["p", "q"]];
        let mut index = 0;
        // Nested loops walk the combinations in index order, the last label
        // fastest.
        for (i, first) in values[0].iter().enumerate() {
            for (j, second) in values[1].iter().enumerate() {
                for (k, third) in values[2].iter().enumerate() {
                    assert_eq!(index, (i * 3 + j) * 2 + k);
                    let got = [0, 1, 2].map(|position| value_at(&values, index, position));
                    assert_eq!(got, [*first, *second, *third], "index {index}");
                    index += 1;
                }
            }
        }
        assert_eq!(value_at(&values[..1], 1, 0), "b");
    }
}

#[cfg(test)]
mod const_label_tests {
    use super::ConstLabels;
    use crate::{encode, Counter, Format, Metric};
    use prometheus_client::registry::Registry;

    #[test]
    fn const_labels_come_first_on_every_sample() {
        let consts = ConstLabels::new([("peer", "a\"b".to_owned())]);
        let plain: Counter = Metric::with_const_labels(&[], consts.clone(), (), 1);
        let free: Counter<(String,)> = Metric::with_const_labels(&["id"], consts, (), 1);
        plain.inc();
        free.inc("x");
        free.inc("y");
        let mut registry = Registry::default();
        registry.register("plain", "Plain", plain);
        registry.register("free", "Free", free);
        let text = encode(&registry, Format::Text).unwrap();
        assert!(text.contains("plain_total{peer=\"a\\\"b\"} 1\n"), "{text}");
        assert!(
            text.contains("free_total{peer=\"a\\\"b\",id=\"x\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("free_total{peer=\"a\\\"b\",id=\"__overflow__\"} 1\n"),
            "{text}"
        );
        assert!(ConstLabels::empty().is_empty());
        assert!(ConstLabels::new([]).is_empty());
    }
}
