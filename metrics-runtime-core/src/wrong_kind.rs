//! Another kind's recording method called on one series (a cell: what
//! `with(..)` gives, and a `Handle` derefs to): `set` or `dec` on a
//! counter's, `inc` on a histogram's. Each such method exists, hidden, on
//! the cells that lack it, bounded by a trait no cell implements, so the
//! call finds it and fails on the bound, whose message names the kind and
//! the fix ("a `Counter` only goes up: it has no `set`") instead of rustc's
//! "no method named `set` found for struct `CounterCell`". (On a metric and
//! a free-form handle, every kind's recording methods exist on every kind,
//! bounded by the traits of `record`, whose messages do this.)
//!
//! The stubs take any arguments, so the kind's error is the call's only
//! one. Nothing here is on a path that records: the stubs cannot be
//! called, and the cells' own methods are untouched.

use crate::label::LabelValue;

// One trait per kind and method, implemented by no cell: a stub bounded by
// it reports its message. (A trait generic over the method would print the
// method's marker type with its whole path.)
macro_rules! lacks {
    ($($trait:ident: $message:literal, $label:literal, $note:literal;)*) => {
        $(
            #[doc = concat!("What a stub reports: ", $message, ".")]
            #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
            pub trait $trait<'a> {}
        )*
    };
}

lacks! {
    GaugeSet:
        "a `Counter` only goes up: it has no `set`",
        "`set` on a `Counter`",
        "declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`) to set its value; a `Counter` counts with `inc` and `inc_by`";
    GaugeDec:
        "a `Counter` only goes up: it has no `dec`",
        "`dec` on a `Counter`",
        "declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`) for a value that goes down; a `Counter` counts with `inc` and `inc_by`";
    GaugeDecBy:
        "a `Counter` only goes up: it has no `dec_by`",
        "`dec_by` on a `Counter`",
        "declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`) for a value that goes down; a `Counter` counts with `inc` and `inc_by`";
    CounterOrGaugeSet:
        "a histogram takes observations: it has no `set`",
        "`set` on a histogram",
        "record a value with `observe(v)`, or time with `start_timer()`; to set a value, declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`)";
    CounterOrGaugeInc:
        "a histogram takes observations: it has no `inc`",
        "`inc` on a histogram",
        "record a value with `observe(v)`, or time with `start_timer()`; to count, declare the field as a `Counter`";
    CounterOrGaugeIncBy:
        "a histogram takes observations: it has no `inc_by`",
        "`inc_by` on a histogram",
        "record a value with `observe(v)`, or time with `start_timer()`; to count, declare the field as a `Counter`";
    CounterOrGaugeDec:
        "a histogram takes observations: it has no `dec`",
        "`dec` on a histogram",
        "record a value with `observe(v)`, or time with `start_timer()`; for a value that goes down, declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`)";
    InfoInc:
        "an `Info` metric has no `inc`: it holds one label set, given with `set(..)`",
        "`inc` on an `Info`",
        "an info metric exports its labels with the value 1: call `set` with the label values, in declaration order, to give or replace them; to count, declare the field as a `Counter`";
    CounterOrGaugeDecBy:
        "a histogram takes observations: it has no `dec_by`",
        "`dec_by` on a histogram",
        "record a value with `observe(v)`, or time with `start_timer()`; for a value that goes down, declare the field as a `Gauge` (`i64`) or a `FloatGauge` (`f64`)";
}

// A stub: labels and a value (`set`, `inc_by`, `dec_by`), or labels only.
// The lifetime makes the bound one rustc does not refuse as trivially
// false where `$cell` is a concrete type.
macro_rules! stub {
    ($cell:ty; $bound:ident $name:ident [$($t:ident)*] value) => {
        #[doc(hidden)]
        pub fn $name<'a>(&self, $(_: crate::wrong_kind::stub!(@arg $t),)* _: impl Sized)
        where
            $cell: crate::wrong_kind::$bound<'a>,
        {
        }
    };
    ($cell:ty; $bound:ident $name:ident [$($t:ident)*]) => {
        #[doc(hidden)]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'a>(&self, $(_: crate::wrong_kind::stub!(@arg $t)),*)
        where
            $cell: crate::wrong_kind::$bound<'a>,
        {
        }
    };
    (@arg $t:ident) => {
        impl Sized
    };
}
pub(crate) use stub;

// The stubs on one series: a cell (what `with(..)` gives, and a `Handle`
// derefs to), invoked beside each cell type's own methods.
macro_rules! cell_stubs {
    (counter [$($g:tt)*] $cell:ty) => {
        impl<$($g)*> $cell {
            crate::wrong_kind::stub!($cell; GaugeSet set [] value);
            crate::wrong_kind::stub!($cell; GaugeDec dec []);
            crate::wrong_kind::stub!($cell; GaugeDecBy dec_by [] value);
        }
    };
    (histogram [$($g:tt)*] $cell:ty) => {
        impl<$($g)*> $cell {
            crate::wrong_kind::stub!($cell; CounterOrGaugeSet set [] value);
            crate::wrong_kind::stub!($cell; CounterOrGaugeInc inc []);
            crate::wrong_kind::stub!($cell; CounterOrGaugeDec dec []);
            crate::wrong_kind::stub!($cell; CounterOrGaugeIncBy inc_by [] value);
            crate::wrong_kind::stub!($cell; CounterOrGaugeDecBy dec_by [] value);
        }
    };
}
pub(crate) use cell_stubs;

/// The enum labels of every label set, in declaration order: the set itself
/// when it has no free-form label. `with_free` names its handle's enum
/// tuple through it as well as through `MixedLabels`, so that on a set
/// without free-form labels (where `MixedLabels`'s message is the error)
/// the handle still has a type, and the calls made on it draw no second
/// error ("multiple applicable items" for an unknown tuple).
pub trait EnumsOf {
    /// The enum labels.
    type Enums;
}

impl EnumsOf for () {
    type Enums = ();
}

macro_rules! fixed_enums_of {
    ($($t:ident),+) => {
        impl<$($t: LabelValue),+> EnumsOf for ($($t,)+) {
            type Enums = Self;
        }
    };
}

fixed_enums_of!(A);
fixed_enums_of!(A, B);
fixed_enums_of!(A, B, C1);
fixed_enums_of!(A, B, C1, D);

macro_rules! mixed_enums_of {
    (
        docs: [$($doc:tt)*]
        types: [$($ty:ty),*]
        args: [$($arg:ident: $argty:ty),*]
        enums: [$($et:ident $ev:ident),*]
        free: [$($fv:ident),*]
        slots: [$($slot:expr),*]
    ) => {
        $($doc)*
        impl<$($et: LabelValue),*> EnumsOf for ($($ty,)*) {
            type Enums = ($($et,)*);
        }
    };
}

crate::label::for_each_mixed_shape!(mixed_enums_of);
