//! The struct itself (our attributes stripped, label types filled in) and
//! its constructors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ast::{Family, Kind};
use crate::codegen::{buckets, label_names};

/// The user's struct, re-emitted with our attributes removed and each field
/// typed with its labels.
pub fn strukt(family: &Family, mut item: DeriveInput) -> TokenStream {
    crate::codegen::fill_field_types(&mut item, &family.metrics);
    crate::fallback::strip_metric_attrs(&mut item);
    quote!(#item)
}

/// `new()`, `register()` and `Default`.
pub fn constructor(family: &Family) -> TokenStream {
    let ident = &family.ident;
    let rt = crate::codegen::rt();
    let fields = family.metrics.iter().map(|metric| {
        let field = &metric.field;
        let names = label_names(metric);
        let call = match (metric.kind, metric.max_series) {
            (Kind::Histogram, _) | (_, Some(_)) => {
                let config = match metric.kind {
                    Kind::Histogram => buckets(metric),
                    _ => quote!(()),
                };
                let max_series = match metric.max_series {
                    Some((n, _)) => quote!(#n),
                    None => quote!(#rt::DEFAULT_MAX_SERIES),
                };
                quote!((#rt::field().0)(#names, #config, #max_series))
            }
            _ => quote!((#rt::field().2)(#names)),
        };
        let (lo, hi) = crate::codegen::label_span(metric);
        let value = crate::codegen::respan(call, lo, hi);
        quote!(#field: #value)
    });
    let bounds = crate::codegen::labels_bounds(&family.metrics);
    quote! {
        impl #ident {
            /// Creates every metric of the family, at zero.
            #[allow(dead_code)]
            pub fn new() -> Self {
                Self { #(#fields,)* }
            }

            /// Registers every metric of the family into `registry`; fails,
            /// registering nothing, if a name is already taken there.
            #[allow(dead_code)]
            pub fn register(
                &self,
                registry: &mut #rt::Registry,
            ) -> #rt::Result<(), #rt::RegisterError> {
                <Self as #rt::MetricFamily>::register(self, registry)
            }
        }

        #[automatically_derived]
        impl #rt::Default for #ident where #(#bounds,)* {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}
