//! What a family with errors expands to: the errors, and the struct with our
//! attributes removed plus the methods users call, so the only messages are
//! ours and not a cascade from a missing `new()`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// Removes `#[metric(...)]` from every field: attribute macros' helper
/// attributes are not registered, so they must not reach the compiler.
pub fn strip_metric_attrs(item: &mut DeriveInput) {
    if let syn::Data::Struct(data) = &mut item.data {
        for field in data.fields.iter_mut() {
            field.attrs.retain(|a| !a.path().is_ident("metric"));
        }
    }
}

pub fn fallback(mut item: DeriveInput, errors: syn::Error) -> TokenStream {
    strip_metric_attrs(&mut item);
    let errors = errors.into_compile_error();
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    quote! {
        #errors
        #item
        #[allow(dead_code, unreachable_code, clippy::all)]
        impl #impl_generics #ident #ty_generics #where_clause {
            /// Not generated: the declaration has errors.
            pub fn new() -> Self {
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
    }
}
