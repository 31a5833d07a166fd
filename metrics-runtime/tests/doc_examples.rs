//! Every public item of this crate has an example of its own in its doc
//! comment: a Rust code block that compiles (not `ignore`, not
//! `compile_fail`), so the doctests run it. This test reads the runtime's
//! sources (`metrics-runtime-core/src/`, which this crate re-exports whole)
//! and this crate's `src/lib.rs` (the macros' re-exports) with `syn`, and
//! fails listing each public item whose doc comment has none.
//!
//! What is public is what `cargo doc --all-features` shows, read from the
//! crate's own structure:
//!
//! - a top-level item of a private module is public if `src/lib.rs`
//!   re-exports it by name (`pub use cell::{Cell, ..}`); every `pub` item of
//!   a `pub mod` (`http`) is;
//! - the `pub use` of the macros in this crate's `lib.rs`, whose doc comment
//!   is what rustdoc shows for them;
//! - `#[macro_export]` macros;
//! - the `pub fn` and `pub const` items of an inherent impl of a public
//!   type, wherever the impl is (`global.rs` adds `Registry::global`),
//!   including the impls that `macro_rules!` templates write (the recording
//!   methods of `metric.rs`): their doc comments are in the template, once
//!   for every expansion;
//! - the methods and constants of a public trait.
//!
//! Skipped, and why:
//!
//! - `#[doc(hidden)]` items, impls and modules (`__private`, `__new`): not
//!   in the docs. `GlobalFamily` is the one exception, checked although it
//!   is reachable only through `__private`: `global!` requires it of the
//!   user's family, and the compile error for a family that cannot be
//!   global names it;
//! - `pub(crate)` and private items, items of private inline modules
//!   (`store::recent`) and `#[cfg(test)]` modules;
//! - trait impls (`impl Deref for Handle`): rustdoc shows the trait's docs;
//! - associated types, struct fields and enum variants: documented by their
//!   own line and by the example of the type or trait they belong to;
//! - the re-exported crate `prometheus_client` (its own docs).

use std::collections::BTreeSet;
use std::path::Path;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::{Attribute, Expr, ImplItem, Item, Lit, Meta, TraitItem, UseTree, Visibility};

/// A public item without an example: `file:line`, what it is.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Missing {
    file: String,
    line: usize,
    item: String,
}

/// Items `cargo doc` does not show that are checked all the same (see the
/// module docs).
const ALSO_PUBLIC: &[&str] = &["GlobalFamily"];

/// The doc-comment text of `attrs`, one string per `///` line.
fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(lit) => match &lit.lit {
                    Lit::Str(s) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether `attrs` hold `#[doc(hidden)]`.
fn is_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc")
            && matches!(&a.meta, Meta::List(l) if l.tokens.to_string().trim() == "hidden")
    })
}

/// Whether `attrs` hold `#[cfg(test)]`.
fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, Meta::List(l) if l.tokens.to_string().trim() == "test")
    })
}

/// Whether a code fence's info string opens an example that compiles: Rust
/// (no info, or rustdoc's attributes) and not `ignore` or `compile_fail`.
fn compiles(info: &str) -> bool {
    info.split([',', ' '])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .all(|a| {
            matches!(
                a,
                "rust" | "no_run" | "should_panic" | "edition2021" | "edition2024"
            )
        })
}

/// Whether a doc comment (its lines) has an example that compiles. Only an
/// opening fence counts: inside a block, a bare fence closes it.
fn has_example<S: AsRef<str>>(lines: &[S]) -> bool {
    let mut open = false;
    for line in lines.iter().flat_map(|l| l.as_ref().lines()) {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        if open {
            open = !info.trim().is_empty();
            continue;
        }
        if compiles(info) {
            return true;
        }
        open = true;
    }
    false
}

