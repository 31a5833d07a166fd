//! A stand-in field type for a metric the runtime cannot type as declared
//! (five enum labels, a label type that can never be one, a field whose type
//! names no kind): a hidden struct with the kind's recording methods at the
//! declared arity and label types, or every kind's methods when the kind is
//! unknown, so each recording call the user wrote type-checks and the
//! declaration's errors are the only ones. The methods mirror
//! `metrics-runtime-core/src/metric.rs`; their bodies never run, as the
//! fallback's `new()` is unreachable. A metric with free-form labels gets a
//! second stand-in, over its enum labels only, for what `with_free` returns.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use crate::ast::{Kind, Label};

/// The stand-in's name for `field` of `family`.
pub fn name(family: &Ident, field: &Ident) -> Ident {
    let field = syn::ext::IdentExt::unraw(field);
    format_ident!("__MetricsFallback_{}_{}", family, field)
}

/// The stand-in struct and its methods: `kind`'s, or every kind's when the
/// kind is unknown. `written` is the kind's type as the user wrote it, held
/// by the struct so the user's import of it stays used.
pub fn shim(
    name: &Ident,
    vis: &syn::Visibility,
    kind: Option<(Kind, &syn::Type, Option<&syn::Type>)>,
    labels: &[Label],
    exemplar: bool,
    family: Option<(&syn::Type, &syn::Type)>,
) -> TokenStream {
    let held = match kind {
        // Generic without defaults: named with parameters that fit.
        Some((Kind::Info, written, _)) => {
            quote!((::core::marker::PhantomData<#written<(::std::string::String,)>>))
        }
        Some((Kind::StateSet, written, _)) => quote!((::core::marker::PhantomData<
            #written<::metrics_runtime::__private::AnyState>,
        >)),
        Some((_, written, _)) => quote!((::core::marker::PhantomData<#written>)),
        None => TokenStream::new(),
    };
    if let Some((kind @ (Kind::Info | Kind::StateSet), _, states)) = kind {
        // One series (an info metric) or enum labels only (a state set):
        // no free-form handle.
        let methods = info_or_states(kind, states);
        return stand_in(name, vis, held, labels, methods);
    }
    let kind = kind.map(|(kind, written, _)| (kind, written));
    let free: Vec<&Label> = labels.iter().filter(|l| l.free).collect();
    let enums: Vec<Label> = labels.iter().filter(|l| !l.free).cloned().collect();
    let handle = format_ident!("{}_Free", name);
    let kind = kind.map(|(kind, _)| kind);
    let mut methods = match kind {
        Some(kind) => typed(kind, !free.is_empty()),
        None => any(),
    };
    let exemplar_kind = exemplar.then_some(kind).flatten();
    methods.extend(exemplar_methods(exemplar_kind, !free.is_empty()));
    if let Some((set, metric)) = family {
        methods.extend(family_methods(set, metric, !free.is_empty()));
    }
    let mut handle_shim = TokenStream::new();
    if !free.is_empty() {
        methods.extend(free_methods(&handle, free.len()));
        let mut handle_methods = match kind {
            Some(kind) => typed(kind, false),
            None => any(),
        };
        handle_methods.extend(exemplar_methods(exemplar_kind, false));
        handle_shim = stand_in(&handle, vis, TokenStream::new(), &enums, handle_methods);
    }
    let main = stand_in(name, vis, held, labels, methods);
    quote!(#main #handle_shim)
}

/// The stand-in of a field whose type, `written`, names no kind (`String`,
/// `AtomicU64`, `u64`): every kind's recording methods, as [`shim`] gives,
/// and, when the type can be named, the written type's own through `Deref`
/// (and its `Display` and `Debug`), so both `m.attempts.inc()` and
/// `m.bytes.fetch_add(..)` check.
pub fn shim_of_unknown(
    name: &Ident,
    vis: &syn::Visibility,
    labels: &[Label],
    written: Option<&syn::Type>,
) -> TokenStream {
    match written {
        Some(written) => derefs_to(name, vis, labels, written),
        None => shim(name, vis, None, labels, false, None),
    }
}

/// The stand-in of [`shim_of_unknown`]: generic over the written type (its
/// default), so that `Display` and `Debug` are implemented only where the
/// written type has them, without a bound that could be false.
fn derefs_to(
    name: &Ident,
    vis: &syn::Visibility,
    labels: &[Label],
    written: &syn::Type,
) -> TokenStream {
    let methods = method_items(labels, any());
    let fmt = quote!(::core::fmt);
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code, missing_docs, unreachable_pub)]
        #vis struct #name<T = #written>(::core::marker::PhantomData<T>);
        #[allow(dead_code, missing_docs, unreachable_code, clippy::all)]
        impl<T> #name<T> {
            #(#methods)*
        }
        #[allow(unreachable_code, clippy::all)]
        impl<T> ::core::ops::Deref for #name<T> {
            type Target = T;
            fn deref(&self) -> &T { ::core::unreachable!() }
        }
        #[allow(unreachable_code, clippy::all)]
        impl<T> ::core::ops::DerefMut for #name<T> {
            fn deref_mut(&mut self) -> &mut T { ::core::unreachable!() }
        }
        #[allow(unreachable_code, clippy::all)]
        impl<T: #fmt::Display> #fmt::Display for #name<T> {
            fn fmt(&self, _: &mut #fmt::Formatter<'_>) -> #fmt::Result { ::core::unreachable!() }
        }
        #[allow(unreachable_code, clippy::all)]
        impl<T: #fmt::Debug> #fmt::Debug for #name<T> {
            fn fmt(&self, _: &mut #fmt::Formatter<'_>) -> #fmt::Result { ::core::unreachable!() }
        }
    }
}

