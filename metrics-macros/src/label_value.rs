//! `#[derive(LabelValue)]`: a fieldless enum as a closed set of label values.

use darling::{FromDeriveInput, FromVariant};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::doc_of;
use crate::ctxt::{push_darling, Ctxt};

/// The value of free-form labels on an overflow series: the runtime's
/// `OVERFLOW_LABEL_VALUE` (`metrics-runtime-core/src/store.rs`).
const OVERFLOW_VALUE: &str = "__overflow__";

#[derive(FromDeriveInput)]
#[darling(attributes(label))]
struct LabelEnum {
    ident: syn::Ident,
    generics: syn::Generics,
    data: darling::ast::Data<LabelVariant, darling::util::Ignored>,
}

#[derive(FromVariant)]
#[darling(attributes(label), forward_attrs(doc))]
struct LabelVariant {
    ident: syn::Ident,
    fields: darling::ast::Fields<darling::util::Ignored>,
    attrs: Vec<syn::Attribute>,
    /// The encoded value instead of the snake_case name.
    #[darling(default)]
    rename: Option<darling::util::SpannedValue<String>>,
}

pub fn derive(input: TokenStream) -> TokenStream {
    let item: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.into_compile_error(),
    };
    match expand(&item) {
        Ok(tokens) => tokens,
        Err(error) => {
            let error = error.into_compile_error();
            let fallback = fallback(&item);
            quote!(#error #fallback)
        }
    }
}

