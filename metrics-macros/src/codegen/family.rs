//! The struct itself (our attributes stripped, label types filled in) and
//! its constructors.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::DeriveInput;

use crate::ast::{Family, Kind};
use crate::codegen::label_names;

/// The user's struct, re-emitted with our attributes removed and each field
/// typed with its labels.
pub fn strukt(family: &Family, mut item: DeriveInput) -> TokenStream {
    crate::codegen::fill_field_types(&mut item, &family.metrics);
    crate::fallback::strip_metric_attrs(&mut item);
    quote!(#item)
}

/// The inherent items: `new(..)` (taking the constant labels' values, if
/// any), `register` into a prometheus-client registry, the descriptor and
/// the metrics handed to registries; and `Default` for a family without
/// constant labels.
pub fn constructor(family: &Family, descriptor: TokenStream) -> TokenStream {
    let rt = crate::codegen::rt();
    let ident = &family.ident;
    let consts = family.const_label_list();
    let params = consts.iter().map(|label| {
        let name = &label.name;
        let ty = &label.ty;
        quote!(#name: #ty)
    });
    let values: Vec<TokenStream> = consts
        .iter()
        .map(|label| {
            let name = &label.name;
            quote!(&#name)
        })
        .collect();
    let const_labels = const_labels(family, &values);
    let fields = fields(family);
    let new_doc = if consts.is_empty() {
        "Creates every metric of the family, at zero.".to_owned()
    } else {
        let list = consts
            .iter()
            .map(|l| format!("`{}`", l.exported))
            .collect::<Vec<_>>()
            .join(", ");
        format!("Creates every metric of the family, at zero, for the instance with these values of its constant labels ({list}).")
    };
    let registered = family.metrics.iter().map(|metric| {
        let field = &metric.field;
        let guard = crate::codegen::guard(metric);
        let (lo, hi) = crate::codegen::label_span(metric);
        let rt_at = crate::codegen::rt_at(lo);
        let boxed = quote_spanned!(hi=> (#rt_at::field().1)(&self.#field));
        if guard.is_empty() {
            boxed
        } else {
            quote!({ #guard #boxed })
        }
    });
    let default = consts.is_empty().then(|| {
        let bounds = crate::codegen::labels_bounds(&family.metrics);
        quote! {
            #[automatically_derived]
            impl #rt::Default for #ident where #(#bounds,)* {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #ident {
            fn __metrics_descriptor() -> &'static #rt::FamilyDescriptor #descriptor

            #[doc = #new_doc]
            #[allow(dead_code)]
            pub fn new(#(#params),*) -> Self {
                let consts = #const_labels;
                #fields
            }

            /// Registers every metric of the family into a prometheus-client
            /// `registry`; fails, registering nothing, if a name is already
            /// taken there.
            #[allow(dead_code)]
            pub fn register(
                &self,
                registry: &mut #rt::Registry,
            ) -> #rt::Result<(), #rt::RegisterError> {
                #rt::register_family(
                    registry,
                    Self::__metrics_descriptor(),
                    self.__metrics_registered(),
                )
            }

            fn __metrics_registered(&self) -> #rt::Vec<#rt::Registered> {
                #rt::registered([#(#registered),*])
            }
        }

        #default
    }
}

/// The `ConstLabels` of an instance, from references to the values of its
/// constant labels (`values`, in declaration order).
pub fn const_labels(family: &Family, values: &[TokenStream]) -> TokenStream {
    let rt = crate::codegen::rt();
    let consts = family.const_label_list();
    if consts.is_empty() {
        return quote!(#rt::ConstLabels::empty());
    }
    let pairs = consts.iter().zip(values).map(|(label, value)| {
        let name = &label.exported;
        let ty = &label.ty;
        // Spanned at the type, where a type that is not a constant-label
        // value is reported, once.
        let span = ty
            .to_token_stream()
            .into_iter()
            .last()
            .map_or(label.name.span(), |t| t.span());
        let convert = crate::codegen::respan(
            quote!(<#ty as #rt::ConstLabelValue>::value(#value)),
            span,
            span,
        );
        quote!((#name, #convert))
    });
    quote!(#rt::ConstLabels::new([#(#pairs),*]))
}

/// `Self { field: metric, .. }`, every metric carrying `consts`; a metric
/// with the default configuration and bounds (what most are) is created by
/// the short `field().3(names, consts)`.
fn fields(family: &Family) -> TokenStream {
    let rt = crate::codegen::rt();
    let fields = family.metrics.iter().map(|metric| {
        let field = &metric.field;
        let names = label_names(metric);
        let consts = quote!(#rt::Clone::clone(&consts));
        let exemplar = crate::exemplar::typed_arity(metric).is_some();
        let defaults = !metric.kind.is_histogram()
            && !exemplar
            && metric.kind != Kind::StateSet
            && metric.max_series.is_none()
            && metric.max_value_len.is_none();
        // The call is spanned at the labels (see `codegen::label_span`), where
        // a field that is not one of our metrics is reported; built spanned,
        // not respanned after.
        let (span, _) = crate::codegen::label_span(metric);
        let rt_at = crate::codegen::rt_at(span);
        let field_fns = quote_spanned!(span=> #rt_at::field());
        let call = if defaults {
            quote_spanned!(span=> (#field_fns.3)(#names, #consts))
        } else {
            let config = match metric.kind {
                // Written out here too: reading them from the descriptor
                // would decode it in every `new()`'s first call.
                Kind::Histogram => crate::codegen::buckets(metric),
                Kind::NativeHistogram => crate::codegen::native_config(metric),
                // The state label: the metric's exported name.
                Kind::StateSet => {
                    let label = crate::check::exported_name(family, metric);
                    quote!(#label)
                }
                _ => quote!(()),
            };
            let config = if exemplar {
                crate::exemplar::config(metric, config)
            } else {
                config
            };
            let max_series = match metric.max_series {
                Some((n, _)) => quote!(#n),
                None => quote!(#rt::DEFAULT_MAX_SERIES),
            };
            let bounds = match metric.max_value_len {
                Some((n, _)) => quote!(#rt::Bounds::new(#max_series).max_value_len(#n)),
                None => quote!(#rt::Bounds::new(#max_series)),
            };
            quote_spanned!(span=> (#field_fns.0)(#names, #consts, #config, #bounds))
        };
        quote!(#field: #call)
    });
    quote!(Self { #(#fields,)* })
}
