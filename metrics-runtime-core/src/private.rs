//! What generated code uses. Not public API: no stability, no docs.

pub use crate::alert::{rule_value_miss, AlertDescriptor, AlertSeverity, RecordDescriptor};
pub use crate::cell::{
    CounterCell, FloatGaugeCell, GaugeCell, HistogramCell, HistogramSnapshot, Observe, Timer,
};
pub use crate::describe::{
    FamilyDescriptor, LabelDescriptor, LabelValues, MetricDescriptor, MetricKind,
};
pub use crate::error::RegisterError;
pub use crate::exemplar::{
    CounterWithExemplarCell, Exemplar, ExemplarConfig, HistogramWithExemplarsCell, WithExemplar,
};
pub use crate::global::{Eager, GlobalEntry, GlobalFamily};
pub use crate::label::{ConstLabels, FixedLabels, LabelSet, LabelValue, MAX_ENUM_SERIES};
pub use crate::metric::Metric;
pub use crate::native::{NativeConfig, NativeHistogramCell, NativeSnapshot};
pub use crate::packed::{EnumValues, Packed};
pub use crate::record::{Dec, DecBy, Inc, IncBy, NoIncByOnAHistogram, Set};
pub use crate::registry::{MetricFamily, Registered};
pub use crate::stand_in::{kinds, AnyCell, AnyState, AnyValue, FallbackLabel};
pub use crate::store::{FreeHandle, Handle};
pub use crate::wrong_kind::{
    CounterOrGaugeDec, CounterOrGaugeDecBy, CounterOrGaugeInc, CounterOrGaugeIncBy,
    CounterOrGaugeSet, EnumsOf, GaugeDec, GaugeDecBy, GaugeSet, InfoInc,
};
pub use core::clone::Clone;
pub use core::default::Default;
pub use core::option::Option::{self, None, Some};
pub use core::result::Result;
pub use inventory;
pub use prometheus_client::registry::Registry;
pub use std::vec::Vec;

use crate::cell::Cell;

/// The series bound of a free-form metric that declares none.
pub const DEFAULT_MAX_SERIES: usize = crate::store::Bounds::DEFAULT_MAX_SERIES;
/// The value length bound of a free-form metric that declares none.
pub const DEFAULT_MAX_VALUE_LEN: usize = crate::store::Bounds::DEFAULT_MAX_VALUE_LEN;
pub use crate::store::Bounds;

/// What a field of a family is: one of our metrics. A field typed with
/// another crate's metric (prometheus-client's `Counter`, imported under
/// the same name) fails here, with the type to use.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a metric of `metrics_runtime`",
    label = "a `#[metrics_family]` field is a `metrics_runtime` kind",
    note = "use `metrics_runtime::Counter`, `Gauge`, `FloatGauge`, `Histogram`, `NativeHistogram`, `Info` or `StateSet` (a `use prometheus_client::...` import of the same name shadows them); the macro creates and registers them for you"
)]
pub trait FamilyField: Sized {
    /// The per-series configuration (a histogram's bounds).
    type Config;
    /// The metric with these label names, carrying `consts`.
    fn create(
        names: &'static [&'static str],
        consts: ConstLabels,
        config: Self::Config,
        bounds: Bounds,
    ) -> Self;
    /// A registry-owned clone.
    fn registered(&self) -> Registered;
    /// The constant labels it carries.
    fn consts(&self) -> &ConstLabels;
    /// The metric with these label names, the default configuration and
    /// bounds (what most fields are).
    fn create_default(names: &'static [&'static str], consts: ConstLabels) -> Self;
}

