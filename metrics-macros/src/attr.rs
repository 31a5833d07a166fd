//! The attribute grammar, as darling receivers.
//!
//! ```text
//! #[metrics_family(prefix = "sync", require_help, const_labels(peer: String, shard: Shard))]
//! struct S {
//!     #[metric(name = "x", unit = "seconds", labels(a: A, id: String),
//!              max_series = 100, max_value_len = 256,
//!              buckets = exponential(0.001, 2, 15))]
//!     field: Histogram,
//! }
//! ```

use darling::util::{Flag, SpannedValue};
use darling::{FromField, FromMeta};
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Meta, Token, Type};

/// `#[metrics_family(...)]`.
#[derive(Debug, Default, FromMeta)]
pub struct FamilyArgs {
    /// Prepended, with `_`, to every exported name of the family.
    #[darling(default)]
    pub prefix: Option<SpannedValue<String>>,
    /// Every field must have a doc comment (its help text).
    #[darling(default)]
    pub require_help: Flag,
    /// The family's heading in rendered docs, instead of one made from the
    /// struct's name.
    #[darling(default)]
    pub title: Option<SpannedValue<String>>,
    /// `const_labels(peer: String, shard: Shard)`: labels every sample of
    /// an instance carries, their values given at construction.
    #[darling(default, with = parse_const_labels)]
    pub const_labels: Option<LabelsAttr>,
    /// Alerts on several of the family's metrics (`crate::alert`).
    #[darling(multiple, rename = "alert")]
    pub alerts: Vec<crate::alert::AlertAttr>,
    /// Recording rules on several of the family's metrics.
    #[darling(multiple, rename = "record")]
    pub records: Vec<crate::alert::RecordAttr>,
}

pub const FAMILY_KEYS: &[&str] = &[
    "prefix",
    "require_help",
    "title",
    "const_labels",
    "alert",
    "record",
];
pub const METRIC_KEYS: &[&str] = &[
    "name",
    "unit",
    "labels",
    "max_series",
    "max_value_len",
    "buckets",
    "schema",
    "zero_threshold",
    "max_buckets",
    "exemplar",
    "states",
    "group",
    "alert",
    "record",
];

/// Where the negated values of a field's keys end (see `MetricField`).
#[derive(Debug, Default)]
pub struct Negated {
    pub schema: Option<Span>,
    pub zero_threshold: Option<Span>,
}

impl Negated {
    pub fn of(attrs: &[syn::Attribute]) -> Negated {
        Negated {
            schema: crate::salvage::negated_literal(attrs, "schema"),
            zero_threshold: crate::salvage::negated_literal(attrs, "zero_threshold"),
        }
    }
}

