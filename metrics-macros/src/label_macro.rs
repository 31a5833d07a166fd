//! `label!(Type, "value")`: a label value named by its string, checked at
//! compile time.
//!
//! The macro cannot see the enum's values (they are in another macro's
//! output), so it expands to a `const` that looks the string up in
//! `LabelValue::VALUES`; a miss panics during const evaluation with a
//! message built at compile time (`__private::label_miss`): the valid
//! values and the closest one. The panic is spanned on the literal.
//!
//! The lookup is a named `const` item, not an inline `const { }` block:
//! `cargo check` evaluates every const item, but not inline const blocks
//! (measured on 1.95), so a miss would pass `check` and fail only `build`.

use proc_macro2::TokenStream;
use quote::{quote_spanned, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token, Type};

struct Input {
    ty: Type,
    value: LitStr,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        const FORM: &str = "write `label!(Type, \"value\")`, e.g. `label!(Branch, \"namespace\")`";
        if input.is_empty() {
            return Err(input.error(format!("`label!` takes a label type and a value; {FORM}")));
        }
        let ty: Type = input
            .parse()
            .map_err(|e| syn::Error::new(e.span(), format!("expected a label type; {FORM}")))?;
        input.parse::<Token![,]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("expected `,` after the label type; {FORM}"),
            )
        })?;
        let value: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("expected the value as a string literal; {FORM}"),
            )
        })?;
        let _ = input.parse::<Option<Token![,]>>()?;
        if !input.is_empty() {
            return Err(input.error(format!("unexpected tokens after the value; {FORM}")));
        }
        Ok(Input { ty, value })
    }
}

pub fn label(input: TokenStream) -> TokenStream {
    match syn::parse2::<Input>(input) {
        Ok(input) => expand(&input),
        Err(e) => e.into_compile_error(),
    }
}

fn expand(input: &Input) -> TokenStream {
    let ty = &input.ty;
    let value = &input.value;
    let type_name = ty.to_token_stream().to_string().replace(' ', "");
    let span = value.span();
    let ty_span = syn::spanned::Spanned::span(ty);
    let trait_path = quote_spanned!(ty_span=> ::metrics_runtime::__private::LabelConst);
    let this = quote_spanned!(ty_span=> <#ty as #trait_path>::This);
    let labels = quote_spanned!(ty_span=> <#ty as #trait_path>::LABELS);
    let names = quote_spanned!(ty_span=> <#ty as #trait_path>::NAMES);
    let variants = quote_spanned!(ty_span=> <#ty as #trait_path>::VARIANTS);
    let value_expr = quote_spanned!(ty_span=> __METRICS_LABEL);
    let panic = quote_spanned! {span=>
        ::core::panic!(
            "{}",
            ::metrics_runtime::__private::label_miss(
                #type_name,
                #value,
                #labels,
                #names,
            )
            .as_str()
        )
    };
    quote_spanned! {ty_span=>
        {
            const __METRICS_LABEL: #this = match ::metrics_runtime::__private::label_index(
                #labels,
                #value,
            ) {
                ::metrics_runtime::__private::Some(index) => #variants[index],
                ::metrics_runtime::__private::None => #panic,
            };
            #value_expr
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for text in [
            "",
            "Branch",
            "Branch,",
            "Branch, 1",
            "Branch \"x\"",
            "Branch, \"x\", \"y\"",
            ", \"x\"",
        ] {
            let tokens: TokenStream = text.parse().unwrap();
            let out = label(tokens).to_string();
            assert!(out.contains("compile_error"), "{text}: {out}");
        }
        let ok = label(quote!(Branch, "namespace")).to_string();
        assert!(!ok.contains("compile_error"));
    }
}
