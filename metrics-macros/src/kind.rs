//! The metric kind a field's type names, resolved by path: ours as
//! `metrics_runtime` re-exports them (`Counter`, `metrics_runtime::Gauge`,
//! any path ending in a kind's name), never prometheus-client's own types of
//! the same name.
//!
//! A mistake the kind survives (a reference, label types on the type, a
//! misspelled or a prometheus-client kind) is reported and the kind kept, so
//! the field stays a metric with its labels and recording calls elsewhere
//! draw no error of their own.

use quote::ToTokens;
use syn::{PathArguments, Type, TypePath};

use crate::ast::Kind;
use crate::ctxt::Ctxt;

const KINDS: [&str; 7] = [
    "Counter",
    "Gauge",
    "FloatGauge",
    "Histogram",
    "NativeHistogram",
    "Info",
    "StateSet",
];
const EXPECTED: &str =
    "use `Counter`, `Gauge`, `FloatGauge`, `Histogram`, `NativeHistogram`, `Info` or `StateSet` from `metrics_runtime`";

/// What a field's type says, as the model keeps it.
pub struct FieldKind {
    pub kind: Kind,
    /// The type to emit, without label arguments.
    pub ty: Type,
    /// Label types written on the type (`Counter<(Branch,)>`), already
    /// reported; the fallback types the field with them.
    pub labels_on_type: Vec<Type>,
    /// Another crate's type written for ours (prometheus-client's), already
    /// reported: the fallback still names it, so its imports stay used.
    pub foreign: Option<Type>,
}

/// The kind of `ty`, reporting every mistake in it; `None` when no kind can
/// be read (`u64`, a tuple).
pub fn kind_of(ctxt: &mut Ctxt, ty: &Type) -> Option<FieldKind> {
    match ty {
        Type::Reference(reference) => {
            // The inner type's own mistake, if any, is the one to report.
            let inner = kind_of(ctxt, &reference.elem)?;
            ctxt.error_spanned(
                ty,
                format!(
                    "a metric field owns its metric, not a reference to one; write `{}`",
                    inner.ty.to_token_stream()
                ),
            );
            Some(inner)
        }
        Type::Group(group) => kind_of(ctxt, &group.elem),
        Type::Paren(paren) => kind_of(ctxt, &paren.elem),
        Type::Path(path) if path.qself.is_none() => path_kind(ctxt, ty, path),
        _ => {
            ctxt.error_spanned(
                ty,
                format!("cannot infer the metric kind of this type; {EXPECTED}"),
            );
            None
        }
    }
}

fn path_kind(ctxt: &mut Ctxt, ty: &Type, path: &TypePath) -> Option<FieldKind> {
    let segment = path.path.segments.last()?;
    let name = segment.ident.to_string();
    // `Family<Labels, M>` is prometheus-client's, whatever path it is under.
    let family = name == "Family" && !segment.arguments.is_empty();
    if family
        || path
            .path
            .segments
            .iter()
            .any(|s| s.ident == "prometheus_client")
    {
        return prometheus_client_kind(ctxt, ty, path);
    }
    if let Some(inner) = option_of(path) {
        // The inner type's own mistake, if any, is reported too; the
        // fallback keeps the `Option` around the kind (see `option_of`).
        let inner = kind_of(ctxt, inner)?;
        ctxt.error_spanned(
            ty,
            format!(
                "a metric field holds its metric, not an `Option` of one: `new()` creates every metric of the family; write `{}`",
                inner.ty.to_token_stream()
            ),
        );
        return Some(inner);
    }
    if name == "PhantomData" {
        // The companion of a type parameter (reported on the struct).
        ctxt.error_spanned(
            ty,
            "every field of a family is a metric, and `PhantomData` is none; remove the field, with the struct's type parameter",
        );
        return None;
    }
    let Some(kind) = Kind::from_type_name(&name) else {
        let Some(best) = crate::names::closest(&name, &KINDS) else {
            ctxt.error_spanned(
                ty,
                format!("cannot infer the metric kind of `{name}`; every field of a family is a metric: {EXPECTED}, and keep other data out of the family's struct"),
            );
            return None;
        };
        ctxt.error_spanned(
            ty,
            format!("cannot infer the metric kind of `{name}`; did you mean `{best}`? the kinds are `Counter`, `Gauge`, `FloatGauge`, `Histogram`, `NativeHistogram`, `Info` and `StateSet`, from `metrics_runtime`"),
        );
        let kind = Kind::from_type_name(best)?;
        let mut respelled = path.clone();
        let last = respelled.path.segments.last_mut()?;
        last.ident = syn::Ident::new(best, last.ident.span());
        return Some(bare(kind, respelled, ctxt, false));
    };
    Some(bare(kind, path.clone(), ctxt, true))
}

