//! Orchestration: parse → model → check → codegen, or the fallback.

use darling::ast::NestedMeta;
use darling::{FromField, FromMeta};
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{DeriveInput, Item};

use crate::ast::Family;
use crate::attr::{FamilyArgs, MetricField, FAMILY_KEYS, METRIC_KEYS};
use crate::ctxt::{push_darling, Ctxt};

pub fn metrics_family(args: TokenStream, input: TokenStream) -> TokenStream {
    match try_expand(args, input.clone()) {
        Ok(tokens) => tokens,
        Err(Failure::NotAStruct(error)) => match as_empty_family(&input) {
            // An enum or a union: emitted as written, with the items users
            // reach for (`new`, `register`, `MetricFamily`) of an empty
            // family, so `registry.register(AppMetrics::new())` draws no
            // error of its own.
            Some((item, family)) => {
                crate::fallback::fallback(crate::fallback::Fallback::new(item, &family), error)
            }
            None => {
                let error = error.into_compile_error();
                let input = without_metric_attrs(input);
                quote!(#error #input)
            }
        },
        Err(Failure::Invalid(fallback, error)) => crate::fallback::fallback(*fallback, error),
    }
}

/// An enum or union without generic parameters (which the fallback would
/// drop) as a family of no metrics.
fn as_empty_family(input: &TokenStream) -> Option<(DeriveInput, Family)> {
    let item = syn::parse2::<DeriveInput>(without_metric_attrs(input.clone())).ok()?;
    if matches!(item.data, syn::Data::Struct(_)) || !item.generics.params.is_empty() {
        return None;
    }
    let family = Family::from_input(
        &mut Ctxt::default(),
        FamilyArgs::default(),
        &item,
        Vec::new(),
    );
    Some((item, family))
}

pub enum Failure {
    /// The input is not a struct: emitted unchanged beside the error.
    NotAStruct(syn::Error),
    /// A struct with mistakes: emitted through the fallback.
    Invalid(Box<crate::fallback::Fallback>, syn::Error),
}

pub fn try_expand(args: TokenStream, input: TokenStream) -> Result<TokenStream, Failure> {
    let mut item = parse_struct(input.clone())?;
    let mut ctxt = Ctxt::default();
    respell_metric_attrs(&mut ctxt, &mut item);

    // After a mistake in the arguments, their constant labels as far as
    // they can be read, so `new(..)` takes what the user passes.
    let salvaged = || FamilyArgs {
        const_labels: crate::salvage::const_labels(args.clone()),
        ..FamilyArgs::default()
    };
    let before_args = ctxt.error_count();
    let family_args = match NestedMeta::parse_meta_list(args.clone()) {
        Ok(list) => FamilyArgs::from_list(&list).unwrap_or_else(|e| {
            push_darling(&mut ctxt, e, "#[metrics_family]", FAMILY_KEYS);
            salvaged()
        }),
        Err(e) => {
            ctxt.error(e.span(), "cannot read `#[metrics_family(...)]`; write `key = value` pairs, e.g. `prefix = \"sync\"`");
            salvaged()
        }
    };
    // Without its arguments (the prefix) no exported name is known.
    let args_read = ctxt.error_count() == before_args;

    shape(&mut ctxt, &item);
    struct_metric_attrs(&mut ctxt, &mut item);
    derived_default(&mut ctxt, &mut item, family_args.const_labels.is_some());
    let mut fields = Vec::new();
    if let syn::Data::Struct(data) = &item.data {
        for field in &data.fields {
            match MetricField::from_field(field) {
                Ok(mut f) => {
                    // Read from the tokens only where there is a value to
                    // read: this runs on every field of every build.
                    if f.schema.is_some() || f.zero_threshold.is_some() {
                        f.negated = crate::attr::Negated::of(&field.attrs);
                    }
                    fields.push(f);
                }
                Err(e) => {
                    // `labels = [..]` stops the attribute's parser at its
                    // first `:` ("expected `]`"): say what to write instead.
                    match crate::salvage::assigned_label_list(&field.attrs) {
                        Some((start, end, list)) => ctxt.error_range(
                            start,
                            end,
                            format!("`labels` takes its list in parentheses, without `=`; write `{list}`"),
                        ),
                        None => push_darling(&mut ctxt, e, "#[metric]", METRIC_KEYS),
                    }
                    fields.push(crate::salvage::field(field));
                }
            }
        }
    }

    let family = Family::from_input(&mut ctxt, family_args, &item, fields);
    // A metric whose modelling failed is partial, and the checks leave it
    // alone (`Metric::flawed`); the others are checked, so every mistake of
    // the struct is reported in one build. Never expanded after an error.
    if args_read {
        crate::check::check(&mut ctxt, &family);
    }
    match ctxt.finish() {
        Ok(()) => Ok(crate::codegen::expand(&family, item, input)),
        Err(e) => Err(Failure::Invalid(
            Box::new(crate::fallback::Fallback::new(item, &family)),
            e,
        )),
    }
}

/// A field's `#[metrics(..)]` (or `#[metirc(..)]`): reported with the fix,
/// then read as the `#[metric(..)]` it means, so the field keeps the labels
/// and keys it declares and recording calls add no error.
fn respell_metric_attrs(ctxt: &mut Ctxt, item: &mut DeriveInput) {
    let syn::Data::Struct(data) = &mut item.data else {
        return;
    };
    for field in data.fields.iter_mut() {
        for attr in field.attrs.iter_mut() {
            let Some(ident) = attr.path().get_ident().cloned() else {
                continue;
            };
            let name = ident.to_string();
            if name == "metric" || crate::names::closest(&name, &["metric"]).is_none() {
                continue;
            }
            ctxt.error(
                ident.span(),
                format!("unknown attribute `{name}`; a field of a `#[metrics_family]` takes `#[metric(...)]`"),
            );
            let path = syn::Path::from(syn::Ident::new("metric", ident.span()));
            match &mut attr.meta {
                syn::Meta::Path(p) => *p = path,
                syn::Meta::List(list) => list.path = path,
                syn::Meta::NameValue(nv) => nv.path = path,
            }
        }
    }
}

/// The input with `#[metric]` removed wherever it can sit in an enum or a
/// union, so the one error is ours and not also "cannot find attribute".
fn without_metric_attrs(input: TokenStream) -> TokenStream {
    let keep = |attrs: &mut Vec<syn::Attribute>| attrs.retain(|a| !a.path().is_ident("metric"));
    match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Enum(mut e)) => {
            for variant in &mut e.variants {
                keep(&mut variant.attrs);
                variant.fields.iter_mut().for_each(|f| keep(&mut f.attrs));
            }
            quote!(#e)
        }
        Ok(Item::Union(mut u)) => {
            u.fields.named.iter_mut().for_each(|f| keep(&mut f.attrs));
            quote!(#u)
        }
        _ => input,
    }
}

/// The input as a struct, or an error on whatever else it is.
fn parse_struct(input: TokenStream) -> Result<DeriveInput, Failure> {
    let message = "`#[metrics_family]` applies to a struct with named fields";
    // One parse for a struct, the input every build sees; the item is
    // parsed again only to say what else it is.
    if let Ok(item) = syn::parse2::<DeriveInput>(input.clone()) {
        if matches!(item.data, syn::Data::Struct(_)) {
            return Ok(item);
        }
    }
    match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Struct(_)) => {}
        Ok(Item::Enum(e)) => {
            return Err(Failure::NotAStruct(syn::Error::new(
                e.enum_token.span,
                format!("{message}, not an enum; declare each metric as a field"),
            )))
        }
        Ok(Item::Union(u)) => {
            return Err(Failure::NotAStruct(syn::Error::new(
                u.union_token.span,
                format!("{message}, not a union; declare each metric as a field of a struct"),
            )))
        }
        Ok(other) => {
            return Err(Failure::NotAStruct(syn::Error::new(
                item_span(&other),
                format!("{message}; put it on a struct declaring one field per metric"),
            )))
        }
        Err(e) => return Err(Failure::NotAStruct(at_input_end(e, &input))),
    }
    syn::parse2::<DeriveInput>(input.clone())
        .map_err(|e| Failure::NotAStruct(at_input_end(e, &input)))
}