/// `#[metric(...)]` on a field, and the field itself.
#[derive(Debug, FromField)]
#[darling(attributes(metric), forward_attrs(doc, cfg, cfg_attr))]
pub struct MetricField {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<syn::Attribute>,
    /// The literals of `schema = -..` and `zero_threshold = -..`, read from
    /// the tokens (`salvage::negated_literal`), so errors cover the value.
    #[darling(skip)]
    pub negated: Negated,
    /// Read back by `salvage::field` after the attribute failed to parse:
    /// its keys are what could be read, so the checks leave it alone.
    #[darling(skip)]
    pub salvaged: bool,
    /// The exported name, instead of the field's.
    #[darling(default)]
    pub name: Option<SpannedValue<String>>,
    /// Appended to the name on export.
    #[darling(default)]
    pub unit: Option<SpannedValue<String>>,
    /// `labels(name: Type, ...)`.
    #[darling(default, with = parse_labels)]
    pub labels: Option<LabelsAttr>,
    /// The series bound of a free-form label, as written: read by
    /// [`max_series`] in the model, where an error can cover the whole
    /// value (darling's carry one token).
    #[darling(default, with = keep)]
    pub max_series: Option<Meta>,
    /// The length bound, in bytes, of a free-form label's values, as
    /// written: read by [`max_value_len`] in the model.
    #[darling(default, with = keep)]
    pub max_value_len: Option<Meta>,
    /// `buckets = [..]`, `exponential(..)` or `linear(..)`, as written:
    /// read by [`buckets`] in the model.
    #[darling(default, with = keep)]
    pub buckets: Option<Meta>,
    /// A native histogram's schema, as written: read by [`schema`] in the
    /// model.
    #[darling(default, with = keep)]
    pub schema: Option<Meta>,
    /// A native histogram's zero threshold, as written: read by
    /// [`zero_threshold`] in the model.
    #[darling(default, with = keep)]
    pub zero_threshold: Option<Meta>,
    /// A native histogram's bucket limit, as written: read by
    /// [`max_buckets`] in the model.
    #[darling(default, with = keep)]
    pub max_buckets: Option<Meta>,
    /// `exemplar(trace_id)`, as written: read by `exemplar::read` in the
    /// model.
    #[darling(default, with = keep)]
    pub exemplar: Option<Meta>,
    /// A state set's enum, as written: read by [`states`] in the model.
    #[darling(default, with = keep)]
    pub states: Option<Meta>,
    /// The sub-section of the family this metric is listed under in
    /// rendered docs.
    #[darling(default)]
    pub group: Option<SpannedValue<String>>,
    /// Alerts on this metric (`crate::alert`).
    #[darling(multiple, rename = "alert")]
    pub alerts: Vec<crate::alert::AlertAttr>,
    /// Recording rules on this metric.
    #[darling(multiple, rename = "record")]
    pub records: Vec<crate::alert::RecordAttr>,
}

/// `labels(branch: Branch, class: PurgeClass)`.
#[derive(Debug)]
pub struct LabelsAttr {
    pub span: Span,
    pub labels: Vec<LabelDecl>,
    /// Read back leniently from an attribute that failed (see `salvage`):
    /// its mistakes are reported already.
    pub salvaged: bool,
}

/// `name: Type`.
#[derive(Debug)]
pub struct LabelDecl {
    pub name: Ident,
    pub ty: Type,
}

impl Parse for LabelDecl {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.call(Ident::parse_any_ident)?;
        if input.peek(Token![=]) && input.peek2(syn::Lit) {
            // `peer = "a"`: a value, where the declaration takes a type.
            let eq: Token![=] = input.parse()?;
            let value: syn::Lit = input.parse()?;
            return Err(syn::Error::new_spanned(
                quote::quote!(#name #eq #value),
                format!(
                    "a label is declared with its type, and its value is given where it is recorded (for `const_labels`, to `new(..)`); write `{name}: String`, or `{name}: Type` with a `#[derive(LabelValue)]` enum"
                ),
            ));
        }
        if input.peek(Token![=]) {
            return Err(input.error(format!(
                "a label is written `name: Type`, with a colon; write `{name}: {}`",
                type_after_eq(input)
            )));
        }
        if !input.peek(Token![:]) {
            let text = name.to_string();
            let message = if text.starts_with(|c: char| c.is_uppercase()) {
                let snake = heck::ToSnakeCase::to_snake_case(text.as_str());
                format!("`{text}` reads as a type, and a label needs a name before its type; write `{snake}: {text}`")
            } else {
                format!("label `{text}` needs its type; write `{text}: Type`, with a `#[derive(LabelValue)]` enum or `String`")
            };
            return Err(syn::Error::new(name.span(), message));
        }
        input.parse::<Token![:]>()?;
        let ty = input.parse()?;
        Ok(LabelDecl { name, ty })
    }
}

/// The type after a `=` that should have been `:`, for the message.
fn type_after_eq(input: ParseStream) -> String {
    let fork = input.fork();
    let _ = fork.parse::<Token![=]>();
    fork.parse::<Type>()
        .map_or_else(|_| "Type".to_owned(), |t| crate::label_types::written(&t))
}