// Not shown as "implemented for `Metric<L, C>`": the note names the kinds.
#[diagnostic::do_not_recommend]
impl<L: LabelSet, C: Cell> FamilyField for Metric<L, C>
where
    C::Config: Default,
{
    type Config = C::Config;
    fn create(
        names: &'static [&'static str],
        consts: ConstLabels,
        config: C::Config,
        bounds: Bounds,
    ) -> Self {
        Metric::create(names, consts, config, bounds)
    }
    fn registered(&self) -> Registered {
        Metric::registered(self)
    }
    fn consts(&self) -> &ConstLabels {
        self.const_labels()
    }
    fn create_default(names: &'static [&'static str], consts: ConstLabels) -> Self {
        Metric::create(names, consts, C::Config::default(), Bounds::default())
    }
}

/// How a field is created, cloned for a registry and asked its constant labels.
pub type FieldFns<M> = (
    fn(&'static [&'static str], ConstLabels, <M as FamilyField>::Config, Bounds) -> M,
    fn(&M) -> Registered,
    fn(&M) -> &ConstLabels,
    fn(&'static [&'static str], ConstLabels) -> M,
);

/// How generated code reaches a field: `field().0` creates it, `field().1`
/// clones it for the registry, `field().2` reads its constant labels,
/// `field().3` creates it with the defaults. One bound for all, so a field
/// that is not one of our metrics is reported once.
pub fn field<M: FamilyField>() -> FieldFns<M> {
    (M::create, M::registered, M::consts, M::create_default)
}

/// The registry-owned clones of a family's metrics, in field order.
pub fn registered<const N: usize>(metrics: [Registered; N]) -> Vec<Registered> {
    metrics.into()
}

/// Registers a family: see [`MetricFamily::register`].
pub fn register_family(
    registry: &mut impl PrometheusClientRegistry,
    family: &'static FamilyDescriptor,
    metrics: Vec<Registered>,
) -> Result<(), RegisterError> {
    crate::registry::register_family(registry.registry(), family, metrics)
}

/// What a family's own `register(&mut registry)` takes: a prometheus-client
/// `Registry`, and only that, so our `Registry` given there is reported
/// with the call that registers into it.
#[diagnostic::on_unimplemented(
    message = "a family's `register(&mut registry)` takes a prometheus-client `Registry`, not `{Self}`",
    label = "not a `prometheus_client::registry::Registry`",
    note = "a `metrics_runtime::Registry` takes the family itself and gives it back, registered: `let metrics = registry.register(Family::new())?;`"
)]
pub trait PrometheusClientRegistry {
    /// The registry.
    fn registry(&mut self) -> &mut Registry;
}

impl PrometheusClientRegistry for Registry {
    fn registry(&mut self) -> &mut Registry {
        self
    }
}

/// What a constant label's value can be: a `String`, or a `LabelValue`
/// enum's value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a constant-label value",
    label = "not a constant-label value",
    note = "a constant label is a `String`, or a fieldless enum with `#[derive(metrics_runtime::LabelValue)]`"
)]
pub trait ConstLabelValue {
    /// The value as exported.
    fn value(&self) -> std::string::String;
}

impl ConstLabelValue for std::string::String {
    fn value(&self) -> std::string::String {
        self.clone()
    }
}

impl<T: LabelValue> ConstLabelValue for T {
    fn value(&self) -> std::string::String {
        self.as_str().to_owned()
    }
}

/// `T`'s values and docs: requires `T`'s `LabelValue` impl only, not the
/// trait's supertraits, so an enum missing `Copy` is reported once, on its
/// derive, not again on every family using it.
pub const fn enum_values<T: LabelValue>() -> EnumValues {
    (T::VALUES, T::DOCS)
}

/// Where a field's declaration checks its enum label types: `1`, or an
/// error at the declaration when `T` is not a `LabelValue`. It stands in
/// the length of the array a family's label alias is read through
/// ([`Checked`]), so a failed check makes the field's type an error type:
/// rustc reports the declaration once and no recording call on the field.
/// The argument (`&[] as &[T]`) names `T` outside any generic arguments, so
/// an unknown type is reported in the same words here as everywhere else.
///
/// ```
/// use metrics_runtime::LabelValue;
///
/// #[derive(Clone, Copy, LabelValue)]
/// enum Branch { Namespace, Subgroup }
///
/// const CHECKED: usize = metrics_runtime::label_value(&[] as &[Branch]);
/// assert_eq!(CHECKED, 1);
/// ```
pub const fn label_value<T: LabelValue>(_: &[T]) -> usize {
    1
}

