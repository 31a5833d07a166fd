//! What a family with errors expands to: the errors, and the struct with our
//! attributes removed, its fields typed with their labels where those were
//! read, plus what users call (`new`, `register`, `Default`, and the
//! `MetricFamily` a `Registry` takes), so the
//! only messages are ours and not a cascade from a missing `new()` or a
//! recording method called with labels on an unlabelled field.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use syn::spanned::Spanned;

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
    /// `where` predicates of `Default` (see `codegen::labels_bound`).
    bounds: Vec<TokenStream>,
    /// The parameters of `new`: the constant labels, as declared.
    params: Vec<TokenStream>,
    /// `MetricFamily::ConstLabels`, from the constant labels.
    const_type: TokenStream,
    /// Whether the family has no constant labels (so can be `global!`).
    global: bool,
}

impl Fallback {
    /// The struct with every modelled field typed with its labels.
    pub fn new(mut item: DeriveInput, family: &Family) -> Fallback {
        // Label lists the runtime cannot carry (already reported) stay off
        // the type, so rustc does not report them again.
        let carried = family.metrics.iter().filter(|m| labels_fit(m));
        crate::codegen::fill_field_types(&mut item, carried.clone());
        shapes_as_errors(&mut item, family);
        unknown_kinds_as_unit(&mut item, family);
        strip_metric_attrs(&mut item);
        // Generic parameters were reported; without them the struct draws
        // no "parameter is never used".
        item.generics = syn::Generics::default();
        let bounds = carried.filter_map(crate::codegen::labels_bound).collect();
        let params = family
            .const_label_list()
            .iter()
            .map(|label| {
                let name = &label.name;
                let ty = &label.ty;
                quote!(#name: #ty)
            })
            .collect();
        let consts = family.const_label_list();
        let types = consts.iter().map(|label| &label.ty);
        let const_type = match consts {
            [] => quote!(()),
            [one] => quote::ToTokens::to_token_stream(&one.ty),
            _ => quote!((#(#types,)*)),
        };
        Fallback {
            item,
            bounds,
            params,
            const_type,
            global: family.const_labels.is_none(),
        }
    }
}

/// Up to four enum labels and up to two free-form labels, in any order:
/// what `LabelSet` covers.
fn labels_fit(metric: &Metric) -> bool {
    crate::check::shape_errors(metric).is_empty()
}

/// A field whose label list the runtime cannot carry is typed as its kind
/// over an array whose length is the error already reported for it (the
/// same message at the same span, which rustc shows once): a type that
/// references an error, so recordings into the field, which take those
/// labels, report nothing more. (`compile_error!` as the type itself would
/// leave `()` there, and every recording a cascade.)
fn shapes_as_errors(item: &mut DeriveInput, family: &Family) {
    let syn::Data::Struct(data) = &mut item.data else {
        return;
    };
    for field in data.fields.iter_mut() {
        let Some(metric) = family
            .metrics
            .iter()
            .find(|m| field.ident.as_ref() == Some(&m.field))
        else {
            continue;
        };
        if let Some((span, message)) = crate::check::shape_errors(metric).into_iter().next() {
            let error = syn::Error::new(span, message).into_compile_error();
            let mut ty = metric.ty.clone();
            if let syn::Type::Path(path) = &mut ty {
                if let Some(last) = path.path.segments.last_mut() {
                    last.arguments = syn::PathArguments::AngleBracketed(
                        syn::parse_quote!(<[(); { #error; 0 }]>),
                    );
                }
            }
            field.ty = ty;
        }
    }
}

/// A field whose type names no metric kind (`Countr`, `u64`, `Counter<A>`)
/// has already been reported; typed `()` it draws no second error from
/// rustc (such as "cannot find type `Countr`").
fn unknown_kinds_as_unit(item: &mut DeriveInput, family: &Family) {
    if let syn::Data::Struct(data) = &mut item.data {
        for field in data.fields.iter_mut() {
            let modelled = family
                .metrics
                .iter()
                .any(|m| field.ident.as_ref() == Some(&m.field));
            let known = match &field.ty {
                syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| {
                    s.arguments.is_empty() && Kind::from_type_name(&s.ident.to_string()).is_some()
                }),
                _ => false,
            };
            if !modelled && !known {
                field.ty = syn::parse_quote_spanned!(field.ty.span()=> ());
            }
        }
    }
}

pub fn fallback(fallback: Fallback, errors: syn::Error) -> TokenStream {
    let Fallback {
        item,
        bounds,
        params,
        const_type,
        global,
    } = fallback;
    let errors = errors.into_compile_error();
    // `Fallback::new` dropped any generics (they were reported), so the
    // impls need none.
    let ident = &item.ident;
    let name = ident.to_string();
    let global_impl = global.then(|| {
        quote! {
            impl ::metrics_runtime::__private::GlobalFamily for #ident where #(#bounds,)* {}
        }
    });
    quote! {
        #errors
        #item
        #[allow(dead_code, unreachable_code, unused_variables, clippy::all)]
        impl #ident {
            /// Not generated: the declaration has errors.
            pub fn new(#(#params),*) -> Self {
                ::core::unreachable!()
            }
            /// Not generated: the declaration has errors.
            pub fn register(
                &self,
                _: &mut ::metrics_runtime::__private::Registry,
            ) -> ::metrics_runtime::__private::Result<(), ::metrics_runtime::__private::RegisterError> {
                ::core::unreachable!()
            }
        }
        #[allow(dead_code, unreachable_code, clippy::all)]
        impl ::metrics_runtime::__private::Default for #ident
        where #(#bounds,)*
        {
            fn default() -> Self {
                ::core::unreachable!()
            }
        }
        #global_impl
        #[allow(dead_code, unreachable_code, unused_variables, clippy::all)]
        impl ::metrics_runtime::__private::MetricFamily for #ident
        where #(#bounds,)*
        {
            const DESCRIPTOR: ::metrics_runtime::__private::FamilyDescriptor =
                ::metrics_runtime::__private::FamilyDescriptor {
                    name: #name,
                    title: ::metrics_runtime::__private::None,
                    doc: "",
                    prefix: ::metrics_runtime::__private::None,
                    const_labels: &[],
                    alerts: &[],
                    records: &[],
                    metrics: &[],
                };
            type ConstLabels = #const_type;
            fn with_const_labels(labels: Self::ConstLabels) -> Self {
                ::core::unreachable!()
            }
            fn const_labels(labels: &Self::ConstLabels) -> ::metrics_runtime::__private::ConstLabels {
                ::core::unreachable!()
            }
            fn register(
                &self,
                _: &mut ::metrics_runtime::__private::Registry,
            ) -> ::metrics_runtime::__private::Result<(), ::metrics_runtime::__private::RegisterError> {
                ::core::unreachable!()
            }
            fn __instance_labels(&self) -> &::metrics_runtime::__private::ConstLabels {
                ::core::unreachable!()
            }
            fn __registered(&self) -> ::metrics_runtime::__private::Vec<::metrics_runtime::__private::Registered> {
                ::core::unreachable!()
            }
        }
    }
}