/// The names `lib.rs` re-exports from its own private modules, as
/// `(module, name)`, and the names of the `pub mod` modules.
fn re_exports(lib: &syn::File) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    fn walk(tree: &UseTree, path: &mut Vec<String>, out: &mut BTreeSet<(String, String)>) {
        match tree {
            UseTree::Path(p) => {
                path.push(p.ident.to_string());
                walk(&p.tree, path, out);
                path.pop();
            }
            UseTree::Name(n) => {
                if let Some(module) = path.first() {
                    out.insert((module.clone(), n.ident.to_string()));
                }
            }
            UseTree::Rename(r) => {
                if let Some(module) = path.first() {
                    out.insert((module.clone(), r.ident.to_string()));
                }
            }
            UseTree::Group(g) => {
                for t in &g.items {
                    walk(t, path, out);
                }
            }
            UseTree::Glob(_) => panic!("a glob re-export in lib.rs: list the names"),
        }
    }
    let mut names = BTreeSet::new();
    let mut modules = BTreeSet::new();
    for item in &lib.items {
        match item {
            Item::Use(u) if matches!(u.vis, Visibility::Public(_)) => {
                walk(&u.tree, &mut Vec::new(), &mut names)
            }
            Item::Mod(m) if matches!(m.vis, Visibility::Public(_)) && !is_hidden(&m.attrs) => {
                modules.insert(m.ident.to_string());
            }
            _ => {}
        }
    }
    (names, modules)
}

/// The name of a top-level item, if it has a name and is `pub`.
fn public_name(item: &Item) -> Option<(String, &[Attribute], &'static str)> {
    let (vis, ident, attrs, kind) = match item {
        Item::Fn(i) => (&i.vis, &i.sig.ident, &i.attrs, "fn"),
        Item::Struct(i) => (&i.vis, &i.ident, &i.attrs, "struct"),
        Item::Enum(i) => (&i.vis, &i.ident, &i.attrs, "enum"),
        Item::Trait(i) => (&i.vis, &i.ident, &i.attrs, "trait"),
        Item::Type(i) => (&i.vis, &i.ident, &i.attrs, "type"),
        Item::Const(i) => (&i.vis, &i.ident, &i.attrs, "const"),
        Item::Static(i) => (&i.vis, &i.ident, &i.attrs, "static"),
        _ => return None,
    };
    matches!(vis, Visibility::Public(_)).then(|| (ident.to_string(), attrs.as_slice(), kind))
}

/// The last identifier of an impl's self type (`Metric` of `Metric<L, C>`).
fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// One file's public items without an example.
struct Scan<'a> {
    file: &'a str,
    /// Public items defined at this file's top level.
    top: &'a BTreeSet<String>,
    /// Every public type and trait of the crate.
    types: &'a BTreeSet<String>,
    found: Vec<Missing>,
    /// How many public items were checked.
    checked: usize,
}

