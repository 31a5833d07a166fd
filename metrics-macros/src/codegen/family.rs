//! The struct itself (our attributes stripped, label types filled in) and
//! its constructors.

use proc_macro2::{Delimiter, Group, Literal, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::DeriveInput;

use crate::ast::{Family, Kind};
use crate::codegen::code::Code;

/// The user's struct, re-emitted with our attributes removed and each field
/// typed with its labels. `input` is the struct's tokens, `item` their
/// parse: the tokens are copied as they are (one walk of the struct's body,
/// the user's groups passed through untouched), which costs a fraction of
/// printing `item` again; a struct of another shape is printed.
pub fn strukt(family: &Family, mut item: DeriveInput, input: TokenStream) -> TokenStream {
    if let Some(tokens) = copied(family, &item, input) {
        return tokens;
    }
    crate::codegen::fill_field_types(&mut item, &family.metrics);
    crate::fallback::strip_metric_attrs(&mut item);
    quote!(#item)
}

/// The struct's tokens with each field's `#[metric]` dropped and its type
/// replaced (`codegen::field_type`), and `clippy::type_complexity` allowed
/// on the struct (its field types read through the label check); `None`
/// unless every field of a non-generic struct has its model, in order.
fn copied(family: &Family, item: &DeriveInput, input: TokenStream) -> Option<TokenStream> {
    let syn::Data::Struct(data) = &item.data else {
        return None;
    };
    let syn::Fields::Named(named) = &data.fields else {
        return None;
    };
    if !item.generics.params.is_empty()
        || item.generics.where_clause.is_some()
        || named.named.len() != family.metrics.len()
        || named
            .named
            .iter()
            .zip(&family.metrics)
            .any(|(field, metric)| field.ident.as_ref() != Some(&metric.field))
    {
        return None;
    }
    let mut out: Vec<TokenTree> = Vec::new();
    out.extend(crate::codegen::code::Code::new("#[allow(clippy::type_complexity)]").finish());
    let mut body = None;
    for tree in input {
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && body.is_none() => {
                body = Some(out.len());
                out.push(TokenTree::Group(group));
            }
            tree => out.push(tree),
        }
    }
    let index = body?;
    let TokenTree::Group(group) = &out[index] else {
        return None;
    };
    let mut fields: Vec<TokenTree> = Vec::new();
    let mut trees = group.stream().into_iter().peekable();
    for (field, metric) in named.named.iter().zip(&family.metrics) {
        // The attributes, in the order `field.attrs` has them.
        let mut attrs = field.attrs.iter();
        while let Some(TokenTree::Punct(p)) = trees.peek() {
            if p.as_char() != '#' {
                break;
            }
            let pound = trees.next()?;
            let bracket = trees.next()?;
            if !attrs.next()?.path().is_ident("metric") {
                fields.push(pound);
                fields.push(bracket);
            }
        }
        // The visibility and the name, to the `:`.
        loop {
            let tree = trees.next()?;
            let colon = matches!(&tree, TokenTree::Punct(p) if p.as_char() == ':');
            fields.push(tree);
            if colon {
                break;
            }
        }
        // The type, to the `,` outside its angle brackets, replaced.
        let mut depth = 0usize;
        let mut arrow = false;
        while let Some(tree) = trees.peek() {
            if let TokenTree::Punct(p) = tree {
                match p.as_char() {
                    ',' if depth == 0 => break,
                    '<' => depth += 1,
                    '>' if !arrow => depth = depth.checked_sub(1)?,
                    _ => {}
                }
                arrow = p.as_char() == '-' && p.spacing() == proc_macro2::Spacing::Joint;
            } else {
                arrow = false;
            }
            trees.next();
        }
        fields.extend(crate::codegen::field_type(metric).into_token_stream());
        if let Some(comma) = trees.next() {
            fields.push(comma);
        }
    }
    if trees.next().is_some() {
        return None;
    }
    let mut new = Group::new(Delimiter::Brace, fields.into_iter().collect());
    new.set_span(group.span());
    out[index] = TokenTree::Group(new);
    Some(out.into_iter().collect())
}

/// The inherent items: `new(..)` (taking the constant labels' values, if
/// any), `register` into a prometheus-client registry, the descriptor and
/// the metrics handed to registries; and `Default` for a family without
/// constant labels, its `where` clause `bounds` (see
/// `codegen::labels_bounds`). Written as text (see `codegen::code`), the user's
/// tokens spliced in.
pub fn constructor(out: &mut Code, family: &Family, descriptor: Code, bounds: &[TokenStream]) {
    let ident = &family.ident;
    let consts = family.const_label_list();
    let mut params = Code::default();
    for label in consts {
        params
            .ident(&label.name)
            .push(":")
            .tokens(&label.ty)
            .push(",");
    }
    let values: Vec<TokenStream> = consts
        .iter()
        .map(|label| {
            let name = &label.name;
            quote!(&#name)
        })
        .collect();
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

    let mut body = Code::new("fn __metrics_descriptor() -> &'static __metrics::FamilyDescriptor");
    body.group(Delimiter::Brace, descriptor);
    body.push("#[doc = ").string(&new_doc);
    body.push("] #[allow(dead_code)] pub fn new");
    body.group(Delimiter::Parenthesis, params);
    body.push(" -> Self ");
    let mut new = Code::new("let consts = ");
    if consts.is_empty() {
        new.push("__metrics::ConstLabels::empty()");
    } else {
        new.tokens(const_labels(family, &values));
    }
    new.push("; Self ");
    new.group(Delimiter::Brace, fields(family));
    body.group(Delimiter::Brace, new);
    body.push(
        "/// Registers every metric of the family into a prometheus-client
        /// `registry`; fails, registering nothing, if a name is already
        /// taken there.
        #[allow(dead_code)]
        pub fn register(
            &self,
            registry: &mut impl __metrics::PrometheusClientRegistry,
        ) -> __metrics::Result<(), __metrics::RegisterError> {
            __metrics::register_family(
                registry,
                Self::__metrics_descriptor(),
                self.__metrics_registered(),
            )
        }
        fn __metrics_registered(&self) -> __metrics::Vec<__metrics::Registered> ",
    );
    let mut list = Code::default();
    for metric in &family.metrics {
        let guard = crate::codegen::guard(metric);
        let (_, hi) = crate::codegen::label_span(metric);
        let call = field_fn(hi, 1);
        // Spanned too: a field whose type is ill-formed (a state set's
        // enum that is not a `LabelValue`) is reported at `self.field`.
        let field = &metric.field;
        let self_field = quote_spanned!(hi=> (&self.#field));
        if guard.is_empty() {
            list.tree(call).tokens(self_field);
        } else {
            let mut block = Code::default();
            block.tokens(guard).tree(call).tokens(self_field);
            list.group(Delimiter::Brace, block);
        }
        list.push(",");
    }
    let mut array = Code::default();
    array.group(Delimiter::Bracket, list);
    let mut registered = Code::new("__metrics::registered");
    registered.group(Delimiter::Parenthesis, array);
    body.group(Delimiter::Brace, registered);

    out.push("impl ").ident(ident).group(Delimiter::Brace, body);
    if consts.is_empty() {
        out.push("#[automatically_derived] impl __metrics::Default for ")
            .ident(ident)
            .push(" where ");
        for bound in bounds {
            out.tokens(bound).push(",");
        }
        out.push("{ fn default() -> Self { Self::new() } }");
    }
}

/// `(__metrics::field().N)`, every token spanned at `span`: where rustc
/// reports a field that is not one of our metrics. One group, built as
/// tokens (it carries a user's span).
fn field_fn(span: Span, index: usize) -> Group {
    let rt = crate::codegen::rt_at(span);
    let index = Literal::usize_unsuffixed(index);
    let mut group = Group::new(
        Delimiter::Parenthesis,
        quote_spanned!(span=> #rt::field().#index),
    );
    group.set_span(span);
    group
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

/// `field: metric, ..` of `Self { .. }`, every metric carrying `consts`; a
/// metric with the default configuration and bounds (what most are) is
/// created by the short `field().3(names, consts)`.
fn fields(family: &Family) -> Code {
    let mut out = Code::default();
    for metric in &family.metrics {
        let exemplar = crate::exemplar::typed_arity(metric).is_some();
        let defaults = !metric.kind.is_histogram()
            && !exemplar
            && metric.kind != Kind::StateSet
            && metric.max_series.is_none()
            && metric.max_value_len.is_none();
        // The call is spanned at the labels (see `codegen::label_span`),
        // where a field that is not one of our metrics is reported.
        let (span, _) = crate::codegen::label_span(metric);
        out.ident(&metric.field).push(":");
        let mut args = Code::new("&[");
        for label in metric.label_list() {
            args.string(&label.exported).push(",");
        }
        args.push("], __metrics::Clone::clone(&consts)");
        if defaults {
            out.tree(field_fn(span, 3));
        } else {
            out.tree(field_fn(span, 0));
            args.push(",");
            let mut config = Code::default();
            match metric.kind {
                // Written out here too: reading them from the descriptor
                // would decode it in every `new()`'s first call.
                Kind::Histogram => {
                    config.push(&crate::codegen::buckets(metric));
                }
                Kind::NativeHistogram => {
                    config.push(&crate::codegen::native_config(metric));
                }
                // The state label: the metric's exported name.
                Kind::StateSet => {
                    config.string(&crate::check::exported_name(family, metric));
                }
                _ => {
                    config.push("()");
                }
            }
            if exemplar {
                config.push(", &[");
                for name in crate::exemplar::names(metric) {
                    config.string(&name).push(",");
                }
                config.push("]");
                args.push("__metrics::ExemplarConfig::new")
                    .group(Delimiter::Parenthesis, config);
            } else {
                args.append(config);
            }
            let max_series = match metric.max_series {
                Some((n, _)) => n.to_string(),
                None => "__metrics::DEFAULT_MAX_SERIES".to_owned(),
            };
            args.push(",__metrics::Bounds::new(")
                .push(&max_series)
                .push(")");
            if let Some((n, _)) = metric.max_value_len {
                args.push(".max_value_len(").num(n).push(")");
            }
        }
        if crate::codegen::guard(metric).is_empty() {
            out.group(Delimiter::Parenthesis, args);
        } else {
            // A field typed as written (see `codegen::guard`) can be
            // ill-formed, which rustc reports at the whole call: spanned at
            // the labels, as the callee is.
            let mut args = Group::new(Delimiter::Parenthesis, args.finish());
            args.set_span(span);
            out.tree(args);
        }
        out.push(",");
    }
    out
}
