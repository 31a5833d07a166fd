//! Byte positions for what the linter reports.
//!
//! promql-parser's AST carries no positions, but its lexer does. The linter
//! walks the AST in source order (left operand, operator, right operand;
//! function arguments in order), and each thing it reports on is found in
//! the token stream from where the previous one was found: selectors by
//! their metric name (or opening brace), matchers inside that selector's
//! braces, binary operators by their token.

use std::ops::Range;

use lrpar::{Lexeme, Lexer};
use promql_parser::parser::token::{
    T_COMMA, T_EQL, T_EQL_REGEX, T_IDENTIFIER, T_LEFT_BRACE, T_LEFT_PAREN, T_METRIC_IDENTIFIER,
    T_NEQ, T_NEQ_REGEX, T_OFFSET, T_RIGHT_BRACE, T_STRING, T_SUB,
};

#[derive(Clone, Copy, Debug)]
struct Token {
    id: u16,
    start: usize,
    end: usize,
}

/// Where a selector is: its name (or opening brace) and its braces' tokens.
#[derive(Clone, Debug, Default)]
pub(crate) struct SelectorPos {
    /// The metric name, or the opening brace of a selector without one.
    pub span: Option<Range<usize>>,
    /// Token indices of `{` and `}`.
    braces: Option<(usize, usize)>,
}

pub(crate) struct Locator<'q> {
    query: &'q str,
    tokens: Vec<Token>,
    cursor: usize,
}

impl<'q> Locator<'q> {
    pub fn new(query: &'q str) -> Self {
        let tokens = match promql_parser::parser::lex::lexer(query) {
            Ok(lexer) => lexer
                .iter()
                .filter_map(Result::ok)
                .map(|lexeme| Token {
                    id: lexeme.tok_id(),
                    start: lexeme.span().start(),
                    end: lexeme.span().end(),
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        Self {
            query,
            tokens,
            cursor: 0,
        }
    }

    fn text(&self, token: Token) -> &'q str {
        &self.query[token.start..token.end]
    }

    /// The next selector named `name` (or, without a name, the next `{` not
    /// after a name).
    pub fn selector(&mut self, name: Option<&str>) -> SelectorPos {
        let found = (self.cursor..self.tokens.len()).find(|&i| {
            let token = self.tokens[i];
            let next = self.tokens.get(i + 1).map(|t| t.id);
            match name {
                Some(name) => {
                    matches!(token.id, T_IDENTIFIER | T_METRIC_IDENTIFIER)
                        && self.text(token) == name
                        && next != Some(T_LEFT_PAREN)
                }
                None => {
                    token.id == T_LEFT_BRACE
                        && (i == 0
                            || !matches!(self.tokens[i - 1].id, T_IDENTIFIER | T_METRIC_IDENTIFIER))
                }
            }
        });
        let Some(i) = found else {
            return SelectorPos::default();
        };
        let open = if self.tokens[i].id == T_LEFT_BRACE {
            Some(i)
        } else {
            (self.tokens.get(i + 1).map(|t| t.id) == Some(T_LEFT_BRACE)).then_some(i + 1)
        };
        let braces = open.and_then(|open| {
            (open..self.tokens.len())
                .find(|&j| self.tokens[j].id == T_RIGHT_BRACE)
                .map(|close| (open, close))
        });
        self.cursor = braces.map_or(i + 1, |(_, close)| close + 1);
        let token = self.tokens[i];
        SelectorPos {
            span: Some(token.start..token.end),
            braces,
        }
    }

    /// The matcher `name op "value"` inside the selector's braces, from the
    /// label name to the end of the value.
    pub fn matcher(&self, selector: &SelectorPos, name: &str, op: &str) -> Option<Range<usize>> {
        let (open, close) = selector.braces?;
        let op_id = match op {
            "=" => T_EQL,
            "!=" => T_NEQ,
            "=~" => T_EQL_REGEX,
            _ => T_NEQ_REGEX,
        };
        (open + 1..close).find_map(|i| {
            let token = self.tokens[i];
            let before = self.tokens[i - 1].id;
            let is_name = (before == T_LEFT_BRACE || before == T_COMMA) && self.text(token) == name;
            let op = self.tokens.get(i + 1)?;
            let value = self.tokens.get(i + 2)?;
            (is_name && op.id == op_id && value.id == T_STRING).then_some(token.start..value.end)
        })
    }

    /// The name of the next call of function `name`.
    pub fn function(&mut self, name: &str) -> Option<Range<usize>> {
        let i = (self.cursor..self.tokens.len()).find(|&i| {
            let token = self.tokens[i];
            token.id == T_IDENTIFIER
                && self.text(token) == name
                && self.tokens.get(i + 1).map(|t| t.id) == Some(T_LEFT_PAREN)
        })?;
        self.cursor = i + 1;
        Some(self.tokens[i].start..self.tokens[i].end)
    }

    /// The next binary operator token with id `op`.
    pub fn operator(&mut self, op: u16) -> Option<Range<usize>> {
        let i = (self.cursor..self.tokens.len()).find(|&i| {
            self.tokens[i].id == op && !(op == T_SUB && i > 0 && self.tokens[i - 1].id == T_OFFSET)
        })?;
        self.cursor = i + 1;
        Some(self.tokens[i].start..self.tokens[i].end)
    }
}
