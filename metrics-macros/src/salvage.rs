//! What can still be read of a field whose `#[metric]` failed to parse: its
//! labels, read leniently (`labels(branch = Branch)`, `labels(Branch,
//! Class)`, `labels(branch)`, `labels = "branch"`, a misspelled `lables`),
//! so the fallback types the field with the arity and types the user wrote
//! and recording calls elsewhere draw no error of their own. The labels were
//! reported already and are not again; `buckets` and `max_series` are read
//! (and reported) by the model as when darling succeeds, so their mistakes
//! show beside the one darling found.

use heck::ToSnakeCase;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::{Ident, Type};

use crate::attr::{LabelDecl, LabelsAttr, MetricField};

/// The field as the model reads it, with the labels found and nothing else.
pub fn field(field: &syn::Field) -> MetricField {
    MetricField {
        ident: field.ident.clone(),
        ty: field.ty.clone(),
        attrs: field
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc") || a.path().is_ident("cfg"))
            .cloned()
            .collect(),
        negated: crate::attr::Negated::of(&field.attrs),
        salvaged: true,
        name: None,
        unit: None,
        labels: labels(&field.attrs),
        max_series: meta(&field.attrs, "max_series"),
        max_value_len: meta(&field.attrs, "max_value_len"),
        buckets: meta(&field.attrs, "buckets"),
        schema: meta(&field.attrs, "schema"),
        zero_threshold: meta(&field.attrs, "zero_threshold"),
        max_buckets: meta(&field.attrs, "max_buckets"),
        exemplar: crate::exemplar::salvaged(&field.attrs),
        states: meta(&field.attrs, "states"),
        group: None,
        alerts: Vec::new(),
        records: Vec::new(),
    }
}

/// The tokens inside each `#[metric(..)]` of `attrs`, unparsed.
fn metric_lists(attrs: &[syn::Attribute]) -> impl Iterator<Item = TokenStream> + '_ {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("metric"))
        .filter_map(|a| match &a.meta {
            syn::Meta::List(list) => Some(list.tokens.clone()),
            _ => None,
        })
}

/// The first `key = ...` of the `#[metric]` attributes that parse, for the
/// model to read (and report) as it does when darling succeeds.
fn meta(attrs: &[syn::Attribute], key: &str) -> Option<syn::Meta> {
    use syn::punctuated::Punctuated;
    attrs
        .iter()
        .filter(|a| a.path().is_ident("metric"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .find(|m| m.path().is_ident(key))
}

/// The labels of every label list in the `#[metric]` attributes, in order:
/// two lists (`labels(a: A) labels(b: B)`, a key given twice) read as the
/// labels of both.
pub fn labels(attrs: &[syn::Attribute]) -> Option<LabelsAttr> {
    let mut lists = metric_lists(attrs).flat_map(labels_in);
    let mut first = lists.next()?;
    for more in lists {
        first.labels.extend(more.labels);
    }
    Some(first)
}

/// The constant labels of `#[metrics_family(...)]` arguments that failed to
/// parse: every `const_labels(...)` list, read as leniently as a metric's
/// labels, so the fallback's `new` takes the values the user passes.
pub fn const_labels(args: TokenStream) -> Option<LabelsAttr> {
    let trees: Vec<TokenTree> = args.into_iter().collect();
    let mut found: Option<LabelsAttr> = None;
    for (i, tree) in trees.iter().enumerate() {
        let TokenTree::Ident(key) = tree else {
            continue;
        };
        if key != "const_labels" {
            continue;
        }
        if let Some(TokenTree::Group(group)) = trees.get(i + 1) {
            if group.delimiter() == Delimiter::Parenthesis {
                let labels = list(group.stream());
                match &mut found {
                    Some(attr) => attr.labels.extend(labels),
                    None => found = Some(attr(key.span(), labels)),
                }
            }
        }
    }
    found
}

/// Each `labels(...)` (or a key close to it) among an attribute's tokens.
fn labels_in(tokens: TokenStream) -> Vec<LabelsAttr> {
    let mut found = Vec::new();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        let TokenTree::Ident(key) = tree else {
            continue;
        };
        if !is_labels_key(&key.to_string()) {
            continue;
        }
        match (trees.get(i + 1), trees.get(i + 2)) {
            (Some(TokenTree::Group(group)), _) if group.delimiter() == Delimiter::Parenthesis => {
                found.push(attr(key.span(), list(group.stream())));
            }
            // `labels = [branch: Branch]`, `labels = (branch: Branch)`.
            (Some(TokenTree::Punct(eq)), Some(TokenTree::Group(group)))
                if eq.as_char() == '=' && group.delimiter() != Delimiter::None =>
            {
                found.push(attr(key.span(), list(group.stream())));
            }
            (Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(lit))) if eq.as_char() == '=' => {
                // `labels = "branch, class"`: the names, of unknown types.
                let Ok(text) = syn::parse_str::<syn::LitStr>(&lit.to_string()) else {
                    continue;
                };
                let labels = text
                    .value()
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(|name| unknown(name, lit.span()))
                    .collect();
                found.push(attr(key.span(), labels));
            }
            _ => {}
        }
    }
    found
}

