//! `MetricFamily`'s items beyond the descriptor, forwarding to the inherent
//! ones (see `family::constructor`).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ast::Family;

pub fn methods(family: &Family) -> TokenStream {
    let rt = crate::codegen::rt();
    let consts = family.const_label_list();
    let types = consts.iter().map(|label| &label.ty);
    let (const_type, values, args): (TokenStream, Vec<TokenStream>, TokenStream) = match consts {
        [] => (quote!(()), Vec::new(), quote!()),
        [one] => (
            one.ty.to_token_stream(),
            vec![quote!(labels)],
            quote!(labels),
        ),
        _ => {
            let indices: Vec<syn::Index> = (0..consts.len()).map(syn::Index::from).collect();
            (
                quote!((#(#types,)*)),
                indices.iter().map(|i| quote!(&labels.#i)).collect(),
                quote!(#(labels.#indices),*),
            )
        }
    };
    let const_labels = crate::codegen::family::const_labels(family, &values);
    let unused = consts.is_empty().then(|| quote!(let _ = labels;));
    let first = {
        let metric = &family.metrics[0];
        let field = &metric.field;
        let guard = crate::codegen::guard(metric);
        let (lo, hi) = crate::codegen::label_span(metric);
        let labels = crate::codegen::respan(quote!((#rt::field().2)(&self.#field)), lo, hi);
        if guard.is_empty() {
            labels
        } else {
            quote!({ #guard #labels })
        }
    };
    quote! {
        type ConstLabels = #const_type;

        fn with_const_labels(labels: Self::ConstLabels) -> Self {
            #unused
            Self::new(#args)
        }

        fn const_labels(labels: &Self::ConstLabels) -> #rt::ConstLabels {
            #unused
            #const_labels
        }

        fn register(
            &self,
            registry: &mut #rt::Registry,
        ) -> #rt::Result<(), #rt::RegisterError> {
            Self::register(self, registry)
        }

        fn __instance_labels(&self) -> &#rt::ConstLabels {
            #first
        }

        fn __registered(&self) -> #rt::Vec<#rt::Registered> {
            self.__metrics_registered()
        }
    }
}