/// The `X` of `Option<X>` (under any path ending in `Option`), whose kind
/// a field written so keeps; the fallback types the field as an `Option` of
/// it, so that `if let Some(c) = &m.field` written for it type-checks.
pub fn option_of(path: &TypePath) -> Option<&Type> {
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>()[..] {
        [syn::GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// The kind without label arguments on its type, which are reported (when
/// `report`) and kept as the fallback's labels.
fn bare(kind: Kind, mut path: TypePath, ctxt: &mut Ctxt, report: bool) -> FieldKind {
    let mut labels_on_type = Vec::new();
    if let Some(last) = path.path.segments.last_mut() {
        if !last.arguments.is_empty() {
            if report {
                let message = if kind == Kind::StateSet {
                    "a state set's enum goes in `#[metric(states = Enum)]`, and its other labels in `#[metric(labels(name: Type))]`, not on the field type; write the bare `StateSet`".to_owned()
                } else {
                    let types = label_arguments(&last.arguments);
                    let list = label_list_for(&types).unwrap_or_else(|| "name: Type".to_owned());
                    format!(
                        "label types go in `#[metric(labels({list}))]`, not on the field type; write the bare `{}`",
                        last.ident
                    )
                };
                ctxt.error_spanned(&last.arguments, message);
            }
            labels_on_type = label_arguments(&last.arguments);
            last.arguments = PathArguments::None;
        }
    }
    FieldKind {
        kind,
        ty: Type::Path(path),
        labels_on_type,
        foreign: None,
    }
}

/// Whether `ty` names only types that exist or fail on their own (no `_`,
/// `impl`, `!` or macro), so a fallback may name it to keep its imports
/// used.
pub fn nameable(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.iter().all(|s| match &s.arguments {
            PathArguments::AngleBracketed(a) => a.args.iter().all(|arg| match arg {
                syn::GenericArgument::Type(t) => nameable(t),
                syn::GenericArgument::Lifetime(_) | syn::GenericArgument::Const(_) => true,
                _ => false,
            }),
            PathArguments::None => true,
            PathArguments::Parenthesized(_) => false,
        }),
        Type::Tuple(t) => t.elems.iter().all(nameable),
        Type::Array(a) => nameable(&a.elem),
        Type::Slice(s) => nameable(&s.elem),
        Type::Reference(r) => nameable(&r.elem),
        Type::Paren(p) => nameable(&p.elem),
        Type::Group(g) => nameable(&g.elem),
        Type::FnPtr(f) => {
            f.inputs.iter().all(|i| nameable(&i.ty))
                && match &f.output {
                    syn::ReturnType::Default => true,
                    syn::ReturnType::Type(_, t) => nameable(t),
                }
        }
        _ => false,
    }
}

/// `<(A, B)>` and `<A>` as label types; a number or an atomic (`Gauge<f64>`,
/// `Counter<AtomicU64>`) reads as prometheus-client's value type, not as a
/// label.
fn label_arguments(arguments: &PathArguments) -> Vec<Type> {
    let PathArguments::AngleBracketed(args) = arguments else {
        return Vec::new();
    };
    match args.args.iter().collect::<Vec<_>>()[..] {
        [syn::GenericArgument::Type(Type::Tuple(tuple))] => tuple.elems.iter().cloned().collect(),
        [syn::GenericArgument::Type(ty @ Type::Path(path))] if !value_type(path) => {
            vec![ty.clone()]
        }
        _ => Vec::new(),
    }
}

/// `method: Method, status: Status` for label types written on a kind, each
/// named for its type; `None` unless each is a plain path.
fn label_list_for(types: &[Type]) -> Option<String> {
    if types.is_empty() {
        return None;
    }
    let entries = types.iter().map(|ty| {
        let Type::Path(path) = ty else { return None };
        let last = path.path.segments.last()?;
        let written = ty.to_token_stream().to_string().replace(' ', "");
        let name = heck::ToSnakeCase::to_snake_case(last.ident.to_string().as_str());
        Some(format!("{name}: {written}"))
    });
    Some(entries.collect::<Option<Vec<_>>>()?.join(", "))
}

/// Whether `path` names a number or an atomic, the value type a
/// prometheus-client metric takes as its parameter.
fn value_type(path: &TypePath) -> bool {
    path.path.segments.last().is_some_and(|last| {
        let name = last.ident.to_string();
        name.starts_with("Atomic")
            || matches!(
                name.as_str(),
                "f32"
                    | "f64"
                    | "i8"
                    | "i16"
                    | "i32"
                    | "i64"
                    | "i128"
                    | "isize"
                    | "u8"
                    | "u16"
                    | "u32"
                    | "u64"
                    | "u128"
                    | "usize"
            )
    })
}

/// A prometheus-client type: an error naming ours, and the kind kept when
/// there is one (`Family<L, Counter>` is a counter).
fn prometheus_client_kind(ctxt: &mut Ctxt, ty: &Type, path: &TypePath) -> Option<FieldKind> {
    let written_ty = ty;
    let written = crate::label_types::written(ty);
    let kind = prometheus_client_kind_name(path);
    let (kind, ours) = match kind {
        Some(kind) => (Some(kind), kind_name(kind)),
        None => (
            None,
            "Counter`, `Gauge`, `FloatGauge`, `Histogram`, `NativeHistogram`, `Info` or `StateSet",
        ),
    };
    let family = path
        .path
        .segments
        .last()
        .is_some_and(|s| s.ident == "Family");
    let labels = if family {
        ", with its labels in `#[metric(labels(name: Type))]`"
    } else {
        ""
    };
    ctxt.error_spanned(
        ty,
        format!(
            "`{written}` is prometheus-client's own type; a family's field is `metrics_runtime::{ours}`{labels}, which the macro creates and registers for you"
        ),
    );
    let kind = kind?;
    let ty: Type = match kind {
        Kind::Counter => syn::parse_quote!(::metrics_runtime::Counter),
        Kind::Gauge => syn::parse_quote!(::metrics_runtime::Gauge),
        Kind::FloatGauge => syn::parse_quote!(::metrics_runtime::FloatGauge),
        Kind::Histogram => syn::parse_quote!(::metrics_runtime::Histogram),
        Kind::NativeHistogram => syn::parse_quote!(::metrics_runtime::NativeHistogram),
        Kind::Info => syn::parse_quote!(::metrics_runtime::Info),
        Kind::StateSet => syn::parse_quote!(::metrics_runtime::StateSet),
    };
    Some(FieldKind {
        kind,
        ty,
        labels_on_type: Vec::new(),
        foreign: Some(written_ty.clone()),
    })
}

/// The kind of a prometheus-client metric type: `Counter`, `Gauge`
/// (`Gauge<f64, _>` is a float gauge), `Histogram`, and the metric inside a
/// `Family<Labels, M>`.
fn prometheus_client_kind_name(path: &TypePath) -> Option<Kind> {
    let last = path.path.segments.last()?;
    let args: Vec<&Type> = match &last.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let name = last.ident.to_string();
    if name == "Family" {
        return match args.get(1) {
            Some(Type::Path(inner)) => prometheus_client_kind_name(inner).or_else(|| {
                inner
                    .path
                    .segments
                    .last()
                    .and_then(|s| Kind::from_type_name(&s.ident.to_string()))
            }),
            _ => None,
        };
    }
    if name == "Info" {
        Some(Kind::Info)
    } else if name.contains("Histogram") {
        Some(Kind::Histogram)
    } else if name.contains("Counter") {
        Some(Kind::Counter)
    } else if name.contains("Gauge") {
        let float = args.first().is_some_and(
            |t| matches!(t, Type::Path(p) if p.path.is_ident("f64") || p.path.is_ident("f32")),
        );
        Some(if float { Kind::FloatGauge } else { Kind::Gauge })
    } else {
        None
    }
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Counter => "Counter",
        Kind::Gauge => "Gauge",
        Kind::FloatGauge => "FloatGauge",
        Kind::Histogram => "Histogram",
        Kind::NativeHistogram => "NativeHistogram",
        Kind::Info => "Info",
        Kind::StateSet => "StateSet",
    }
}