/// Beside the errors, whatever the item is: the label traits with the
/// values that can be read (each unit variant's, so `label!` still finds
/// them), so every use of the type as a label reports nothing more. The
/// traits' supertraits are a bound with a bound lifetime (`FallbackLabel`),
/// assumed rather than reported again on the impl.
fn fallback(item: &DeriveInput) -> TokenStream {
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let mut predicates: Vec<TokenStream> = where_clause
        .map(|w| w.predicates.iter().map(|p| quote!(#p)).collect())
        .unwrap_or_default();
    predicates.push(quote!(for<'__m> Self: ::metrics_runtime::__private::FallbackLabel<'__m>));
    let unit_variants: Vec<(&syn::Ident, String)> = match &item.data {
        syn::Data::Enum(data) if item.generics.params.is_empty() => data
            .variants
            .iter()
            .filter(|v| v.fields.is_empty())
            .map(|v| (&v.ident, written_value(v)))
            .collect(),
        _ => Vec::new(),
    };
    let variants = unit_variants.iter().map(|(v, _)| quote!(#ident::#v));
    let values: Vec<&String> = unit_variants.iter().map(|(_, value)| value).collect();
    let docs = values.iter().map(|_| "");
    let names = unit_variants.iter().map(|(v, _)| v.to_string());
    // `ALL` and `as_str` too, so uses of them report nothing more either.
    let inherent = match &item.data {
        syn::Data::Enum(data) if item.generics.params.is_empty() => {
            let with_fields = data.variants.iter().any(|v| !v.fields.is_empty());
            let mut arms: Vec<TokenStream> = unit_variants
                .iter()
                .map(|(v, value)| quote!(#ident::#v => #value))
                .collect();
            if with_fields {
                arms.push(quote!(_ => ""));
            }
            inherent_items(
                &item.vis,
                ident,
                unit_variants.len(),
                unit_variants.iter().map(|(v, _)| quote!(#ident::#v)),
                arms.into_iter(),
            )
        }
        _ => TokenStream::new(),
    };
    quote! {
        #inherent
        #[automatically_derived]
        impl #impl_generics ::metrics_runtime::__private::LabelConst for #ident #ty_generics
        where #(#predicates,)*
        {
            type This = Self;
            const VARIANTS: &'static [Self] = &[#(#variants),*];
            const LABELS: &'static [&'static ::core::primitive::str] = &[#(#values),*];
            const NAMES: &'static [&'static ::core::primitive::str] = &[#(#names),*];
        }
        #[automatically_derived]
        #[allow(clippy::all)]
        impl #impl_generics ::metrics_runtime::__private::LabelValue for #ident #ty_generics
        where #(#predicates,)*
        {
            const VALUES: &'static [&'static ::core::primitive::str] = &[#(#values),*];
            const DOCS: &'static [&'static ::core::primitive::str] = &[#(#docs),*];
            fn index(self) -> ::core::primitive::usize {
                0
            }
            fn from_index(_: ::core::primitive::usize) -> ::metrics_runtime::__private::Option<Self> {
                ::metrics_runtime::__private::None
            }
        }
    }
}

/// A variant's value as far as it can be read: its `rename` if that is a
/// string, else the snake_case of its name.
fn written_value(variant: &syn::Variant) -> String {
    let rename = variant
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("label"))
        .find_map(|a| {
            let mut found = None;
            let _ = a.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if let Ok(lit) = meta.value().and_then(|v| v.parse::<syn::LitStr>()) {
                        found = Some(lit.value());
                    }
                }
                Ok(())
            });
            found
        });
    rename.unwrap_or_else(|| variant.ident.to_string().to_snake_case())
}

pub(crate) fn expand(item: &DeriveInput) -> syn::Result<TokenStream> {
    let mut ctxt = Ctxt::default();
    // `#[label(...)]` renames a variant; on the enum it means nothing.
    let mut item = item.clone();
    item.attrs.retain(|attr| {
        let on_enum = attr.path().is_ident("label");
        if on_enum {
            ctxt.error(
                attr.path().span(),
                "`#[label(...)]` goes on a variant, to rename it; the enum itself takes no options",
            );
        }
        !on_enum
    });
    let item = &item;
    let parsed = match &item.data {
        syn::Data::Enum(_) => LabelEnum::from_derive_input(item)
            .map_err(|e| push_darling(&mut ctxt, e, "#[label]", &["rename"]))
            .ok(),
        syn::Data::Struct(s) => {
            ctxt.error(s.struct_token.span, "`LabelValue` derives on an enum whose variants are the values; a struct has no fixed set of values");
            None
        }
        syn::Data::Union(u) => {
            ctxt.error(
                u.union_token.span,
                "`LabelValue` derives on an enum whose variants are the values, not on a union",
            );
            None
        }
    };
    let Some(parsed) = parsed else {
        return Err(ctxt.finish().err().unwrap_or_else(|| {
            syn::Error::new(
                item.ident.span(),
                "cannot read this enum; derive `LabelValue` on a fieldless enum",
            )
        }));
    };
    if let Some(param) = parsed.generics.params.first() {
        ctxt.error_spanned(
            param,
            "a label enum cannot be generic, as its values are fixed; remove the parameters",
        );
    }
    let variants = parsed.data.take_enum().unwrap_or_default();
    if variants.is_empty() {
        ctxt.error(parsed.ident.span(), format!("enum `{}` has no variants, so a label of this type has no values; add one variant per value", parsed.ident));
    }
    let mut values: Vec<(String, proc_macro2::Span, syn::Ident)> = Vec::new();
    for v in &variants {
        if !v.fields.is_unit() {
            ctxt.error(
                fields_span(item, &v.ident),
                format!(
                    "variant `{}` has fields, and label values are fieldless variants; remove its fields",
                    v.ident
                ),
            );
        }
        let (value, span) = match &v.rename {
            Some(r) => (r.as_ref().clone(), r.span()),
            None => (v.ident.to_string().to_snake_case(), v.ident.span()),
        };
        if value.is_empty() {
            ctxt.error(
                span,
                "a label value cannot be empty; give a non-empty `rename`",
            );
        }
        if value == OVERFLOW_VALUE {
            ctxt.error(
                span,
                format!(
                    "`{OVERFLOW_VALUE}` is the value a metric's overflow series carries in its free-form labels (past `max_series`), so this variant could not be told from it; give it another `#[label(rename = \"...\")]`"
                ),
            );
        }
        if let Some((_, _, first)) = values.iter().find(|(existing, _, _)| *existing == value) {
            ctxt.error(
                span,
                format!(
                    "variant `{}` encodes as `{value}`, as `{first}` does; give one of them another `#[label(rename = \"...\")]`",
                    v.ident
                ),
            );
        }
        values.push((value, span, v.ident.clone()));
    }
    ctxt.finish()?;

    let ident = &parsed.ident;
    let strings: Vec<&String> = values.iter().map(|(v, _, _)| v).collect();
    let names = values.iter().map(|(_, _, ident)| ident.to_string());
    let docs = variants
        .iter()
        .map(|v| doc_of(&v.attrs).unwrap_or_default());
    let to_index = variants.iter().enumerate().map(|(i, v)| {
        let var = &v.ident;
        quote!(#ident::#var => #i)
    });
    let from_index = variants.iter().enumerate().map(|(i, v)| {
        let var = &v.ident;
        quote!(#i => ::metrics_runtime::__private::Some(#ident::#var))
    });
    let variant_list: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let var = &v.ident;
            quote!(#ident::#var)
        })
        .collect();
    let to_str = variants.iter().zip(&strings).map(|(v, value)| {
        let var = &v.ident;
        quote!(#ident::#var => #value)
    });
    let inherent = inherent_items(
        &item.vis,
        ident,
        variants.len(),
        variant_list.iter().cloned(),
        to_str,
    );
    Ok(quote! {
        #inherent
        #[automatically_derived]
        impl ::metrics_runtime::__private::LabelConst for #ident {
            type This = Self;
            const VARIANTS: &'static [Self] = &[#(#variant_list),*];
            const LABELS: &'static [&'static ::core::primitive::str] = &[#(#strings),*];
            const NAMES: &'static [&'static ::core::primitive::str] = &[#(#names),*];
        }
        #[automatically_derived]
        impl ::metrics_runtime::__private::LabelValue for #ident {
            const VALUES: &'static [&'static ::core::primitive::str] = &[#(#strings),*];
            const DOCS: &'static [&'static ::core::primitive::str] = &[#(#docs),*];
            #[inline(always)]
            fn index(self) -> ::core::primitive::usize {
                match self { #(#to_index,)* }
            }
            fn from_index(index: ::core::primitive::usize) -> ::metrics_runtime::__private::Option<Self> {
                match index {
                    #(#from_index,)*
                    _ => ::metrics_runtime::__private::None,
                }
            }
        }
    })
}

/// `ALL` (every variant, in declaration order) and `as_str` (the encoded
/// value, in const context), as inherent items of the enum, with the
/// enum's visibility: usable without importing the trait.
fn inherent_items(
    vis: &syn::Visibility,
    ident: &syn::Ident,
    count: usize,
    variants: impl Iterator<Item = TokenStream>,
    arms: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    let all_doc = "Every value of this label, in declaration order (derived with `LabelValue`).";
    let str_doc = "The value as exported: the variant's snake_case name or its `#[label(rename)]` (derived with `LabelValue`).";
    // Not `#[automatically_derived]`: rustc accepts that on trait impls
    // only, and warns that it will refuse it on inherent ones.
    quote! {
        #[allow(dead_code)]
        impl #ident {
            #[doc = #all_doc]
            #vis const ALL: [Self; #count] = [#(#variants),*];
            #[doc = #str_doc]
            #[inline]
            #[must_use]
            #vis const fn as_str(self) -> &'static ::core::primitive::str {
                match self { #(#arms,)* }
            }
        }
    }
}

/// The span of a variant's fields, from the syn input.
fn fields_span(item: &DeriveInput, variant: &syn::Ident) -> proc_macro2::Span {
    match &item.data {
        syn::Data::Enum(e) => e
            .variants
            .iter()
            .find(|v| v.ident == *variant)
            .map_or(variant.span(), |v| v.fields.span()),
        _ => variant.span(),
    }
}

#[cfg(test)]
mod tests {
    /// rustc accepts `#[automatically_derived]` on trait impls only (and
    /// warns it will refuse it on inherent ones): neither the derive nor
    /// its fallback after an error puts it anywhere else.
    #[test]
    fn automatically_derived_marks_trait_impls_only() {
        for text in [
            "enum Branch { Namespace, Subgroup }",
            "enum Broken { Ok, Carries(u8) }",
        ] {
            let output = super::derive(text.parse().expect("tokens"));
            let file: syn::File = syn::parse2(output).expect("items");
            let mut impls = 0;
            for item in &file.items {
                if let syn::Item::Impl(item) = item {
                    impls += 1;
                    let marked = item
                        .attrs
                        .iter()
                        .any(|a| a.path().is_ident("automatically_derived"));
                    assert!(
                        !marked || item.trait_.is_some(),
                        "{text}: an inherent impl marked automatically_derived"
                    );
                }
            }
            assert!(impls >= 3, "{text}: {impls} impls");
        }
    }
}