/// The product of the sizes of the enum labels `L` (a metric's enum labels
/// only, as a tuple), saturating: `#[metrics_family]` asserts it is at most
/// [`MAX_ENUM_SERIES`] in a constant spanned at the metric's labels, so a
/// metric with too many series is an error at its declaration, at `cargo
/// check` (see `FixedLabels::CARDINALITY`).
pub const fn enum_series<L: FixedLabels>() -> usize {
    crate::label::combinations(L::VALUES)
}

/// Where `global!` checks its family: `1`, or the one error saying why the
/// type cannot be a `global!` static (see [`label_value`] for the array).
/// `F` is given in the turbofish (`global_family::<$family>()`), so the
/// error is at the static's type as the user wrote it, not at the whole
/// `global! { .. }`.
pub const fn global_family<F: GlobalFamily>() -> usize {
    1
}

/// What no type is: the bound `global!` puts on a value written after a
/// static (`static CACHE: Cache = Cache::new();`), so the error is at the
/// value, with the declaration to write.
#[diagnostic::on_unimplemented(
    message = "a `global!` static takes no value: write `static NAME: Family;`",
    label = "remove this value and its `=`",
    note = "the static's first use creates the family with `Family::new()` and registers it into `Registry::global()`"
)]
pub trait GlobalNoValue: crate::record::sealed::Never {}

/// What no type is: the bound `global!` puts on the type of its last static
/// when the `;` after it is missing, so the error is at the type, where the
/// `;` goes, rather than at the whole `global! { .. }`.
#[diagnostic::on_unimplemented(
    message = "end each `global!` static with `;`: `static NAME: Family;`",
    label = "add `;` after this type"
)]
pub trait GlobalSemicolon: crate::record::sealed::Never {}

/// Fails on every type (see [`GlobalSemicolon`]); `global!` names the
/// static's type in its turbofish.
pub const fn global_semicolon<T: GlobalSemicolon>() {}

/// What no type is: the bound `global!` puts on the type of an item written
/// without `static` (`pub CACHE: Cache;`), so the error is at the item's
/// type rather than at the whole `global! { .. }`.
#[diagnostic::on_unimplemented(
    message = "a `global!` item is a static: write `static NAME: Family;`",
    label = "write `static` before this item's name"
)]
pub trait GlobalStatic: crate::record::sealed::Never {}

/// Fails on every type (see [`GlobalStatic`]).
pub const fn global_static<T: GlobalStatic>() {}

/// What no type is: the bound `global!` puts on the type of a `static mut`,
/// which it does not declare (a family records through `&self`).
#[diagnostic::on_unimplemented(
    message = "a `global!` static is not `mut`: write `static NAME: Family;`",
    label = "remove `mut` from this static",
    note = "a family records through `&self` (its metrics are atomics), so a shared static is all it needs; remove `mut`"
)]
pub trait GlobalNotMut: crate::record::sealed::Never {}

/// Fails on every type (see [`GlobalNotMut`]).
pub const fn global_not_mut<T: GlobalNotMut>() {}

/// Where `global!` puts a value written after a static: the field's bound
/// fails on every value (see [`GlobalNoValue`]). A struct's field rather
/// than a function's argument, so rustc points at the value alone, without
/// a "required by a bound introduced by this call" at the whole macro.
/// `global!` names the static's type in its turbofish, so a value that
/// names none (`Default::default()`) is still reported for being there.
pub struct GlobalValue<T: GlobalNoValue> {
    /// The value written.
    pub value: T,
}

