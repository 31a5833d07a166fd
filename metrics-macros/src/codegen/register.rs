//! `MetricFamily::register`: hands each metric to the runtime, which checks
//! names against the registry and registers under the prefix.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Family;

pub fn register(family: &Family) -> TokenStream {
    let rt = crate::codegen::rt();
    let fields = family.metrics.iter().map(|metric| {
        let field = &metric.field;
        let guard = crate::codegen::guard(metric);
        let (lo, hi) = crate::codegen::label_span(metric);
        let boxed = crate::codegen::respan(quote!((#rt::field().1)(&self.#field)), lo, hi);
        if guard.is_empty() {
            boxed
        } else {
            quote!({ #guard #boxed })
        }
    });
    quote! {
        fn register(
            &self,
            registry: &mut #rt::Registry,
        ) -> #rt::Result<(), #rt::RegisterError> {
            #rt::register_family(
                registry,
                &<Self as #rt::MetricFamily>::DESCRIPTOR,
                [#(#fields),*],
            )
        }
    }
}