trait ParseAnyIdent {
    fn parse_any_ident(input: ParseStream) -> syn::Result<Ident>;
}

impl ParseAnyIdent for Ident {
    // Label names may be keywords (`type`, `match`): they are strings on export.
    fn parse_any_ident(input: ParseStream) -> syn::Result<Ident> {
        use syn::ext::IdentExt;
        Ident::parse_any(input)
    }
}

pub fn parse_labels(meta: &Meta) -> darling::Result<Option<LabelsAttr>> {
    parse_label_list(meta, "labels")
}

fn parse_const_labels(meta: &Meta) -> darling::Result<Option<LabelsAttr>> {
    parse_label_list(meta, "const_labels")
}

/// `key(a: A, b: B)`
fn parse_label_list(meta: &Meta, key: &str) -> darling::Result<Option<LabelsAttr>> {
    let list = match meta {
        Meta::List(list) => list,
        _ => {
            return Err(darling::Error::custom(format!(
                "`{key}` takes a list; write `{key}(name: Type, ...)`"
            ))
            .with_span(meta))
        }
    };
    let labels = list
        .parse_args_with(Punctuated::<LabelDecl, Token![,]>::parse_terminated)
        .map_err(|e| {
            let text = lowercase_first(&e.to_string());
            // Our own messages (see `LabelDecl::parse`) carry their remedy.
            let text = if text.contains("; write") {
                text
            } else {
                format!("{text}; write `{key}(name: Type, ...)`")
            };
            darling::Error::custom(text).with_span(&at(e.span()))
        })?;
    Ok(Some(LabelsAttr {
        span: meta.span(),
        labels: labels.into_iter().collect(),
        salvaged: false,
    }))
}

/// A bucket specification and where it was written.
#[derive(Debug)]
pub struct BucketsAttr {
    pub span: Span,
    pub spec: BucketSpec,
}

/// A number as written, with its span.
#[derive(Debug, Clone, Copy)]
pub struct Num {
    pub value: f64,
    /// The first token: the `-` of a negative number, else the literal.
    pub span: Span,
    /// The literal, so errors can cover `-0.5` whole.
    pub end: Span,
}

impl Num {
    /// The span of the whole number, first token to last.
    pub fn range(&self) -> (Span, Span) {
        (self.span, self.end)
    }
}

#[derive(Debug)]
pub enum BucketSpec {
    /// `[0.1, 0.5, 1]`
    List(Vec<Num>),
    /// `exponential(start, factor, count)`
    Exponential { start: Num, factor: Num, count: Num },
    /// `linear(start, width, count)`
    Linear { start: Num, width: Num, count: Num },
}

/// A key's value as written, for the model to read.
fn keep(meta: &Meta) -> darling::Result<Option<Meta>> {
    Ok(Some(meta.clone()))
}

/// A value refused, with the tokens the error covers (all of them: first to
/// last) and the message.
pub struct Refusal {
    pub tokens: proc_macro2::TokenStream,
    pub message: String,
}

fn refuse(tokens: &impl quote::ToTokens, message: impl Into<String>) -> Refusal {
    Refusal {
        tokens: tokens.to_token_stream(),
        message: message.into(),
    }
}