/// One checked label type: `<[Branch; label_value(..)] as Checked>::Type`
/// is `Branch`, or an error type after the check's one error.
pub trait Checked {
    /// The element type.
    type Type;
}

impl<T> Checked for [T; 1] {
    type Type = T;
}

/// Names `T`, so a generated body that uses a metric's label types fails
/// on a wrong one exactly as the field's declaration does (rustc shows the
/// two once) before anything else in the body can.
pub const fn guard<T>() {}

/// `LabelSet`, behind a lifetime: generated `Default` impls state
/// `for<'a> Labels: CheckedLabels<'a>` so that a wrong label type, already
/// reported on the field, is not reported again on the impl. (A bound with a
/// bound lifetime is not a "trivial bound", so rustc assumes it instead of
/// checking it; its supertrait gives the impl the `LabelSet` it needs.)
pub trait CheckedLabels<'a>: LabelSet {}

impl<L: LabelSet> CheckedLabels<'_> for L {}

/// A state set's enum behind a lifetime, as [`CheckedLabels`] is: a wrong
/// one, already reported on the field, is not reported again on an impl.
pub trait CheckedStates<'a>: LabelValue {}

impl<S: LabelValue> CheckedStates<'_> for S {}

/// What `label!` needs of a label enum, in const context: the variants in
/// the order of [`LabelValue::VALUES`]. `#[derive(LabelValue)]` implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a label value",
    label = "not a `#[derive(LabelValue)]` enum",
    note = "derive `metrics_runtime::LabelValue` on the enum: it is the only implementation (stores trust its indices), and what `label!(Type, \"value\")` reads"
)]
pub trait LabelConst: Sized + 'static {
    /// `Self`, named through this trait: `label!` types its value by it, so
    /// on a type that is not a label the value has no type and only the
    /// missing implementation is reported, not a mismatch at the call.
    type This;
    /// Every variant, in the order of `LABELS`.
    const VARIANTS: &'static [Self];
    /// The encoded values, as `LabelValue::VALUES` (no supertrait, so a
    /// derive on a non-`Copy` enum is reported once, on `LabelValue`).
    const LABELS: &'static [&'static str];
    /// The variants' names as written (`SigningKey`), in the same order:
    /// `label!` suggests the value of a variant named instead of its value.
    const NAMES: &'static [&'static str];
}

