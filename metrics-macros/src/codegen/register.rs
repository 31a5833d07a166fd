//! `MetricFamily::register`: hands each metric to the runtime, which checks
//! names against the registry and registers under the prefix.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Family;

pub fn register(family: &Family) -> TokenStream {
    let fields = family.metrics.iter().map(|metric| {
        let field = &metric.field;
        let guard = crate::codegen::guard(metric);
        let (lo, hi) = crate::codegen::label_span(metric);
        let boxed = crate::codegen::respan(
            quote!((::metrics_runtime::__private::field().1)(&self.#field)),
            lo,
            hi,
        );
        quote!({ #guard #boxed })
    });
    quote! {
        fn register(
            &self,
            registry: &mut ::metrics_runtime::__private::Registry,
        ) -> ::metrics_runtime::__private::Result<(), ::metrics_runtime::__private::RegisterError> {
            ::metrics_runtime::__private::register_family(
                registry,
                &<Self as ::metrics_runtime::__private::MetricFamily>::DESCRIPTOR,
                [#(#fields),*],
            )
        }
    }
}