/// `buckets = ...`, every mistake in it refused.
pub fn buckets(meta: &Meta) -> Result<BucketsAttr, Vec<Refusal>> {
    const FORMS: &str =
        "write `buckets = [0.1, 0.5, 1]`, `buckets = exponential(start, factor, count)` or `buckets = linear(start, width, count)`";
    let Meta::NameValue(nv) = meta else {
        return Err(vec![refuse(
            meta,
            format!("`buckets` takes a value; {FORMS}"),
        )]);
    };
    let numbers = |exprs: &mut dyn Iterator<Item = &Expr>| {
        let (ok, bad): (Vec<_>, Vec<_>) = exprs.map(number).partition(Result::is_ok);
        if bad.is_empty() {
            Ok(ok.into_iter().filter_map(Result::ok).collect::<Vec<Num>>())
        } else {
            Err(bad
                .into_iter()
                .filter_map(Result::err)
                .collect::<Vec<Refusal>>())
        }
    };
    let spec = match &nv.value {
        Expr::Array(array) => BucketSpec::List(numbers(&mut array.elems.iter())?),
        Expr::Call(call) => {
            let func = match &*call.func {
                Expr::Path(p) if p.path.get_ident().is_some() => {
                    p.path.get_ident().map(Ident::to_string).unwrap_or_default()
                }
                other => {
                    return Err(vec![refuse(
                        other,
                        format!("unknown bucket layout; {FORMS}"),
                    )])
                }
            };
            if func != "exponential" && func != "linear" {
                return Err(vec![refuse(
                    &call.func,
                    format!("unknown bucket layout `{func}`; {FORMS}"),
                )]);
            }
            let args: Vec<Num> = numbers(&mut call.args.iter())?;
            let [a, b, c] = args[..] else {
                return Err(vec![refuse(
                    call,
                    format!("`{func}` takes 3 arguments, found {}; {FORMS}", args.len()),
                )]);
            };
            if func == "exponential" {
                BucketSpec::Exponential {
                    start: a,
                    factor: b,
                    count: c,
                }
            } else {
                BucketSpec::Linear {
                    start: a,
                    width: b,
                    count: c,
                }
            }
        }
        other => {
            return Err(vec![refuse(
                other,
                format!("unsupported bucket value; {FORMS}"),
            )])
        }
    };
    Ok(BucketsAttr {
        span: meta.span(),
        spec,
    })
}

/// `schema = 3` or `schema = -2`: an integer literal, maybe negated.
pub fn schema(meta: &Meta) -> Result<(i64, Span, Span), Refusal> {
    const FORM: &str = "write a whole number from -4 to 8, e.g. `schema = 3`";
    let Meta::NameValue(nv) = meta else {
        return Err(refuse(meta, format!("`schema` takes a value; {FORM}")));
    };
    let (negative, lit) = match &nv.value {
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => (true, &**expr),
        other => (false, other),
    };
    match lit {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => match i.base10_parse::<i64>() {
            Ok(n) => Ok((if negative { -n } else { n }, nv.value.span(), i.span())),
            Err(_) => Err(refuse(i, format!("`schema` is too large; {FORM}"))),
        },
        other => Err(refuse(
            other,
            format!("`schema` takes a whole number, not a string or an expression; {FORM}"),
        )),
    }
}

/// `zero_threshold = 1e-9`: a number literal.
pub fn zero_threshold(meta: &Meta) -> Result<Num, Refusal> {
    const FORM: &str = "write a number of at least 0, e.g. `zero_threshold = 1e-9`";
    let Meta::NameValue(nv) = meta else {
        return Err(refuse(
            meta,
            format!("`zero_threshold` takes a value; {FORM}"),
        ));
    };
    number(&nv.value).map_err(|_| {
        refuse(
            &nv.value,
            format!("`zero_threshold` takes a number literal, not a string or a name; {FORM}"),
        )
    })
}