/// The position of `value` in `values`, in const context.
pub const fn label_index(values: &[&str], value: &str) -> Option<usize> {
    let mut i = 0;
    while i < values.len() {
        if bytes_eq(values[i].as_bytes(), value.as_bytes()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A message built at compile time, for a const panic.
pub struct ConstMessage {
    buf: [u8; 1024],
    len: usize,
    cut: bool,
}

impl ConstMessage {
    pub(crate) const fn new() -> Self {
        ConstMessage {
            buf: [0; 1024],
            len: 0,
            cut: false,
        }
    }

    /// Appends `s`, or as much of it as fits (ending in `...`).
    pub(crate) const fn push(mut self, s: &str) -> Self {
        if self.cut {
            return self;
        }
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.len + 3 >= self.buf.len() {
                // Cut on a char boundary, then mark the cut.
                while self.len > 0 && (self.buf[self.len - 1] & 0xC0) == 0x80 {
                    self.len -= 1;
                }
                if self.len > 0 && self.buf[self.len - 1] >= 0xC0 {
                    self.len -= 1;
                }
                self.buf[self.len] = b'.';
                self.buf[self.len + 1] = b'.';
                self.buf[self.len + 2] = b'.';
                self.len += 3;
                self.cut = true;
                return self;
            }
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    /// The message.
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.buf.split_at(self.len).0) {
            Ok(s) => s,
            Err(_) => "not a value of this label",
        }
    }
}

/// The error of `label!` for a string that is not one of `values`: what was
/// written, the value meant if it can be told (the same letters in another
/// case or spelling, `GET` for `get`; a variant's name, `Subgroup` for its
/// value `sub`; else the closest value if one is close), and every value.
/// `names` are the variants' names, in the order of `values`.
pub const fn label_miss(
    type_name: &str,
    value: &str,
    values: &[&str],
    names: &[&str],
) -> ConstMessage {
    label_miss_into(ConstMessage::new(), type_name, value, values, names)
}

/// [`label_miss`], appended to `m`.
pub(crate) const fn label_miss_into(
    m: ConstMessage,
    type_name: &str,
    value: &str,
    values: &[&str],
    names: &[&str],
) -> ConstMessage {
    let mut m = m
        .push("`")
        .push(value)
        .push("` is not a value of `")
        .push(type_name)
        .push("`; ");
    if let Some(best) = loosely(value, values) {
        m = m.push("did you mean `").push(values[best]).push("`? ");
    } else if let Some(variant) = loosely(value, names) {
        if variant < values.len() {
            m = m
                .push("`")
                .push(names[variant])
                .push("` is the variant whose value is `")
                .push(values[variant])
                .push("`; did you mean `")
                .push(values[variant])
                .push("`? ");
        }
    } else if let Some(best) = closest(value, values) {
        m = m.push("did you mean `").push(values[best]).push("`? ");
    }
    if values.is_empty() {
        return m.push("it has no values");
    }
    m = m.push("the values are ");
    let mut i = 0;
    while i < values.len() {
        if i > 0 {
            m = m.push(", ");
        }
        m = m.push("`").push(values[i]).push("`");
        i += 1;
    }
    m
}

/// The entry of `candidates` spelling `word` but for ASCII case and `_`
/// (`GET` for `get`, `SigningKey` for `signing_key`).
const fn loosely(word: &str, candidates: &[&str]) -> Option<usize> {
    let mut i = 0;
    while i < candidates.len() {
        if loose_eq(word.as_bytes(), candidates[i].as_bytes()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn loose_eq(a: &[u8], b: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        while i < a.len() && a[i] == b'_' {
            i += 1;
        }
        while j < b.len() && b[j] == b'_' {
            j += 1;
        }
        if i == a.len() || j == b.len() {
            return i == a.len() && j == b.len();
        }
        if !a[i].eq_ignore_ascii_case(&b[j]) {
            return false;
        }
        i += 1;
        j += 1;
    }
}

/// The longest value, in chars, [`closest`] suggests: the macro's
/// `names::SUGGEST_MAX_CHARS`, the size of the rows below.
pub const SUGGEST_MAX_CHARS: usize = 128;

/// The index of the value of `values` nearest to `word`, if it is near
/// enough to be a likely typo: the macro's did-you-mean (`names::closest` in
/// metrics-macros), in const context, where `strsim` cannot run.
///
/// The one rule both follow: the Levenshtein distance in chars is at most a
/// third of the longer word's length in chars, and at least 2 is always
/// allowed; the nearest value wins, the first of equals; a value longer than
/// [`SUGGEST_MAX_CHARS`] chars is never suggested. `ui-tests/tests/did_you_mean.rs`
/// checks that this and the macro's `strsim` version agree.
pub const fn closest(word: &str, values: &[&str]) -> Option<usize> {
    let word_chars = char_count(word.as_bytes());
    let mut best: Option<usize> = None;
    let mut best_distance = usize::MAX;
    let mut i = 0;
    while i < values.len() {
        let value = values[i].as_bytes();
        let value_chars = char_count(value);
        let longest = if word_chars > value_chars {
            word_chars
        } else {
            value_chars
        };
        let limit = if longest / 3 > 2 { longest / 3 } else { 2 };
        // The distance is at least the difference in length: when that is
        // past the limit, skip the table (the result is the same).
        let gap = longest
            - if word_chars < value_chars {
                word_chars
            } else {
                value_chars
            };
        if value_chars <= SUGGEST_MAX_CHARS && gap <= limit {
            let d = edit_distance(word.as_bytes(), value);
            if d <= limit && d < best_distance {
                best = Some(i);
                best_distance = d;
            }
        }
        i += 1;
    }
    best
}

/// The number of chars of UTF-8 `bytes`.
const fn char_count(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The char starting at byte `at` of UTF-8 `bytes`, and the byte after it.
const fn decode(bytes: &[u8], at: usize) -> (u32, usize) {
    let b0 = bytes[at] as u32;
    if b0 < 0x80 {
        return (b0, at + 1);
    }
    let len = if b0 >= 0xF0 {
        4
    } else if b0 >= 0xE0 {
        3
    } else {
        2
    };
    let mut c = b0 & (0x7F >> len);
    let mut k = 1;
    while k < len {
        c = (c << 6) | (bytes[at + k] as u32 & 0x3F);
        k += 1;
    }
    (c, at + len)
}

/// Levenshtein distance in chars of UTF-8 `a` and `b`, `b` at most
/// [`SUGGEST_MAX_CHARS`] chars.
const fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut b_chars = [0u32; SUGGEST_MAX_CHARS];
    let mut n = 0;
    let mut at = 0;
    while at < b.len() {
        let (c, next) = decode(b, at);
        b_chars[n] = c;
        n += 1;
        at = next;
    }
    let mut prev = [0usize; SUGGEST_MAX_CHARS + 1];
    let mut cur = [0usize; SUGGEST_MAX_CHARS + 1];
    let mut j = 0;
    while j <= n {
        prev[j] = j;
        j += 1;
    }
    let mut i = 0;
    let mut at = 0;
    while at < a.len() {
        let (ca, next) = decode(a, at);
        at = next;
        cur[0] = i + 1;
        let mut j = 0;
        while j < n {
            let cost = if ca == b_chars[j] { 0 } else { 1 };
            let mut v = prev[j] + cost;
            if prev[j + 1] + 1 < v {
                v = prev[j + 1] + 1;
            }
            if cur[j] + 1 < v {
                v = cur[j] + 1;
            }
            cur[j + 1] = v;
            j += 1;
        }
        prev = cur;
        i += 1;
    }
    prev[n]
}

#[cfg(test)]
mod label_const_tests {
    use super::*;

    #[test]
    fn miss_message_suggests_and_lists() {
        let names = &["Namespace", "Subgroup"];
        let m = label_miss("Branch", "namspace", &["namespace", "subgroup"], names);
        assert_eq!(
            m.as_str(),
            "`namspace` is not a value of `Branch`; did you mean `namespace`? the values are `namespace`, `subgroup`"
        );
        let far = label_miss("Branch", "zzzzzzzz", &["namespace", "subgroup"], names);
        assert_eq!(
            far.as_str(),
            "`zzzzzzzz` is not a value of `Branch`; the values are `namespace`, `subgroup`"
        );
        let case = label_miss("Method", "GET", &["get", "post"], &["Get", "Post"]);
        assert!(
            case.as_str().contains("did you mean `get`?"),
            "{}",
            case.as_str()
        );
        let renamed = label_miss("Branch", "Subgroup", &["namespace", "sub"], names);
        assert!(
            renamed
                .as_str()
                .contains("`Subgroup` is the variant whose value is `sub`; did you mean `sub`?"),
            "{}",
            renamed.as_str()
        );
        assert_eq!(label_index(&["a", "bc"], "bc"), Some(1));
        assert_eq!(label_index(&["a", "bc"], "b"), None);
    }

    #[test]
    fn long_messages_are_cut_on_a_char_boundary() {
        let long = "é".repeat(700);
        let m = label_miss("T", &long, &["x"], &["X"]);
        assert!(m.as_str().ends_with("..."));
        assert!(m.as_str().len() <= 1024);
    }
}
