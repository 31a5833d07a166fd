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
    "group",
    "alert",
    "record",
];

/// `#[metric(...)]` on a field, and the field itself.
#[derive(Debug, FromField)]
#[darling(attributes(metric), forward_attrs(doc, cfg, cfg_attr))]
pub struct MetricField {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<syn::Attribute>,
    /// The exported name, instead of the field's.
    #[darling(default)]
    pub name: Option<SpannedValue<String>>,
    /// Appended to the name on export.
    #[darling(default)]
    pub unit: Option<SpannedValue<String>>,
    /// `labels(name: Type, ...)`.
    #[darling(default, with = parse_labels)]
    pub labels: Option<LabelsAttr>,
    /// The series bound of a free-form label.
    #[darling(default, with = parse_max_series)]
    pub max_series: Option<SpannedValue<usize>>,
    /// The length bound, in bytes, of a free-form label's values.
    #[darling(default, with = parse_max_value_len)]
    pub max_value_len: Option<SpannedValue<usize>>,
    /// `buckets = [..]`, `exponential(..)` or `linear(..)`.
    #[darling(default, with = parse_buckets)]
    pub buckets: Option<BucketsAttr>,
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

fn parse_buckets(meta: &Meta) -> darling::Result<Option<BucketsAttr>> {
    const FORMS: &str =
        "write `buckets = [0.1, 0.5, 1]`, `buckets = exponential(start, factor, count)` or `buckets = linear(start, width, count)`";
    let Meta::NameValue(nv) = meta else {
        return Err(
            darling::Error::custom(format!("`buckets` takes a value; {FORMS}")).with_span(meta),
        );
    };
    let spec = match &nv.value {
        Expr::Array(array) => BucketSpec::List(
            array
                .elems
                .iter()
                .map(number)
                .collect::<darling::Result<_>>()?,
        ),
        Expr::Call(call) => {
            let func = match &*call.func {
                Expr::Path(p) if p.path.get_ident().is_some() => {
                    p.path.get_ident().map(Ident::to_string).unwrap_or_default()
                }
                other => {
                    return Err(
                        darling::Error::custom(format!("unknown bucket layout; {FORMS}"))
                            .with_span(other),
                    )
                }
            };
            let args: Vec<Num> = call
                .args
                .iter()
                .map(number)
                .collect::<darling::Result<_>>()?;
            let [a, b, c] = args[..] else {
                return Err(darling::Error::custom(format!(
                    "`{func}` takes 3 arguments, found {}; {FORMS}",
                    args.len()
                ))
                .with_span(call));
            };
            match func.as_str() {
                "exponential" => BucketSpec::Exponential {
                    start: a,
                    factor: b,
                    count: c,
                },
                "linear" => BucketSpec::Linear {
                    start: a,
                    width: b,
                    count: c,
                },
                _ => {
                    return Err(darling::Error::custom(format!(
                        "unknown bucket layout `{func}`; {FORMS}"
                    ))
                    .with_span(&call.func))
                }
            }
        }
        other => {
            return Err(
                darling::Error::custom(format!("unsupported bucket value; {FORMS}"))
                    .with_span(other),
            )
        }
    };
    Ok(Some(BucketsAttr {
        span: meta.span(),
        spec,
    }))
}

/// `max_series = 500`: an integer literal, not a string or a sign.
fn parse_max_series(meta: &Meta) -> darling::Result<Option<SpannedValue<usize>>> {
    parse_count(meta, "max_series", "a count of series", "max_series = 500")
}

/// `max_value_len = 256`: an integer literal, not a string or a sign.
fn parse_max_value_len(meta: &Meta) -> darling::Result<Option<SpannedValue<usize>>> {
    parse_count(
        meta,
        "max_value_len",
        "a length in bytes",
        "max_value_len = 256",
    )
}

/// `key = N`, a whole number: `what` and `example` word the errors.
fn parse_count(
    meta: &Meta,
    key: &str,
    what: &str,
    example: &str,
) -> darling::Result<Option<SpannedValue<usize>>> {
    let form = format!("write a whole number, e.g. `{example}`");
    let Meta::NameValue(nv) = meta else {
        return Err(
            darling::Error::custom(format!("`{key}` takes a value; {form}")).with_span(meta),
        );
    };
    let negative = || format!("`{key}` is {what}, so it cannot be negative; e.g. `{example}`");
    match &nv.value {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => match i.base10_parse::<usize>() {
            Ok(n) => Ok(Some(SpannedValue::new(n, i.span()))),
            Err(_) if i.base10_digits().starts_with('-') => {
                Err(darling::Error::custom(negative()).with_span(i))
            }
            Err(_) => Err(darling::Error::custom(format!(
                "`{key}` is too large for this platform; {form}"
            ))
            .with_span(i)),
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            ..
        }) => Err(darling::Error::custom(negative()).with_span(&nv.value)),
        other => Err(darling::Error::custom(format!(
            "`{key}` takes a whole number, not a string or an expression; e.g. `{example}`"
        ))
        .with_span(other)),
    }
}

/// A numeric literal, optionally negated.
fn number(expr: &Expr) -> darling::Result<Num> {
    let span = expr.span();
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
    match value {
        Some(v) => Ok(Num {
            value: if negative { -v } else { v },
            span,
            end: lit.span(),
        }),
        None => Err(darling::Error::custom(
            "bucket bounds and layout arguments are number literals; write e.g. `0.5`, not a string or a name",
        )
        .with_span(&at(span))),
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