/// `states = SyncState`: a type (a `#[derive(LabelValue)]` enum), and the
/// span of the whole key.
pub fn states(meta: &Meta) -> Result<(Type, Span), Refusal> {
    const FORM: &str = "write the enum whose values are the states, e.g. `states = SyncState`, with `#[derive(LabelValue)]` on it";
    let Meta::NameValue(nv) = meta else {
        return Err(refuse(meta, format!("`states` takes a type; {FORM}")));
    };
    match &nv.value {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => {
            let path = &p.path;
            Ok((syn::parse_quote!(#path), meta.span()))
        }
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Err(refuse(
            &nv.value,
            format!(
                "`states` takes the enum itself, not a string; write `states = {}`",
                s.value()
            ),
        )),
        other => Err(refuse(other, format!("`states` takes a type; {FORM}"))),
    }
}

/// `max_buckets = 160`: an integer literal.
pub fn max_buckets(meta: &Meta) -> Result<(usize, Span), Refusal> {
    count(
        meta,
        "max_buckets",
        "a count of buckets",
        "max_buckets = 160",
    )
}

/// `max_series = 500`: an integer literal, not a string or a sign.
pub fn max_series(meta: &Meta) -> Result<(usize, Span), Refusal> {
    count(meta, "max_series", "a count of series", "max_series = 500")
}

/// `max_value_len = 256`: an integer literal, not a string or a sign.
pub fn max_value_len(meta: &Meta) -> Result<(usize, Span), Refusal> {
    count(
        meta,
        "max_value_len",
        "a length in bytes",
        "max_value_len = 256",
    )
}

/// `key = N`, a whole number: `what` and `example` word the errors.
fn count(meta: &Meta, key: &str, what: &str, example: &str) -> Result<(usize, Span), Refusal> {
    let form = format!("write a whole number, e.g. `{example}`");
    let Meta::NameValue(nv) = meta else {
        return Err(refuse(meta, format!("`{key}` takes a value; {form}")));
    };
    let negative = || format!("`{key}` is {what}, so it cannot be negative; e.g. `{example}`");
    match &nv.value {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => match i.base10_parse::<usize>() {
            Ok(n) => Ok((n, i.span())),
            Err(_) if i.base10_digits().starts_with('-') => Err(refuse(i, negative())),
            Err(_) => Err(refuse(
                i,
                format!("`{key}` is too large for this platform; {form}"),
            )),
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            ..
        }) => Err(refuse(&nv.value, negative())),
        Expr::Path(_) => Err(refuse(
            &nv.value,
            format!("`{key}` takes the number itself, as a literal (the macro cannot evaluate a constant); e.g. `{example}`"),
        )),
        other => Err(refuse(
            other,
            format!("`{key}` takes a whole number, not a string or an expression; e.g. `{example}`"),
        )),
    }
}

/// A numeric literal, optionally negated.
fn number(expr: &Expr) -> Result<Num, Refusal> {
    // A literal's span is its token's: `Spanned::span` would print the
    // expression into tokens to join their spans, once per bound.
    let span_of = |e: &Expr| match e {
        Expr::Lit(l) => l.lit.span(),
        other => other.span(),
    };
    let span = span_of(expr);
    let (negative, lit) = match expr {
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => (true, &**expr),
        other => (false, other),
    };
    let value = match lit {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Float(f),
            ..
        }) => f.base10_parse::<f64>().ok(),
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse::<f64>().ok(),
        _ => None,
    };
    let written = || crate::label_types::written(expr);
    let constant = match lit {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    match (value, constant.as_deref()) {
        (Some(v), _) => Ok(Num {
            value: if negative { -v } else { v },
            span,
            end: span_of(lit),
        }),
        (None, Some("INFINITY")) if !negative => Err(refuse(
            expr,
            format!("remove `{}`: the `+Inf` bucket is always added, after the bounds you list", written()),
        )),
        (None, Some("INFINITY" | "NEG_INFINITY")) => Err(refuse(
            expr,
            format!("`{}` is not a bucket bound; remove it (bounds are finite and 0 or more)", written()),
        )),
        (None, Some("NAN")) => Err(refuse(
            expr,
            format!("NaN is not a bucket bound; remove `{}`", written()),
        )),
        (None, Some(_)) => Err(refuse(
            expr,
            format!("the macro cannot evaluate `{}`; write the bound as a number literal, e.g. `0.5`", written()),
        )),
        (None, None) => Err(refuse(
            expr,
            "bucket bounds and layout arguments are number literals; write e.g. `0.5`, not a string or a name",
        )),
    }
}

pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A token carrying `span`, for darling's `with_span`.
pub fn at(span: Span) -> Ident {
    Ident::new("at", span)
}
