//! Label types that can never be a label: caught by the macro, with the fix,
//! instead of by rustc on the generated type (which would also fail every
//! recording call). A label is a `#[derive(LabelValue)]` enum, which the
//! derive refuses to be generic, or `String`; so a reference, a primitive, a
//! tuple or a standard generic type (`Option`, `Vec`) is always a mistake.
//! A path of the user's (`Peer`, `Class<3>`) may name an enum the macro
//! cannot see, and is left to rustc.

use quote::ToTokens;
use syn::{GenericArgument, PathArguments, Type};

const WHAT: &str = "a label is a `#[derive(LabelValue)]` enum of the values you expect, or `String` for free-form values";

const PRIMITIVES: &[&str] = &[
    "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
    "isize", "f32", "f64",
];

/// Generic types of the standard library, never a label.
const STD_GENERICS: &[&str] = &[
    "Vec", "Box", "Cow", "Arc", "Rc", "Result", "HashMap", "BTreeMap", "HashSet", "BTreeSet",
    "VecDeque",
];

/// Why `ty` cannot be a label type, with the remedy; `None` if it may be one.
pub fn problem(ty: &Type) -> Option<String> {
    // Most label types are a plain path: decided before any text is made.
    if let Type::Path(p) = ty {
        if p.qself.is_none()
            && p.path.segments.len() > 1
            && p.path.segments.iter().all(|s| s.arguments.is_empty())
        {
            return None;
        }
        if let Some(ident) = p.path.get_ident() {
            // One text of the ident: each `ident == "u8"` would make one.
            let name = ident.to_string();
            if !PRIMITIVES.contains(&name.as_str()) && name != "str" {
                return None;
            }
        }
    }
    let written = written(ty);
    match ty {
        Type::Group(g) => problem(&g.elem),
        Type::Paren(p) => problem(&p.elem),
        Type::Reference(r) if is_str_like(&r.elem) => Some(format!(
            "`{written}` is not a label type; write `String` for a free-form label (recording still takes `&str`)"
        )),
        Type::Infer(_) => Some(format!("a label needs its type; {WHAT}")),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let name = last.ident.to_string();
            if last.arguments.is_empty() {
                if p.path.segments.len() > 1 {
                    return None;
                }
                if name == "str" {
                    return Some(
                        "`str` is not a label type; write `String` for a free-form label (recording takes `&str`)"
                            .to_owned(),
                    );
                }
                return PRIMITIVES
                    .contains(&name.as_str())
                    .then(|| format!("`{name}` is not a label value; {WHAT} (e.g. `enum Status {{ Ok, NotFound }}`)"));
            }
            let inner = first_type_argument(&last.arguments);
            if name == "Option" {
                let hint = inner.map_or_else(
                    || "add a variant such as `Unknown` to the enum".to_owned(),
                    |t| {
                        format!(
                            "add a variant such as `Unknown` to `{}` and write `{}`",
                            t.to_token_stream(),
                            t.to_token_stream()
                        )
                    },
                );
                return Some(format!(
                    "`{written}` is not a label value: a label always has a value; {hint}"
                ));
            }
            if inner.is_some_and(is_str_like) {
                return Some(format!(
                    "`{written}` is not a label type; write `String` for a free-form label (recording takes `&str`)"
                ));
            }
            // A generic type of the user's may be a label enum whose own
            // derive reported its parameters; leave it to rustc.
            STD_GENERICS.contains(&name.as_str()).then(|| {
                format!("`{written}` is not a label value; {WHAT}")
            })
        }
        Type::Path(_) => None,
        _ => Some(format!("`{written}` is not a label value; {WHAT}")),
    }
}

/// `tokens` as written: spaces only between two words and after a comma
/// (`&'static str`, `Option<Branch>`, `(A, B)`).
pub fn written(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let between_words = before.is_some_and(word) && after.is_some_and(word);
            if !(between_words || before == Some(',')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn first_type_argument(arguments: &PathArguments) -> Option<&Type> {
    match arguments {
        PathArguments::AngleBracketed(a) => a.args.iter().find_map(|arg| match arg {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

/// `str`, `String` (behind any path), or a reference to one.
fn is_str_like(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "str" || s.ident == "String"),
        Type::Reference(r) => is_str_like(&r.elem),
        Type::Group(g) => is_str_like(&g.elem),
        Type::Paren(p) => is_str_like(&p.elem),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    fn of(text: &str) -> Option<String> {
        problem(&syn::parse_str(text).expect("a type"))
    }

    #[test]
    fn never_labels() {
        for ty in [
            "u16",
            "bool",
            "str",
            "&str",
            "&'static str",
            "Option<Branch>",
            "Vec<u8>",
            "Box<str>",
            "(Branch, Class)",
            "[Branch; 2]",
            "_",
            "HashMap<String, u8>",
        ] {
            assert!(of(ty).is_some(), "{ty} accepted");
        }
        assert!(of("&'static str").is_some_and(|m| m.starts_with("`&'static str`")));
        assert!(of("Option<Branch>").is_some_and(|m| m.contains("`Unknown` to `Branch`")));
    }

    #[test]
    fn maybe_labels() {
        for ty in [
            "Branch",
            "crate::net::Peer",
            "String",
            "std::string::String",
            "<X as Y>::Z",
            "Class<3>",
        ] {
            assert_eq!(of(ty), None, "{ty} refused");
        }
    }
}