/// One stand-in struct with `methods`, whose label arguments are `labels`.
fn stand_in(
    name: &Ident,
    vis: &syn::Visibility,
    held: TokenStream,
    labels: &[Label],
    methods: Vec<Method>,
) -> TokenStream {
    let methods = method_items(labels, methods);
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code, missing_docs, unreachable_pub)]
        #vis struct #name #held;
        #[allow(dead_code, missing_docs, unreachable_code, clippy::all)]
        impl #name {
            #(#methods)*
        }
    }
}

/// `methods` as items of a stand-in, whose label arguments are `labels`;
/// the bodies never run.
fn method_items(labels: &[Label], methods: Vec<Method>) -> Vec<TokenStream> {
    let args: Vec<TokenStream> = labels.iter().map(arg).collect();
    methods
        .into_iter()
        .map(|m| {
            let name = format_ident!("{}", m.name);
            let value = m.value.map(|v| quote!(_: #v));
            let body = m.ret.as_ref().map(|_| quote!(::core::unreachable!()));
            let ret = m.ret.map(|r| quote!(-> #r));
            let args: &[TokenStream] = match m.labels {
                Args::All => args.as_slice(),
                Args::None => &[],
            };
            quote!(pub fn #name(&self, #(_: #args,)* #value) #ret { #body })
        })
        .collect()
}

/// A label argument: the declared type, `&str` for a free-form label, any
/// value for a type that is not usable (refused, or not written).
fn arg(label: &Label) -> TokenStream {
    if label.free {
        quote!(&str)
    } else if label.unusable() {
        quote!(impl ::core::marker::Sized)
    } else {
        let ty = &label.ty;
        quote!(#ty)
    }
}

enum Args {
    /// Every label, in declaration order.
    All,
    /// None (the free-form values, if any, are the value argument).
    None,
}

struct Method {
    name: &'static str,
    /// Which label arguments it takes.
    labels: Args,
    /// The value argument's type.
    value: Option<TokenStream>,
    ret: Option<TokenStream>,
}

fn method(name: &'static str, value: Option<TokenStream>, ret: Option<TokenStream>) -> Method {
    Method {
        name,
        labels: Args::All,
        value,
        ret,
    }
}

/// The recording methods of `kind` (see `metrics-runtime-core/src/metric.rs`).
fn typed(kind: Kind, free: bool) -> Vec<Method> {
    let p = quote!(::metrics_runtime::__private);
    let (cell, value, get) = match kind {
        Kind::Counter => (quote!(#p::CounterCell), quote!(u64), quote!(u64)),
        Kind::Gauge => (quote!(#p::GaugeCell), quote!(i64), quote!(i64)),
        Kind::FloatGauge => (quote!(#p::FloatGaugeCell), quote!(f64), quote!(f64)),
        Kind::Histogram => {
            let snapshot = quote!(#p::HistogramSnapshot);
            let get = if free {
                quote!(#p::Option<#snapshot>)
            } else {
                snapshot
            };
            (quote!(#p::HistogramCell), quote!(f64), get)
        }
        Kind::NativeHistogram => {
            let snapshot = quote!(#p::NativeSnapshot);
            let get = if free {
                quote!(#p::Option<#snapshot>)
            } else {
                snapshot
            };
            (quote!(#p::NativeHistogramCell), quote!(f64), get)
        }
        // Written by `info_or_states`.
        Kind::Info | Kind::StateSet => return Vec::new(),
    };
    let with = if free {
        quote!(#p::Handle<#cell>)
    } else {
        quote!(&#cell)
    };
    let mut methods = vec![
        method("with", None, Some(with)),
        method("get", None, Some(get)),
    ];
    match kind {
        Kind::Counter => {
            methods.push(method("inc", None, None));
            methods.push(method("inc_by", Some(value), None));
        }
        Kind::Gauge => {
            methods.push(method("set", Some(value.clone()), None));
            methods.push(method("inc", None, None));
            methods.push(method("dec", None, None));
            methods.push(method("inc_by", Some(value.clone()), None));
            methods.push(method("dec_by", Some(value), None));
        }
        Kind::FloatGauge => {
            methods.push(method("set", Some(value.clone()), None));
            methods.push(method("inc", None, None));
            methods.push(method("dec", None, None));
            methods.push(method("inc_by", Some(value.clone()), None));
            methods.push(method("dec_by", Some(value), None));
        }
        Kind::Info | Kind::StateSet => {}
        Kind::Histogram | Kind::NativeHistogram => {
            methods.push(method("observe", Some(value), None));
            methods.push(method(
                "observe_duration",
                Some(quote!(::core::time::Duration)),
                None,
            ));
            methods.push(method("start_timer", None, Some(quote!(#p::Timer<'_>))));
        }
    }
    methods
}

/// The recording methods with an exemplar (see
/// `metrics-runtime-core/src/exemplar.rs`) of a counter or histogram declared
/// with `exemplar(..)`, the exemplar taking any value (its arity may be the
/// mistake); none for another kind, whose key is the mistake.
fn exemplar_methods(kind: Option<Kind>, free: bool) -> Vec<Method> {
    let p = quote!(::metrics_runtime::__private);
    let any = quote!(impl ::core::marker::Sized);
    let exemplar = quote!(#p::Option<#p::Exemplar>);
    let exemplars = quote!(#p::Vec<#p::Option<#p::Exemplar>>);
    match kind {
        Some(Kind::Counter) => vec![
            method("inc_with_exemplar", Some(any.clone()), None),
            method("inc_by_with_exemplar", Some(quote!(u64, _: #any)), None),
            method("exemplar", None, Some(exemplar)),
        ],
        Some(Kind::Histogram | Kind::NativeHistogram) => vec![
            method("observe_with_exemplar", Some(quote!(f64, _: #any)), None),
            method(
                "exemplars",
                None,
                Some(if free {
                    quote!(#p::Option<#exemplars>)
                } else {
                    exemplars
                }),
            ),
        ],
        _ => Vec::new(),
    }
}

/// The methods of an info metric (`set` with the labels, `get`) or a state
/// set (`set` with the labels and a state of `states`, any value if it is
/// not known; `get`).
fn info_or_states(kind: Kind, states: Option<&syn::Type>) -> Vec<Method> {
    let p = quote!(::metrics_runtime::__private);
    let names = Method {
        name: "label_names",
        labels: Args::None,
        value: None,
        ret: Some(quote!(&'static [&'static str])),
    };
    if kind == Kind::Info {
        return vec![
            method("set", None, None),
            Method {
                name: "get",
                labels: Args::None,
                value: None,
                ret: Some(quote!(#p::Option<#p::Vec<::std::string::String>>)),
            },
            names,
        ];
    }
    let (value, get) = match states {
        Some(ty) => (quote!(#ty), quote!(#ty)),
        None => (quote!(impl ::core::marker::Sized), quote!(#p::AnyValue)),
    };
    vec![
        method("set", Some(value), None),
        method("get", None, Some(get)),
        names,
    ]
}

/// Every kind's methods, taking any value: the field's kind is unknown.
fn any() -> Vec<Method> {
    let p = quote!(::metrics_runtime::__private);
    let value = || Some(quote!(impl ::core::marker::Sized));
    vec![
        method("with", None, Some(quote!(&#p::AnyCell))),
        method("get", None, Some(quote!(#p::AnyValue))),
        method("inc", None, None),
        method("dec", None, None),
        method("inc_by", value(), None),
        method("dec_by", value(), None),
        method("set", value(), None),
        method("observe", value(), None),
        method("observe_duration", value(), None),
        method("start_timer", None, None),
        method("inc_with_exemplar", value(), None),
        method(
            "inc_by_with_exemplar",
            Some(quote!(impl ::core::marker::Sized, _: impl ::core::marker::Sized)),
            None,
        ),
        method(
            "observe_with_exemplar",
            Some(quote!(impl ::core::marker::Sized, _: impl ::core::marker::Sized)),
            None,
        ),
    ]
}

/// prometheus-client's `Family<S, M>` lookups, for a field written as one
/// (reported): `get_or_create` and `get_or_create_owned` give the `M` the
/// user wrote, so `.inc()` on it is `M`'s own. `remove` is the free-form
/// one when the field declares free-form labels.
fn family_methods(set: &syn::Type, metric: &syn::Type, free: bool) -> Vec<Method> {
    let lookup = |name, ret| Method {
        name,
        labels: Args::None,
        value: Some(quote!(&#set)),
        ret: Some(ret),
    };
    let mut methods = vec![
        lookup("get_or_create", quote!(&#metric)),
        lookup("get_or_create_owned", quote!(#metric)),
        Method {
            name: "clear",
            labels: Args::None,
            value: None,
            ret: None,
        },
    ];
    if !free {
        methods.push(lookup("remove", quote!(bool)));
    }
    methods
}

/// What a metric with free-form labels has beyond recording: `with_free`
/// (returning `handle`, the stand-in over the enum labels), `remove`,
/// `series` and `overflowed`. The free-form values are one `&str`, or a pair
/// for two; more (already reported) take any value.
fn free_methods(handle: &Ident, free: usize) -> Vec<Method> {
    let values = match free {
        1 => quote!(&str),
        2 => quote!((&str, &str)),
        _ => quote!(impl ::core::marker::Sized),
    };
    let only_free = |name, ret| Method {
        name,
        labels: Args::None,
        value: Some(values.clone()),
        ret: Some(ret),
    };
    vec![
        only_free("with_free", quote!(#handle)),
        only_free("remove", quote!(bool)),
        Method {
            name: "series",
            labels: Args::None,
            value: None,
            ret: Some(quote!(usize)),
        },
        Method {
            name: "overflowed",
            labels: Args::None,
            value: None,
            ret: Some(quote!(u64)),
        },
    ]
}
