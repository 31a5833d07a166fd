//! Code generation: one file per generated artifact.

mod descriptor;
mod family;
mod register;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Type};

use crate::ast::{Family, Metric};

/// Everything a checked family expands to.
pub fn expand(family: &Family, input: &DeriveInput) -> TokenStream {
    let strukt = family::strukt(family, input);
    let constructor = family::constructor(family);
    let register = register::register(family);
    let descriptor = descriptor::descriptor(family);
    let ident = &family.ident;
    quote! {
        #strukt
        #constructor
        #[automatically_derived]
        impl ::metrics_runtime::__private::MetricFamily for #ident {
            const DESCRIPTOR: ::metrics_runtime::__private::FamilyDescriptor = #descriptor;
            #register
        }
    }
}

/// The field's type with its label tuple filled in: `Counter` becomes
/// `Counter<(Branch, PurgeClass)>`. The user's own path is kept, so their
/// import stays used and the type is the one they named.
pub fn field_type(metric: &Metric) -> Type {
    let mut ty = metric.ty.clone();
    let labels = metric.label_list();
    if labels.is_empty() {
        return ty;
    }
    let types = labels.iter().map(|l| &l.ty);
    let span = metric.labels.as_ref().map_or(ty.span(), |(_, s)| *s);
    let args: syn::AngleBracketedGenericArguments =
        syn::parse_quote_spanned!(span=> <( #(#types,)* )>);
    if let Type::Path(path) = &mut ty {
        if let Some(last) = path.path.segments.last_mut() {
            last.arguments = syn::PathArguments::AngleBracketed(args);
        }
    }
    ty
}

/// `&["branch", "class"]`
pub fn label_names(metric: &Metric) -> TokenStream {
    let names = metric.label_list().iter().map(|l| {
        let name = l.name.to_string();
        name.strip_prefix("r#").unwrap_or(&name).to_owned()
    });
    quote!(&[#(#names),*])
}

/// The literal slice of bucket bounds, `&[]` for other kinds.
pub fn buckets(metric: &Metric) -> TokenStream {
    let bounds = match (&metric.buckets, metric.kind) {
        (Some(b), crate::ast::Kind::Histogram) => crate::bucket::bounds(&b.spec),
        (None, crate::ast::Kind::Histogram) => crate::bucket::DEFAULT.to_vec(),
        _ => Vec::new(),
    };
    let lits = bounds.into_iter().map(proc_macro2::Literal::f64_suffixed);
    let span = metric
        .buckets
        .as_ref()
        .map_or(metric.field.span(), |b| b.span);
    quote_spanned!(span=> { const BOUNDS: &[f64] = &[#(#lits),*]; BOUNDS })
}
