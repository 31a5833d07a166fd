//! Generated code written as text and lexed by the compiler in one call,
//! with the user's tokens spliced in where they keep their spans.
//!
//! A user's dev build runs this crate unoptimized, and every group or
//! interpolated stream `quote!` builds crosses the compiler's bridge (a
//! call of several thousand instructions): for a 30-metric family, most of
//! the macro's run. A [`Code`] is one string, lexed by the compiler itself
//! (optimized, one call), then walked once at its top level to put in the
//! spliced tokens: the trees of a field's name, a label's type, a call that
//! must be reported at the user's line. A splice is only found at the top
//! level of its `Code`; a group that holds one is a `Code` of its own,
//! added with [`Code::group`].
//!
//! The placeholder is a `$`, which the text never holds otherwise: user
//! input reaches the text only as string literals ([`Code::string`],
//! escaped) and numbers, and names and types are spliced as tokens. (A
//! `$` is one punctuation token to the lexer, and recognising it takes no
//! string comparison, as an identifier's would.)

use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use quote::ToTokens;

/// Where a splice goes in the text.
const PLACEHOLDER: char = '$';

/// Code being written; see the module's documentation.
#[derive(Default)]
pub struct Code {
    text: String,
    splices: Vec<Splice>,
}

enum Splice {
    Tree(TokenTree),
    Stream(TokenStream),
}

impl Code {
    /// Code starting with `text`.
    pub fn new(text: &str) -> Self {
        Code {
            text: text.to_owned(),
            splices: Vec::new(),
        }
    }

    /// Appends Rust source: balanced, and with no splice inside its groups.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a string literal holding `value`.
    pub fn string(&mut self, value: &str) -> &mut Self {
        // `{:?}` of a `str` is a valid Rust string literal of it.
        use std::fmt::Write;
        let _ = write!(self.text, " {value:?} ");
        self
    }

    /// Appends a number.
    pub fn num(&mut self, value: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.text, " {value} ");
        self
    }

    /// Splices one token as it is (an identifier keeps its span).
    pub fn tree(&mut self, tree: impl Into<TokenTree>) -> &mut Self {
        self.mark();
        self.splices.push(Splice::Tree(tree.into()));
        self
    }

    /// Splices an identifier.
    pub fn ident(&mut self, ident: &Ident) -> &mut Self {
        self.tree(ident.clone())
    }

    /// Splices tokens as they are.
    pub fn tokens(&mut self, tokens: impl ToTokens) -> &mut Self {
        let tokens = tokens.into_token_stream();
        if !tokens.is_empty() {
            self.mark();
            self.splices.push(Splice::Stream(tokens));
        }
        self
    }

    /// Appends `other`, its splices with it.
    pub fn append(&mut self, other: Code) -> &mut Self {
        self.text.push_str(&other.text);
        self.splices.extend(other.splices);
        self
    }

    /// Appends `inner` in a group delimited by `delimiter`.
    pub fn group(&mut self, delimiter: Delimiter, inner: Code) -> &mut Self {
        if inner.splices.is_empty() {
            let (open, close) = match delimiter {
                Delimiter::Parenthesis => ("(", ")"),
                Delimiter::Brace => ("{", "}"),
                Delimiter::Bracket => ("[", "]"),
                Delimiter::None => ("", ""),
            };
            if delimiter != Delimiter::None {
                self.text.push_str(open);
                self.text.push_str(&inner.text);
                self.text.push_str(close);
                return self;
            }
        }
        self.tree(Group::new(delimiter, inner.finish()))
    }

    fn mark(&mut self) {
        self.text.push(' ');
        self.text.push(PLACEHOLDER);
        self.text.push(' ');
    }

    /// The tokens: the text lexed, the splices in their places.
    pub fn finish(self) -> TokenStream {
        let parsed = match lex(&self.text) {
            Ok(parsed) => parsed,
            // Our own text: a lex error is a bug here, reported as an
            // error rather than a panic.
            Err(e) => {
                let message = format!(
                    "metrics_family generated code that does not lex ({e}); please report this"
                );
                return quote::quote!(::core::compile_error!(#message););
            }
        };
        if self.splices.is_empty() {
            return parsed;
        }
        let mut splices = self.splices.into_iter();
        let mut out: Vec<TokenTree> = Vec::new();
        for tree in parsed {
            match &tree {
                TokenTree::Punct(punct) if punct.as_char() == PLACEHOLDER => match splices.next() {
                    Some(Splice::Tree(tree)) => out.push(tree),
                    Some(Splice::Stream(stream)) => out.extend(stream),
                    None => out.push(tree),
                },
                _ => out.push(tree),
            }
        }
        out.into_iter().collect()
    }
}

/// `text` lexed by the compiler inside a macro; by proc-macro2's own
/// lexer elsewhere (this crate's tests). Not `text.parse()` inside a
/// macro: proc-macro2 then lexes the text a first time itself, to check
/// it, unoptimized (about ten times what the compiler's lexer takes).
fn lex(text: &str) -> Result<TokenStream, String> {
    if proc_macro::is_available() {
        text.parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|e| e.to_string())
    } else {
        text.parse::<TokenStream>().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_in_order_and_nested_groups() {
        let a = Ident::new("alpha", proc_macro2::Span::call_site());
        let mut inner = Code::new("x: ");
        inner.ident(&a).push(", y: 1");
        let mut code = Code::new("struct S ");
        code.group(Delimiter::Brace, inner);
        code.push(" fn f() -> ")
            .tokens(quote::quote!(u8))
            .push(" { 0 } ");
        code.string("a \"quoted\"\n line").num(1.5);
        assert_eq!(
            code.finish().to_string(),
            "struct S { x : alpha , y : 1 } fn f () -> u8 { 0 } \"a \\\"quoted\\\"\\n line\" 1.5"
        );
    }

    #[test]
    fn a_group_without_splices_stays_text() {
        let mut code = Code::default();
        code.group(Delimiter::Bracket, Code::new("1, 2"));
        assert!(code.splices.is_empty());
        assert_eq!(code.finish().to_string(), "[1 , 2]");
    }
}