/// `labels = [..]` or `labels = (..)` in a `#[metric]`, which no parser of
/// attributes reads past: the range to report and the list as it should
/// be written.
pub fn assigned_label_list(attrs: &[syn::Attribute]) -> Option<(Span, Span, String)> {
    metric_lists(attrs).find_map(|tokens| {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        trees.windows(3).find_map(|w| match w {
            [TokenTree::Ident(key), TokenTree::Punct(eq), TokenTree::Group(group)]
                if key == "labels"
                    && eq.as_char() == '='
                    && group.delimiter() != Delimiter::None =>
            {
                let inner = list(group.stream())
                    .iter()
                    .map(|l| format!("{}: {}", l.name, crate::label_types::written(&l.ty)))
                    .collect::<Vec<_>>()
                    .join(", ");
                Some((key.span(), group.span(), format!("labels({inner})")))
            }
            _ => None,
        })
    })
}

/// The literal after `key = -` in a field's `#[metric(..)]`: syn reads
/// `-1e-9` there as one negative literal spanned at the `-` alone (spans
/// cannot be joined on stable), so an error on the value ends here.
pub fn negated_literal(attrs: &[syn::Attribute], key: &str) -> Option<Span> {
    metric_lists(attrs)
        .find_map(|tokens| {
            let trees: Vec<TokenTree> = tokens.into_iter().collect();
            trees.windows(4).find_map(|w| match w {
                [TokenTree::Ident(k), TokenTree::Punct(eq), TokenTree::Punct(minus), TokenTree::Literal(lit)]
                    if k == key && eq.as_char() == '=' && minus.as_char() == '-' =>
                {
                    Some(lit.span())
                }
                _ => None,
            })
        })
}

fn attr(span: Span, labels: Vec<LabelDecl>) -> LabelsAttr {
    LabelsAttr {
        span,
        labels,
        salvaged: true,
    }
}

/// `labels`, or a misspelling of it (`lables`, `label`).
fn is_labels_key(key: &str) -> bool {
    key == "labels" || crate::names::closest(key, crate::attr::METRIC_KEYS) == Some("labels")
}

/// One label per comma-separated element, whatever its form, but for
/// `name = "value"`: whoever wrote the value there records without it (or
/// calls `new()` without it, for a constant label).
fn list(tokens: TokenStream) -> Vec<LabelDecl> {
    split_commas(tokens)
        .into_iter()
        .enumerate()
        .filter(|(_, element)| !element.is_empty())
        .filter(|(_, element)| {
            !matches!(&element[..], [TokenTree::Ident(_), TokenTree::Punct(eq), TokenTree::Literal(_)] if eq.as_char() == '=')
        })
        .map(|(i, element)| element_label(i, element))
        .collect()
}