/// syn reports "unexpected end of input" at the call site; put it on the
/// input's last token instead, where the missing part belongs.
fn at_input_end(error: syn::Error, input: &TokenStream) -> syn::Error {
    if !error.to_string().starts_with("unexpected end of input") {
        return error;
    }
    match input.clone().into_iter().last() {
        Some(last) => syn::Error::new(
            last.span(),
            format!("{error}; `#[metrics_family]` applies to a complete struct"),
        ),
        None => error,
    }
}

fn item_span(item: &Item) -> proc_macro2::Span {
    match item {
        Item::Fn(f) => f.sig.fn_token.span,
        Item::Impl(i) => i.impl_token.span,
        Item::Trait(t) => t.trait_token.span,
        Item::Type(t) => t.type_token.span,
        Item::Mod(m) => m.mod_token.span,
        other => other.span(),
    }
}

/// `#[derive(Default)]` on a family: reported, and removed from the
/// derive, so the struct that is emitted beside the error (with the
/// `Default` the macro writes) has one impl of it, not two.
fn derived_default(ctxt: &mut Ctxt, item: &mut DeriveInput, const_labels: bool) {
    use syn::punctuated::Punctuated;
    item.attrs.retain_mut(|attr| {
        if !attr.path().is_ident("derive") {
            return true;
        }
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated) else {
            return true;
        };
        let (default, rest): (Vec<_>, Vec<_>) = paths
            .into_iter()
            .partition(|p| p.segments.last().is_some_and(|s| s.ident == "Default"));
        let Some(first) = default.first() else {
            return true;
        };
        if const_labels {
            ctxt.error_spanned(first, "a family with `const_labels(..)` has no `Default`: each instance needs their values; remove `Default` from this derive and create the family with `new(..)`");
        } else {
            ctxt.error_spanned(first, "`#[metrics_family]` implements `Default` itself (it calls `new()`); remove `Default` from this derive");
        }
        if rest.is_empty() {
            return false;
        }
        let span = attr.pound_token.span;
        *attr = syn::parse_quote_spanned!(span=> #[derive(#(#rest),*)]);
        true
    });
}