impl Scan<'_> {
    fn check(&mut self, attrs: &[Attribute], line: usize, item: String) {
        self.checked += 1;
        if !has_example(&doc_lines(attrs)) {
            self.found.push(Missing {
                file: self.file.to_owned(),
                line,
                item,
            });
        }
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &Item) {
        if let Some((name, attrs, kind)) = public_name(item) {
            if self.top.contains(&name) && !is_hidden(attrs) {
                let line = ident_line(item);
                self.check(attrs, line, format!("{kind} {name}"));
                if let Item::Trait(t) = item {
                    self.trait_items(&name, &t.items);
                }
            }
        }
        match item {
            Item::Impl(imp) if imp.trait_.is_none() && !is_hidden(&imp.attrs) => {
                let Some(ty) = self_type_name(&imp.self_ty) else {
                    return;
                };
                if !self.types.contains(&ty) {
                    return;
                }
                for it in &imp.items {
                    let (vis, attrs, ident, kind) = match it {
                        ImplItem::Fn(f) => (&f.vis, &f.attrs, &f.sig.ident, "fn"),
                        ImplItem::Const(c) => (&c.vis, &c.attrs, &c.ident, "const"),
                        _ => continue,
                    };
                    if matches!(vis, Visibility::Public(_)) && !is_hidden(attrs) {
                        let line = ident.span().start().line;
                        self.check(attrs, line, format!("{kind} {ty}::{ident}"));
                    }
                }
            }
            Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                let name = m
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let exported = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                if exported && !is_hidden(&m.attrs) {
                    let line = m.mac.path.segments[0].ident.span().start().line;
                    self.check(&m.attrs, line, format!("macro {name}!"));
                }
                self.template(&name, m.mac.tokens.clone());
            }
            // Private inline modules and test modules hold nothing public.
            Item::Mod(_) => {}
            _ => {}
        }
    }

    fn trait_items(&mut self, name: &str, items: &[TraitItem]) {
        for it in items {
            let (attrs, ident, kind) = match it {
                TraitItem::Fn(f) => (&f.attrs, &f.sig.ident, "fn"),
                TraitItem::Const(c) => (&c.attrs, &c.ident, "const"),
                _ => continue,
            };
            if !is_hidden(attrs) {
                let line = ident.span().start().line;
                self.check(attrs, line, format!("{kind} {name}::{ident}"));
            }
        }
    }

    /// The inherent impls a `macro_rules!` template writes: `impl<..> T<..>
    /// { .. }` with `T` a public type or a metavariable (`$target`, which
    /// the templates here bind to public types only).
    fn template(&mut self, macro_name: &str, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Ident(id) if id == "impl" => {
                    // The header runs to the impl's body.
                    let mut j = i + 1;
                    let mut header = Vec::new();
                    while j < trees.len()
                        && !matches!(&trees[j], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
                    {
                        header.push(trees[j].clone());
                        j += 1;
                    }
                    let Some(TokenTree::Group(body)) = trees.get(j) else {
                        return;
                    };
                    if let Some(ty) = template_self_type(&header) {
                        if ty.starts_with('$') || self.types.contains(&ty) {
                            self.template_methods(macro_name, &ty, body.stream());
                        }
                    }
                    i = j + 1;
                }
                TokenTree::Group(g) => {
                    self.template(macro_name, g.stream());
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    fn template_methods(&mut self, macro_name: &str, ty: &str, body: TokenStream) {
        let trees: Vec<TokenTree> = body.into_iter().collect();
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut i = 0;
        while i < trees.len() {
            match (&trees[i], trees.get(i + 1)) {
                (TokenTree::Punct(p), Some(TokenTree::Group(g)))
                    if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
                {
                    let text = format!("#{g}");
                    let parsed = syn::parse::Parser::parse_str(Attribute::parse_outer, &text)
                        .expect("an attribute in a template parses");
                    attrs.extend(parsed);
                    i += 2;
                }
                (TokenTree::Ident(p), Some(TokenTree::Ident(f))) if p == "pub" && f == "fn" => {
                    if let Some(TokenTree::Ident(name)) = trees.get(i + 2) {
                        if !is_hidden(&attrs) {
                            let line = name.span().start().line;
                            self.check(&attrs, line, format!("fn {ty}::{name} (in {macro_name}!)"));
                        }
                    }
                    attrs.clear();
                    i += 3;
                }
                (TokenTree::Group(g), _) if g.delimiter() == Delimiter::Brace => {
                    // A method body ends the item its attributes were for.
                    attrs.clear();
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

/// The self type of a template impl header (after `impl`): `None` for a
/// trait impl; the first identifier (or `$metavariable`) after the
/// generics otherwise.
fn template_self_type(header: &[TokenTree]) -> Option<String> {
    let mut depth = 0usize;
    let mut k = 0;
    // Skip `<...>` right after `impl`.
    if matches!(header.first(), Some(TokenTree::Punct(p)) if p.as_char() == '<') {
        for (n, t) in header.iter().enumerate() {
            if let TokenTree::Punct(p) = t {
                match p.as_char() {
                    '<' => depth += 1,
                    '>' => {
                        depth -= 1;
                        if depth == 0 {
                            k = n + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let rest = &header[k..];
    if rest
        .iter()
        .any(|t| matches!(t, TokenTree::Ident(id) if id == "for"))
    {
        return None;
    }
    match rest {
        [TokenTree::Punct(d), TokenTree::Ident(id), ..] if d.as_char() == '$' => {
            Some(format!("${id}"))
        }
        [TokenTree::Ident(id), ..] => Some(id.to_string()),
        _ => None,
    }
}

/// The line of a top-level item's name.
fn ident_line(item: &Item) -> usize {
    let span = match item {
        Item::Fn(i) => i.sig.ident.span(),
        Item::Struct(i) => i.ident.span(),
        Item::Enum(i) => i.ident.span(),
        Item::Trait(i) => i.ident.span(),
        Item::Type(i) => i.ident.span(),
        Item::Const(i) => i.ident.span(),
        Item::Static(i) => i.ident.span(),
        _ => return 0,
    };
    span.start().line
}

/// The source file at `path`, parsed.
fn parse(path: &Path) -> syn::File {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Every public item of the crate in `src` without an example, and how
/// many public items were checked; with `facade`, the `lib.rs` of a crate
/// that re-exports it and the macros, whose macro re-exports are checked too.
fn missing_examples(src: &Path, facade: Option<&Path>) -> (Vec<Missing>, usize) {
    let read = |name: &str| parse(&src.join(name));
    let lib = read("lib.rs");
    let (names, pub_modules) = re_exports(&lib);

    // The files, and each one's public top-level names.
    let mut files: Vec<(String, syn::File, BTreeSet<String>)> = Vec::new();
    for item in &lib.items {
        let Item::Mod(m) = item else { continue };
        if m.content.is_some() || is_test_only(&m.attrs) {
            continue;
        }
        let module = m.ident.to_string();
        let file_name = m
            .attrs
            .iter()
            .find(|a| a.path().is_ident("path"))
            .and_then(|a| match &a.meta {
                Meta::NameValue(nv) => match &nv.value {
                    Expr::Lit(lit) => match &lit.lit {
                        Lit::Str(s) => Some(s.value()),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            })
            .unwrap_or_else(|| format!("{module}.rs"));
        let file = read(&file_name);
        let top: BTreeSet<String> = if pub_modules.contains(&module) {
            file.items
                .iter()
                .filter_map(public_name)
                .map(|(n, _, _)| n)
                .collect()
        } else {
            let mut top: BTreeSet<String> = names
                .iter()
                .filter(|(m, _)| *m == module)
                .map(|(_, n)| n.clone())
                .collect();
            top.extend(
                file.items
                    .iter()
                    .filter_map(public_name)
                    .map(|(n, _, _)| n)
                    .filter(|n| ALSO_PUBLIC.contains(&n.as_str())),
            );
            top
        };
        files.push((file_name, file, top));
    }
    let types: BTreeSet<String> = files
        .iter()
        .flat_map(|(_, file, top)| {
            file.items.iter().filter_map(move |item| {
                let (name, _, kind) = public_name(item)?;
                (top.contains(&name) && matches!(kind, "struct" | "enum" | "trait" | "type"))
                    .then_some(name)
            })
        })
        .collect();

    let mut found = Vec::new();
    let mut checked = 0;
    // lib.rs: the re-exported macros of metrics-macros carry their docs here.
    let facade = facade.map(parse);
    for item in lib.items.iter().chain(facade.iter().flat_map(|f| &f.items)) {
        if let Item::Use(u) = item {
            if matches!(u.vis, Visibility::Public(_))
                && !is_hidden(&u.attrs)
                && matches!(&u.tree, UseTree::Path(p) if p.ident == "metrics_macros")
            {
                checked += 1;
                if !has_example(&doc_lines(&u.attrs)) {
                    found.push(Missing {
                        file: "lib.rs".into(),
                        line: u.use_token.span.start().line,
                        item: "pub use metrics_macros::..".into(),
                    });
                }
            }
        }
    }
    for (file_name, file, top) in &files {
        let mut scan = Scan {
            file: file_name,
            top,
            types: &types,
            found: Vec::new(),
            checked: 0,
        };
        scan.items(&file.items);
        checked += scan.checked;
        found.extend(scan.found);
    }
    found.sort();
    (found, checked)
}

#[test]
fn every_public_item_has_an_example() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = here.join("../metrics-runtime-core/src");
    let (found, checked) = missing_examples(&src, Some(&here.join("src/lib.rs")));
    // The scan saw the crate: the types, the recording methods, the traits.
    assert!(checked >= 150, "only {checked} public items found");
    let list: Vec<String> = found
        .iter()
        .map(|m| {
            let crate_dir = if m.item.starts_with("pub use metrics_macros") {
                "metrics-runtime"
            } else {
                "metrics-runtime-core"
            };
            format!("{crate_dir}/src/{}:{}: {}", m.file, m.line, m.item)
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} of {checked} public items have no example (a ``` block that compiles) \
         in their doc comment:\n{}",
        found.len(),
        list.join("\n")
    );
}

#[test]
fn the_scan_tells_public_from_private_and_examples_from_text() {
    let dir = std::env::temp_dir().join(format!("doc-examples-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("lib.rs"),
        r#"
mod a;
pub mod b;
#[doc(hidden)]
#[path = "p.rs"]
pub mod __private;
#[cfg(test)]
mod t;
pub use a::{Shown, Tr};
/// A macro, documented.
///
/// ```
/// assert!(true);
/// ```
pub use metrics_macros::documented;
/// No example.
pub use metrics_macros::bare;
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("a.rs"),
        r#"
/// ```
/// let x = 1;
/// ```
pub struct Shown;
/// Not re-exported: private.
pub struct NotExported;
impl Shown {
    /// ```text
    /// not an example
    /// ```
    pub fn text_only(&self) {}
    /// ```compile_fail
    /// nope
    /// ```
    pub fn compile_fail_only(&self) {}
    /// ```no_run
    /// ok
    /// ```
    pub fn no_run(&self) {}
    #[doc(hidden)]
    pub fn hidden(&self) {}
    fn private(&self) {}
    pub(crate) fn crate_only(&self) {}
    /// Constant.
    pub const C: u8 = 1;
}
impl NotExported {
    pub fn f(&self) {}
}
impl Clone for Shown {
    fn clone(&self) -> Self { Shown }
}
/// ```
/// ok
/// ```
pub trait Tr {
    /// Method.
    fn m(&self);
    /// ```
    /// ok
    /// ```
    fn n(&self);
    #[doc(hidden)]
    fn hidden(&self);
    /// Type.
    type T;
}
macro_rules! tmpl {
    ($target:ident) => {
        impl<A: Copy> $target<(A,)> {
            /// Bare.
            #[inline]
            pub fn bare(&self) {}
            /// ```
            /// ok
            /// ```
            pub fn ok(&self) {}
        }
        impl<A> Tr for $target<A> {
            /// Trait impl: skipped.
            fn m(&self) {}
        }
    };
}
mod inner {
    pub fn f() {}
}
/// A macro without an example.
#[macro_export]
macro_rules! exported { () => {}; }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("b.rs"),
        "/// No example.\npub fn in_pub_mod() {}\nfn private() {}\n",
    )
    .unwrap();
    std::fs::write(dir.join("p.rs"), "pub fn hidden_module() {}\n").unwrap();
    let (found, checked) = missing_examples(&dir, None);
    std::fs::remove_dir_all(&dir).unwrap();
    let items: Vec<&str> = found.iter().map(|m| m.item.as_str()).collect();
    assert_eq!(
        items,
        [
            "fn Shown::text_only",
            "fn Shown::compile_fail_only",
            "const Shown::C",
            "fn Tr::m",
            "fn $target::bare (in tmpl!)",
            "macro exported!",
            "fn in_pub_mod",
            "pub use metrics_macros::..",
        ],
        "{found:#?}"
    );
    // Shown, its 3 methods and constant, Tr and its 2 methods, the 2
    // template methods, the macro, b's fn, the 2 re-exported macros.
    assert_eq!(checked, 14);
}
