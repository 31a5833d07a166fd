//! What a family with errors expands to: the errors, and the struct with our
//! attributes removed and each field typed with what the declaration says,
//! plus everything users reach for (`new`, `register`, `Default`,
//! `MetricFamily` with the descriptor that can be built), so the only
//! messages are the declaration's own and not a cascade at every recording
//! call.
//!
//! A field is typed as codegen would type it when its kind is known and its
//! labels fit a `LabelSet` ([`labels_fit`]); otherwise it gets a stand-in
//! ([`shim`]) with the kind's recording methods at the declared arity, or
//! every kind's methods when the type names no kind.

mod shim;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident};

use crate::ast::{Family, Kind, Metric};

/// Removes `#[metric(...)]` from every field: attribute macros' helper
/// attributes are not registered, so they must not reach the compiler.
pub fn strip_metric_attrs(item: &mut DeriveInput) {
    if let syn::Data::Struct(data) = &mut item.data {
        for field in data.fields.iter_mut() {
            field.attrs.retain(|a| !a.path().is_ident("metric"));
        }
    }
}

/// The struct to emit beside the errors.
pub struct Fallback {
    item: DeriveInput,
    /// Stand-in types of fields the runtime cannot type as declared.
    shims: Vec<TokenStream>,
    /// `where` predicates of `Default` (see `codegen::labels_bound`).
    bounds: Vec<TokenStream>,
    descriptor: TokenStream,
    /// The parameters of `new`: the constant labels, as declared.
    params: Vec<TokenStream>,
    /// `MetricFamily::ConstLabels`, from the constant labels.
    const_type: TokenStream,
    /// Whether the family has no constant labels (so can be `global!`).
    global: bool,
}

/// Whether the runtime has a `LabelSet` for this label list: up to four enum
/// labels and up to two free-form labels, in any order (the shape rules of
/// `check`, which report the rest).
pub fn labels_fit(metric: &Metric) -> bool {
    crate::check::shape_errors(metric).is_empty()
}

/// Whether the field can have its real metric type: labels that fit, each a
/// type that may be a label.
fn typed_as_declared(metric: &Metric) -> bool {
    labels_fit(metric)
        && metric.typeable()
        && !metric.label_list().iter().any(|l| l.unusable())
        && exemplar_fits(metric)
        && foreign_family(metric).is_none()
        && !states_on_another_kind(metric)
}

/// Whether `states = Enum` is declared on a kind with a value (reported):
/// the field is one or the other, so its stand-in takes the calls of both
/// (`set(SyncState::Running)` as well as `set(3)`). An info metric keeps its
/// own type (its `set` takes label values).
fn states_on_another_kind(metric: &Metric) -> bool {
    metric.states.is_some() && !matches!(metric.kind, Kind::StateSet | Kind::Info)
}

/// Whether `ty` is a `PhantomData` (the companion of a type parameter,
/// which the fallback drops with it).
fn phantom(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "PhantomData"))
}

/// The label set and metric types of a prometheus-client `Family<S, M>`
/// written for the field (reported), when both can be named: its stand-in
/// has `Family`'s lookups as well as the kind's recording methods, so
/// calls written for either draw no error of their own.
fn foreign_family(metric: &Metric) -> Option<(&syn::Type, &syn::Type)> {
    let syn::Type::Path(path) = metric.foreign.as_ref()? else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Family" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|arg| match arg {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let (set, metric) = (types.next()?, types.next()?);
    (crate::kind::nameable(set) && crate::kind::nameable(metric)).then_some((set, metric))
}

/// Whether the runtime has the exemplar cells the key asks for: one or two
/// labels on a `Counter` or `Histogram` (or no key; on another kind the key
/// is reported and the field keeps its plain type, but for a native
/// histogram, whose stand-in takes exemplars as a classic one does).
fn exemplar_fits(metric: &Metric) -> bool {
    match (&metric.exemplar, metric.kind) {
        (Some(key), Kind::Counter | Kind::Histogram) => key.arity().is_some(),
        // Refused (a native histogram keeps no exemplars), but its
        // `observe_with_exemplar` calls are what the key asked for: the
        // stand-in takes them.
        (Some(_), Kind::NativeHistogram) => false,
        _ => true,
    }
}