/// `#[metric(..)]` on the struct, where rustc would only say it knows no
/// such attribute: reported with where its keys go, and removed.
fn struct_metric_attrs(ctxt: &mut Ctxt, item: &mut DeriveInput) {
    item.attrs.retain(|attr| {
        if !attr.path().is_ident("metric") {
            return true;
        }
        let keys = match &attr.meta {
            syn::Meta::List(list) => list.tokens.to_string(),
            _ => String::new(),
        };
        let family_key = keys
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| crate::attr::FAMILY_KEYS.contains(&word));
        if family_key {
            ctxt.error_spanned(attr, format!("`#[metric(..)]` goes on a field, one metric each; the family's own keys go in `#[metrics_family(..)]`: move `{keys}` there"));
        } else {
            ctxt.error_spanned(attr, "`#[metric(..)]` goes on a field, one metric each, not on the family's struct; move it onto the field it describes");
        }
        false
    });
}

/// Named fields, no generics: each field is one metric, and a family is a
/// concrete set of names.
fn shape(ctxt: &mut Ctxt, item: &DeriveInput) {
    if let syn::Data::Struct(data) = &item.data {
        match &data.fields {
            syn::Fields::Named(fields) if fields.named.is_empty() => ctxt.error(
                item.ident.span(),
                "this family declares no metrics; add one field per metric, e.g. `requests: Counter` with a `///` help line",
            ),
            syn::Fields::Named(_) => {}
            syn::Fields::Unnamed(f) => ctxt.error_spanned(f, "`#[metrics_family]` needs named fields, one per metric; a tuple struct has no names to export"),
            syn::Fields::Unit => ctxt.error(item.ident.span(), "`#[metrics_family]` needs named fields, one per metric; this struct has none"),
        }
    }
    let generics = &item.generics;
    if let Some(lifetime) = generics.lifetimes().next() {
        ctxt.error(
            lifetime.span(),
            "a metrics family cannot have lifetime parameters, as its metrics own their data; remove them",
        );
    }
    if let Some(param) = generics.type_params().next() {
        ctxt.error_spanned(param, "a metrics family cannot have type parameters, as its names and labels are fixed at compile time; remove them");
    }
    if let Some(param) = generics.const_params().next() {
        ctxt.error_spanned(param, "a metrics family cannot have const parameters, as its names and labels are fixed at compile time; remove them");
    }
    if let Some(clause) = &generics.where_clause {
        ctxt.error_spanned(
            clause,
            "a metrics family cannot have a where clause, as it has no generic parameters; remove it",
        );
    }
}