/// `name: Type`, `name = Type`, `Type` or `name`.
fn element_label(position: usize, element: Vec<TokenTree>) -> LabelDecl {
    let span = element[0].span();
    if let [TokenTree::Ident(name), TokenTree::Punct(sep), rest @ ..] = &element[..] {
        if sep.as_char() == ':' || sep.as_char() == '=' {
            let ty =
                syn::parse2::<Type>(rest.iter().cloned().collect()).unwrap_or_else(|_| infer(span));
            return LabelDecl {
                name: name.clone(),
                ty,
            };
        }
    }
    let tokens: TokenStream = element.into_iter().collect();
    match syn::parse2::<Type>(tokens) {
        // `labels(branch)`: a name without a type.
        Ok(Type::Path(p))
            if p.path.get_ident().is_some_and(|i| {
                i.to_string()
                    .starts_with(|c: char| c.is_lowercase() || c == '_')
            }) =>
        {
            let name = p
                .path
                .get_ident()
                .cloned()
                .unwrap_or_else(|| placeholder(position, span));
            LabelDecl {
                name,
                ty: infer(span),
            }
        }
        // `labels(Branch)`: a type without a name.
        Ok(ty) => {
            let name = match &ty {
                Type::Path(p) => p
                    .path
                    .segments
                    .last()
                    .map(|s| Ident::new(&s.ident.to_string().to_snake_case(), s.ident.span())),
                _ => None,
            };
            LabelDecl {
                name: name.unwrap_or_else(|| placeholder(position, span)),
                ty,
            }
        }
        Err(_) => LabelDecl {
            name: placeholder(position, span),
            ty: infer(span),
        },
    }
}

fn unknown(name: &str, span: Span) -> LabelDecl {
    let name = syn::parse_str::<Ident>(name).unwrap_or_else(|_| Ident::new("label", span));
    LabelDecl {
        name: Ident::new(&name.to_string(), span),
        ty: infer(span),
    }
}

fn placeholder(position: usize, span: Span) -> Ident {
    Ident::new(&format!("label_{position}"), span)
}

/// `_`: a label whose type was not written.
fn infer(span: Span) -> Type {
    Type::Infer(syn::TypeInfer {
        attrs: Vec::new(),
        underscore_token: syn::Token![_](span),
    })
}

/// Top-level comma-separated elements; commas inside `<...>` belong to a
/// type's arguments.
fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut elements = vec![Vec::new()];
    let mut angle = 0usize;
    for tree in tokens {
        if let TokenTree::Punct(p) = &tree {
            match p.as_char() {
                '<' => angle += 1,
                '>' => angle = angle.saturating_sub(1),
                ',' if angle == 0 => {
                    elements.push(Vec::new());
                    continue;
                }
                _ => {}
            }
        }
        if let Some(last) = elements.last_mut() {
            last.push(tree);
        }
    }
    elements
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn read(attr: &str) -> Vec<(String, String)> {
        let field: syn::Field = syn::parse::Parser::parse_str(
            syn::Field::parse_named,
            &format!("{attr} field: Counter"),
        )
        .expect("a field");
        labels(&field.attrs)
            .map(|l| {
                l.labels
                    .into_iter()
                    .map(|d| (d.name.to_string(), d.ty.to_token_stream().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn every_form_keeps_arity_and_types() {
        let two = pairs(&[("branch", "Branch"), ("class", "Class")]);
        assert_eq!(read("#[metric(labels(branch: Branch, class: Class))]"), two);
        assert_eq!(
            read("#[metric(labels(branch = Branch, class = Class))]"),
            two
        );
        assert_eq!(read("#[metric(labels(Branch, Class))]"), two);
        assert_eq!(read("#[metric(lables(branch: Branch, class: Class))]"), two);
        assert_eq!(
            read("#[metric(unti = \"s\", labels(branch: Branch, class: Class))]"),
            two
        );
        assert_eq!(read("#[metric(labels(branch))]"), pairs(&[("branch", "_")]));
        assert_eq!(
            read("#[metric(labels = \"branch, class\")]"),
            pairs(&[("branch", "_"), ("class", "_")])
        );
        assert_eq!(
            read("#[metric(labels = [branch: Branch, class: Class])]"),
            two
        );
        assert_eq!(
            read("#[metric(labels = (branch: Branch, class: Class))]"),
            two
        );
        assert_eq!(
            read("#[metric(labels(m: HashMap<A, B>))]"),
            pairs(&[("m", "HashMap < A , B >")])
        );
        assert!(read("#[metric(name = \"x\")]").is_empty());
        assert_eq!(
            read("#[metric(labels(branch: Branch) labels(class: Class))]"),
            two
        );
        assert_eq!(
            read("#[metric(labels(branch: Branch))] #[metric(labels(class: Class))]"),
            two
        );
    }
}