impl Fallback {
    pub fn new(mut item: DeriveInput, family: &Family) -> Fallback {
        let generics = used_generics(&item);
        let typed: Vec<&Metric> = family
            .metrics
            .iter()
            .filter(|m| typed_as_declared(m))
            .collect();
        // Fields written `Option<Kind>` (reported), typed below as an
        // `Option` of what the kind gives.
        let optional: Vec<Ident> = match &item.data {
            syn::Data::Struct(data) => data
                .fields
                .iter()
                .filter(|f| match &f.ty {
                    syn::Type::Path(p) if p.qself.is_none() => crate::kind::option_of(p).is_some(),
                    _ => false,
                })
                .filter_map(|f| f.ident.clone())
                .filter(|ident| family.metrics.iter().any(|m| &m.field == ident))
                .collect(),
            _ => Vec::new(),
        };
        crate::codegen::fill_field_types(&mut item, typed.iter().copied());
        let mut shims = vec![crate::codegen::label_aliases(typed.iter().copied())];
        let struct_vis = item.vis.clone();
        if let syn::Data::Struct(data) = &mut item.data {
            for field in data.fields.iter_mut() {
                let Some(ident) = field.ident.clone() else {
                    // A tuple struct (reported): a field that names no kind
                    // would draw "cannot find type" too.
                    if crate::kind::kind_of(&mut crate::ctxt::Ctxt::default(), &field.ty).is_none()
                    {
                        field.ty = syn::parse_quote!(());
                    }
                    continue;
                };
                let stand_in = if let Some(m) = family.metrics.iter().find(|m| m.field == ident) {
                    (!typed_as_declared(m)).then(|| match states_written_as_a_label(m) {
                        // Typed as the `states = ..` it means (reported so).
                        Some(states) => (Some((m.kind, &m.ty, Some(states))), &[][..], false, None),
                        None if states_on_another_kind(m) => (None, m.label_list(), false, None),
                        None => (
                            Some((m.kind, &m.ty, m.states.as_ref().map(|(t, _)| t))),
                            m.label_list(),
                            m.exemplar.is_some(),
                            foreign_family(m),
                        ),
                    })
                } else if let Some(u) = family.unknown.iter().find(|u| u.field == ident) {
                    let name = shim::name(&family.ident, &ident);
                    let written = u.written.as_ref().filter(|ty| !phantom(ty));
                    shims.push(shim::shim_of_unknown(
                        &name,
                        &struct_vis,
                        &u.labels,
                        written,
                    ));
                    field.ty = syn::parse_quote!(#name);
                    None
                } else {
                    None
                };
                if let Some((kind, labels, exemplar, foreign)) = stand_in {
                    let name = shim::name(&family.ident, &ident);
                    shims.push(shim::shim(
                        &name,
                        &struct_vis,
                        kind,
                        labels,
                        exemplar,
                        foreign,
                    ));
                    field.ty = syn::parse_quote!(#name);
                }
                if optional.contains(&ident) {
                    let ty = &field.ty;
                    field.ty = syn::parse_quote!(::core::option::Option<#ty>);
                }
            }
        }
        strip_metric_attrs(&mut item);
        // Generic parameters were reported. Those the fields' types name
        // are kept (without bounds), so that code naming them,
        // `Http::<u8>::new()`, type-checks, and held by a hidden field, as
        // the fields no longer name them; the others are dropped, so that
        // `Http::new()` infers nothing (rustc refuses an unused one anyway).
        item.generics = generics;
        if !item.generics.params.is_empty() {
            if let syn::Data::Struct(syn::DataStruct {
                fields: syn::Fields::Named(fields),
                ..
            }) = &mut item.data
            {
                let lifetimes = item.generics.lifetimes().map(|l| &l.lifetime);
                let types = item.generics.type_params().map(|t| &t.ident);
                fields.named.push(syn::parse_quote! {
                    #[doc(hidden)]
                    __metrics_generics: ::core::marker::PhantomData<fn() -> (#(&#lifetimes (),)* #(#types,)*)>
                });
            }
        }
        let bounds = crate::codegen::labels_bounds(typed.iter().copied());
        let descriptor = crate::codegen::descriptor_lenient(family);
        let consts = family.const_label_list();
        // Unnamed: a name that is the mistake (`self`, one given twice)
        // would be an error of rustc's too.
        let params = consts
            .iter()
            .map(|label| {
                let ty = &label.ty;
                if label.unusable() {
                    quote!(_: impl ::core::marker::Sized)
                } else {
                    quote!(_: #ty)
                }
            })
            .collect();
        let types = consts.iter().map(|label| {
            let ty = &label.ty;
            if label.unusable() {
                quote!(())
            } else {
                quote!(#ty)
            }
        });
        let const_type = match consts {
            [] => quote!(()),
            [_] => quote!(#(#types)*),
            _ => quote!((#(#types,)*)),
        };
        // Types written for a field that it no longer has, named once more
        // so the user's imports of them stay used.
        let written = family
            .metrics
            .iter()
            .filter_map(|m| m.foreign.as_ref())
            .chain(family.unknown.iter().filter_map(|u| u.written.as_ref()))
            .chain(
                family
                    .metrics
                    .iter()
                    .filter(|m| states_on_another_kind(m))
                    .map(|m| &m.ty),
            );
        shims.extend(written.map(
            |ty| quote!(const _: ::core::marker::PhantomData<#ty> = ::core::marker::PhantomData;),
        ));
        Fallback {
            item,
            shims,
            bounds,
            descriptor,
            params,
            const_type,
            global: family.const_labels.is_none(),
        }
    }
}

/// The generic parameters of a struct with named fields that its fields'
/// types name, without bounds or defaults (the where clause dropped): a
/// tuple struct (reported) keeps none.
fn used_generics(item: &DeriveInput) -> syn::Generics {
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(fields),
        ..
    }) = &item.data
    else {
        return syn::Generics::default();
    };
    let mut named = Vec::new();
    for field in &fields.named {
        names_in(quote::ToTokens::to_token_stream(&field.ty), &mut named);
    }
    let params = item.generics.params.iter().filter_map(|param| {
        let mut param = param.clone();
        let used = match &mut param {
            syn::GenericParam::Lifetime(l) => {
                l.bounds.clear();
                l.colon_token = None;
                named.contains(&format!("'{}", l.lifetime.ident))
            }
            syn::GenericParam::Type(t) => {
                t.bounds.clear();
                t.colon_token = None;
                t.default = None;
                named.contains(&t.ident.to_string())
            }
            syn::GenericParam::Const(c) => {
                c.default = None;
                named.contains(&c.ident.to_string())
            }
        };
        used.then_some(param)
    });
    let params: Vec<syn::GenericParam> = params.collect();
    if params.is_empty() {
        return syn::Generics::default();
    }
    syn::parse_quote!(<#(#params),*>)
}

/// Every identifier among `tokens`, and every lifetime as `'name`.
fn names_in(tokens: TokenStream, names: &mut Vec<String>) {
    let mut tick = false;
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Group(group) => names_in(group.stream(), names),
            proc_macro2::TokenTree::Ident(ident) => {
                let name = ident.to_string();
                names.push(if tick { format!("'{name}") } else { name });
            }
            proc_macro2::TokenTree::Punct(p) => {
                tick = p.as_char() == '\'';
                continue;
            }
            proc_macro2::TokenTree::Literal(_) => {}
        }
        tick = false;
    }
}

pub fn fallback(fallback: Fallback, errors: syn::Error) -> TokenStream {
    let Fallback {
        item,
        shims,
        bounds,
        descriptor,
        params,
        const_type,
        global,
    } = fallback;
    let errors = errors.into_compile_error();
    let ident = &item.ident;
    let (generics, ty_generics, _) = item.generics.split_for_impl();
    let p = crate::codegen::rt();
    let global_impl = global.then(|| {
        quote! {
            impl #generics #p::GlobalFamily for #ident #ty_generics where #(#bounds,)* {}
        }
    });
    let impls = crate::codegen::scoped(quote! {
        #[allow(dead_code, unreachable_code, unused_variables, clippy::all)]
        impl #generics #ident #ty_generics {
            /// Not generated: the declaration has errors.
            pub fn new(#(#params),*) -> Self {
                ::core::unreachable!()
            }
            /// Not generated: the declaration has errors.
            pub fn register(
                &self,
                _: &mut impl #p::PrometheusClientRegistry,
            ) -> #p::Result<(), #p::RegisterError> {
                ::core::unreachable!()
            }
        }
        #[allow(dead_code, unreachable_code, clippy::all)]
        impl #generics #p::Default for #ident #ty_generics
        where #(#bounds,)*
        {
            fn default() -> Self {
                ::core::unreachable!()
            }
        }
        #global_impl
        #[allow(dead_code, unreachable_code, unused_variables, clippy::all)]
        impl #generics #p::MetricFamily for #ident #ty_generics
        where #(#bounds,)*
        {
            fn descriptor() -> &'static #p::FamilyDescriptor #descriptor
            type ConstLabels = #const_type;
            fn with_const_labels(labels: Self::ConstLabels) -> Self {
                ::core::unreachable!()
            }
            fn const_labels(labels: &Self::ConstLabels) -> #p::ConstLabels {
                ::core::unreachable!()
            }
            fn register(
                &self,
                _: &mut #p::Registry,
            ) -> #p::Result<(), #p::RegisterError> {
                ::core::unreachable!()
            }
            fn __instance_labels(&self) -> &#p::ConstLabels {
                ::core::unreachable!()
            }
            fn __registered(&self) -> #p::Vec<#p::Registered> {
                ::core::unreachable!()
            }
        }
    });
    quote! {
        #errors
        // A kind misspelled as a bare name (`Countr`) is typed with the bare
        // kind (`Counter`): the user's own import if there is one (which
        // stays used), else ours, as a glob import yields to explicit ones.
        #[allow(unused_imports)]
        use ::metrics_runtime::__private::kinds::*;
        #(#shims)*
        #item
        #impls
    }
}

/// A state set without `states` whose one label is an enum:
/// `labels(state: SyncState)` written for `states = SyncState`, which its
/// recording calls (`set(SyncState::Running)`) then mean too.
pub fn states_written_as_a_label(m: &Metric) -> Option<&syn::Type> {
    match (m.kind, &m.states, m.label_list()) {
        (Kind::StateSet, None, [label]) if !label.free && !label.refused => Some(&label.ty),
        _ => None,
    }
}
