//! A small PromQL parser for the compile-time check of declared alert and
//! recording-rule expressions.
//!
//! Why not `promql-parser`: it is compiled into every user's cold build
//! through this proc-macro crate, and measured it more than doubles the
//! cold build of `metrics-runtime` (see the README's "Alerts" section). This
//! parser is a few hundred lines with no dependency. It knows the grammar of
//! Prometheus 2.x (selectors, matchers, ranges, subqueries, `offset`, `@`,
//! aggregations with `by`/`without`, binary operators with `bool`, `on`,
//! `ignoring`, `group_left`/`group_right`, the function list with argument
//! types) and reports the first syntax or type error with its byte offset.
//! It accepts where in doubt: full parsing is `promql-lint`'s (the
//! `metrics-macros` tests check the two agree on a corpus).

use std::ops::Range;

/// What an expression evaluates to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Scalar,
    Str,
    Instant,
    Range,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::Scalar => "a scalar",
            Type::Str => "a string",
            Type::Instant => "an instant vector",
            Type::Range => "a range vector",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOp {
    Equal,
    NotEqual,
    Re,
    NotRe,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Re => "=~",
            MatchOp::NotRe => "!~",
        }
    }
}

/// `label op "value"` in a selector.
#[derive(Clone, Debug)]
pub struct Matcher {
    pub label: String,
    pub op: MatchOp,
    pub value: String,
}

/// `name{matchers}`.
#[derive(Clone, Debug)]
pub struct Selector {
    pub name: Option<(String, Range<usize>)>,
    pub matchers: Vec<Matcher>,
}

/// A list of label names after `by`, `without`, `on`, `ignoring`,
/// `group_left` or `group_right`.
#[derive(Clone, Debug)]
pub struct Grouping {
    pub keyword: &'static str,
    pub labels: Vec<(String, Range<usize>)>,
}

/// The parts of an expression the checks against a family read.
#[derive(Clone, Debug)]
pub enum Node {
    Number,
    Str(String),
    Selector(Selector),
    /// A range over a selector or a subquery.
    Range(Box<Node>),
    Paren(Box<Node>),
    Unary(Box<Node>),
    Call {
        name: String,
        args: Vec<Node>,
    },
    Aggregate {
        /// `sum`, `topk`, ...
        op: String,
        grouping: Option<Grouping>,
        param: Option<Box<Node>>,
        expr: Box<Node>,
    },
    Binary {
        lhs: Box<Node>,
        rhs: Box<Node>,
        groupings: Vec<Grouping>,
    },
}

impl Node {
    /// Every selector, in source order.
    pub fn selectors(&self) -> Vec<&Selector> {
        let mut out = Vec::new();
        self.visit(&mut |node| {
            if let Node::Selector(s) = node {
                out.push(s);
            }
        });
        out
    }

    /// Every label list, outermost first.
    pub fn groupings(&self) -> Vec<&Grouping> {
        let mut out = Vec::new();
        self.visit(&mut |node| match node {
            Node::Aggregate {
                grouping: Some(g), ..
            } => out.push(g),
            Node::Binary { groupings, .. } => out.extend(groupings.iter()),
            _ => {}
        });
        out
    }

    /// The labels the expression's series keep, when that is plain from its
    /// outermost aggregation (`sum by (a) (..)`, through parentheses and
    /// arithmetic or a comparison with a number): its `by` labels, and
    /// `count_values`' own. `None` when not known that way (`without`,
    /// `topk`, which keep the series' labels, a selector, two vectors).
    pub fn kept_labels(&self) -> Option<Vec<String>> {
        match self {
            Node::Paren(inner) => inner.kept_labels(),
            Node::Binary {
                lhs,
                rhs,
                groupings,
            } if groupings.is_empty() => match (&**lhs, &**rhs) {
                (vector, Node::Number) | (Node::Number, vector) => vector.kept_labels(),
                _ => None,
            },
            Node::Aggregate {
                op,
                grouping,
                param,
                ..
            } if op != "topk" && op != "bottomk" => {
                let mut kept: Vec<String> = match grouping {
                    None => Vec::new(),
                    Some(g) if g.keyword == "by" => {
                        g.labels.iter().map(|(l, _)| l.clone()).collect()
                    }
                    Some(_) => return None,
                };
                if let Some(Node::Str(label)) = param.as_deref() {
                    kept.push(label.clone());
                }
                Some(kept)
            }
            _ => None,
        }
    }

    /// Labels the expression creates: the destination of `label_replace`
    /// and `label_join`, the label of `count_values`.
    pub fn created_labels(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.visit(&mut |node| match node {
            Node::Call { name, args } if name == "label_replace" || name == "label_join" => {
                if let Some(Node::Str(dst)) = args.get(1) {
                    out.push(dst.clone());
                }
            }
            Node::Aggregate {
                param: Some(param), ..
            } => {
                if let Node::Str(label) = &**param {
                    out.push(label.clone());
                }
            }
            _ => {}
        });
        out
    }

    fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        f(self);
        match self {
            Node::Number | Node::Str(_) | Node::Selector(_) => {}
            Node::Range(inner) | Node::Paren(inner) | Node::Unary(inner) => inner.visit(f),
            Node::Call { args, .. } => args.iter().for_each(|a| a.visit(f)),
            Node::Aggregate { param, expr, .. } => {
                if let Some(p) = param {
                    p.visit(f);
                }
                expr.visit(f);
            }
            Node::Binary { lhs, rhs, .. } => {
                lhs.visit(f);
                rhs.visit(f);
            }
        }
    }
}

/// A syntax or type error at byte `at` of the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub at: usize,
    pub message: String,
}

fn error<T>(at: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error {
        at,
        message: message.into(),
    })
}

/// [`parse_typed`]'s tree alone.
#[cfg(test)]
pub fn parse(text: &str) -> Result<Node, Error> {
    parse_typed(text).map(|(node, _)| node)
}

/// Parses `text` as a PromQL expression: its tree, and the type of what
/// it gives.
pub fn parse_typed(text: &str) -> Result<(Node, Type), Error> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
    };
    if parser.peek().tok == Tok::Eof {
        return error(0, "the expression is empty; write a PromQL expression");
    }
    let (node, ty) = parser.expr(0)?;
    let next = parser.peek();
    if next.tok != Tok::Eof {
        let shown = parser.shown(next);
        return error(
            next.start,
            format!("unexpected {shown} after a complete expression; remove it, or join the two with an operator"),
        );
    }
    Ok((node, ty))
}

// --- Lexer ------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Number,
    Duration,
    Str(String),
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Colon,
    At,
    Op(&'static str),
    Eof,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

fn lex(text: &str) -> Result<Vec<Token>, Error> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut tokens = Vec::new();
    let mut i = 0;
    // Open brackets, to report the unclosed one.
    let mut open: Vec<(char, usize)> = Vec::new();
    while i < chars.len() {
        let (start, c) = chars[i];
        let next = chars.get(i + 1).map(|(_, c)| *c);
        let mut push = |tok: Tok, len: usize, i: &mut usize| {
            tokens.push(Token {
                tok,
                start,
                end: end_of(*i + len),
            });
            *i += len;
        };
        match c {
            c if c.is_whitespace() => i += 1,
            '#' => {
                while i < chars.len() && chars[i].1 != '\n' {
                    i += 1;
                }
            }
            '(' | '{' | '[' => {
                open.push((c, start));
                let tok = match c {
                    '(' => Tok::LParen,
                    '{' => Tok::LBrace,
                    _ => Tok::LBracket,
                };
                push(tok, 1, &mut i);
            }
            ')' | '}' | ']' => {
                let want = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                match open.pop() {
                    Some((o, _)) if o == want => {}
                    Some((o, at)) => {
                        return error(
                            start,
                            format!(
                                "`{c}` closes nothing: `{o}` at column {} is still open; close it with `{}` first",
                                column(text, at),
                                closer(o)
                            ),
                        )
                    }
                    None => {
                        return error(
                            start,
                            format!("`{c}` closes nothing; remove it, or open it with `{want}`"),
                        )
                    }
                }
                let tok = match c {
                    ')' => Tok::RParen,
                    '}' => Tok::RBrace,
                    _ => Tok::RBracket,
                };
                push(tok, 1, &mut i);
            }
            ',' => push(Tok::Comma, 1, &mut i),
            '@' => push(Tok::At, 1, &mut i),
            ':' if !next.is_some_and(|n| is_ident_start(n) || n == ':') => {
                push(Tok::Colon, 1, &mut i)
            }
            '"' | '\'' | '`' => {
                let (value, len) = string(text, &chars, i)?;
                push(Tok::Str(value), len, &mut i);
            }
            '=' if next == Some('=') => push(Tok::Op("=="), 2, &mut i),
            '=' if next == Some('~') => push(Tok::Op("=~"), 2, &mut i),
            '=' => push(Tok::Op("="), 1, &mut i),
            '!' if next == Some('=') => push(Tok::Op("!="), 2, &mut i),
            '!' if next == Some('~') => push(Tok::Op("!~"), 2, &mut i),
            '!' => return error(start, "`!` alone is not an operator; write `!=` or `!~`"),
            '<' if next == Some('=') => push(Tok::Op("<="), 2, &mut i),
            '>' if next == Some('=') => push(Tok::Op(">="), 2, &mut i),
            '<' => push(Tok::Op("<"), 1, &mut i),
            '>' => push(Tok::Op(">"), 1, &mut i),
            '+' => push(Tok::Op("+"), 1, &mut i),
            '-' => push(Tok::Op("-"), 1, &mut i),
            '*' => push(Tok::Op("*"), 1, &mut i),
            '/' => push(Tok::Op("/"), 1, &mut i),
            '%' => push(Tok::Op("%"), 1, &mut i),
            '^' => push(Tok::Op("^"), 1, &mut i),
            c if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) => {
                let (tok, len) = number(&chars, i);
                push(tok, len, &mut i);
            }
            c if is_ident_start(c) || c == ':' => {
                let mut j = i;
                while j < chars.len() && is_ident_char(chars[j].1) {
                    j += 1;
                }
                let word: String = chars[i..j].iter().map(|(_, c)| *c).collect();
                let tok = if word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("nan") {
                    Tok::Number
                } else {
                    Tok::Ident(word)
                };
                let len = j - i;
                push(tok, len, &mut i);
            }
            other => {
                return error(
                    start,
                    format!(
                        "unexpected character `{}`; PromQL has no such token",
                        other.escape_default()
                    ),
                )
            }
        }
    }
    if let Some((o, at)) = open.pop() {
        return error(
            at,
            format!(
                "`{o}` is never closed; add `{}` where its contents end",
                closer(o)
            ),
        );
    }
    tokens.push(Token {
        tok: Tok::Eof,
        start: text.len(),
        end: text.len(),
    });
    Ok(tokens)
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '{' => '}',
        _ => ']',
    }
}

/// The 1-based column, in chars, of byte `at` on its line.
pub fn column(text: &str, at: usize) -> usize {
    let before = &text[..at.min(text.len())];
    before.rsplit('\n').next().unwrap_or("").chars().count() + 1
}

/// The 1-based line of byte `at`.
pub fn line(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// A number (`1`, `0.5`, `1e3`, `0x1F`) or a duration (`5m`, `1h30m`,
/// `100ms`), starting at char `i`: the token and its length in chars.
fn number(chars: &[(usize, char)], i: usize) -> (Tok, usize) {
    let at = |j: usize| chars.get(j).map(|(_, c)| *c);
    let mut j = i;
    if at(j) == Some('0') && matches!(at(j + 1), Some('x' | 'X')) {
        j += 2;
        while at(j).is_some_and(|c| c.is_ascii_hexdigit()) {
            j += 1;
        }
        return (Tok::Number, j - i);
    }
    while at(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    // A duration: digits and units, repeated (`1h30m`).
    if at(j).is_some_and(|c| "smhdwy".contains(c)) {
        let mut k = j;
        loop {
            match at(k) {
                Some('m') if at(k + 1) == Some('s') => k += 2,
                Some(c) if "smhdwy".contains(c) => k += 1,
                _ => break,
            }
            let digits = k;
            while at(k).is_some_and(|c| c.is_ascii_digit()) {
                k += 1;
            }
            if k == digits {
                break;
            }
        }
        return (Tok::Duration, k - i);
    }
    if at(j) == Some('.') {
        j += 1;
        while at(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
    }
    if matches!(at(j), Some('e' | 'E')) {
        let mut k = j + 1;
        if matches!(at(k), Some('+' | '-')) {
            k += 1;
        }
        if at(k).is_some_and(|c| c.is_ascii_digit()) {
            while at(k).is_some_and(|c| c.is_ascii_digit()) {
                k += 1;
            }
            j = k;
        }
    }
    (Tok::Number, j - i)
}

/// A quoted string starting at char `i`: its value and its length in chars.
fn string(text: &str, chars: &[(usize, char)], i: usize) -> Result<(String, usize), Error> {
    let (start, quote) = chars[i];
    let mut value = String::new();
    let mut j = i + 1;
    while j < chars.len() {
        let (at, c) = chars[j];
        if c == quote {
            return Ok((value, j + 1 - i));
        }
        if c == '\n' && quote != '`' {
            break;
        }
        if c == '\\' && quote != '`' {
            let Some(&(_, escaped)) = chars.get(j + 1) else {
                break;
            };
            let simple = match escaped {
                'a' => Some('\u{7}'),
                'b' => Some('\u{8}'),
                'f' => Some('\u{c}'),
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                'v' => Some('\u{b}'),
                '\\' => Some('\\'),
                c if c == quote => Some(c),
                _ => None,
            };
            if let Some(c) = simple {
                value.push(c);
                j += 2;
                continue;
            }
            let digits = match escaped {
                'x' => 2,
                'u' => 4,
                'U' => 8,
                '0'..='7' => 3,
                _ => {
                    return error(
                        at,
                        format!(
                        "unknown escape `\\{escaped}` in a string; write `\\\\` for a backslash"
                    ),
                    )
                }
            };
            let (first, radix) = if escaped.is_ascii_digit() {
                (j + 1, 8)
            } else {
                (j + 2, 16)
            };
            let code: String = chars
                .iter()
                .skip(first)
                .take(digits)
                .map(|(_, c)| *c)
                .collect();
            let decoded = (code.chars().count() == digits)
                .then(|| u32::from_str_radix(&code, radix).ok())
                .flatten()
                .and_then(char::from_u32);
            match decoded {
                Some(c) => value.push(c),
                None => {
                    return error(
                        at,
                        format!("invalid escape `\\{escaped}{code}` in a string"),
                    )
                }
            }
            j = first + digits;
            continue;
        }
        value.push(c);
        j += 1;
    }
    let _ = text;
    error(
        start,
        format!("the string opened by `{quote}` here is never closed; end it with `{quote}` on the same line"),
    )
}

// --- Grammar ----------------------------------------------------------------

/// The aggregation operators of Prometheus 2.x, and whether they take a
/// parameter before the vector (and of which type).
const AGGREGATIONS: &[(&str, Option<Type>)] = &[
    ("sum", None),
    ("min", None),
    ("max", None),
    ("avg", None),
    ("group", None),
    ("stddev", None),
    ("stdvar", None),
    ("count", None),
    ("count_values", Some(Type::Str)),
    ("bottomk", Some(Type::Scalar)),
    ("topk", Some(Type::Scalar)),
    ("quantile", Some(Type::Scalar)),
];

use Type::{Instant as V, Range as M, Scalar as S, Str as Q};

/// A function: its arguments, how many of the last may be left out (or
/// `usize::MAX` for a variadic last argument that may repeat), and what it
/// returns. Prometheus 2.42's list.
const FUNCTIONS: &[(&str, &[Type], usize, Type)] = &[
    ("abs", &[V], 0, V),
    ("absent", &[V], 0, V),
    ("absent_over_time", &[M], 0, V),
    ("acos", &[V], 0, V),
    ("acosh", &[V], 0, V),
    ("asin", &[V], 0, V),
    ("asinh", &[V], 0, V),
    ("atan", &[V], 0, V),
    ("atanh", &[V], 0, V),
    ("avg_over_time", &[M], 0, V),
    ("ceil", &[V], 0, V),
    ("changes", &[M], 0, V),
    ("clamp", &[V, S, S], 0, V),
    ("clamp_max", &[V, S], 0, V),
    ("clamp_min", &[V, S], 0, V),
    ("cos", &[V], 0, V),
    ("cosh", &[V], 0, V),
    ("count_over_time", &[M], 0, V),
    ("day_of_month", &[V], 1, V),
    ("day_of_week", &[V], 1, V),
    ("day_of_year", &[V], 1, V),
    ("days_in_month", &[V], 1, V),
    ("deg", &[V], 0, V),
    ("delta", &[M], 0, V),
    ("deriv", &[M], 0, V),
    ("exp", &[V], 0, V),
    ("floor", &[V], 0, V),
    ("histogram_count", &[V], 0, V),
    ("histogram_fraction", &[S, S, V], 0, V),
    ("histogram_quantile", &[S, V], 0, V),
    ("histogram_sum", &[V], 0, V),
    ("holt_winters", &[M, S, S], 0, V),
    ("hour", &[V], 1, V),
    ("idelta", &[M], 0, V),
    ("increase", &[M], 0, V),
    ("irate", &[M], 0, V),
    ("label_join", &[V, Q, Q, Q], usize::MAX, V),
    ("label_replace", &[V, Q, Q, Q, Q], 0, V),
    ("last_over_time", &[M], 0, V),
    ("ln", &[V], 0, V),
    ("log10", &[V], 0, V),
    ("log2", &[V], 0, V),
    ("max_over_time", &[M], 0, V),
    ("min_over_time", &[M], 0, V),
    ("minute", &[V], 1, V),
    ("month", &[V], 1, V),
    ("pi", &[], 0, S),
    ("predict_linear", &[M, S], 0, V),
    ("present_over_time", &[M], 0, V),
    ("quantile_over_time", &[S, M], 0, V),
    ("rad", &[V], 0, V),
    ("rate", &[M], 0, V),
    ("resets", &[M], 0, V),
    ("round", &[V, S], 1, V),
    ("scalar", &[V], 0, S),
    ("sgn", &[V], 0, V),
    ("sin", &[V], 0, V),
    ("sinh", &[V], 0, V),
    ("sort", &[V], 0, V),
    ("sort_desc", &[V], 0, V),
    ("sqrt", &[V], 0, V),
    ("stddev_over_time", &[M], 0, V),
    ("stdvar_over_time", &[M], 0, V),
    ("sum_over_time", &[M], 0, V),
    ("tan", &[V], 0, V),
    ("tanh", &[V], 0, V),
    ("time", &[], 0, S),
    ("timestamp", &[V], 0, V),
    ("vector", &[S], 0, V),
    ("year", &[V], 1, V),
];

/// Binary operators by precedence, lowest first.
fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "or" => 1,
        "and" | "unless" => 2,
        "==" | "!=" | "<=" | "<" | ">=" | ">" => 3,
        "+" | "-" => 4,
        "*" | "/" | "%" | "atan2" => 5,
        "^" => 6,
        _ => return None,
    })
}

fn is_comparison(op: &str) -> bool {
    matches!(op, "==" | "!=" | "<=" | "<" | ">=" | ">")
}

fn is_set_op(op: &str) -> bool {
    matches!(op, "and" | "or" | "unless")
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        &self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)]
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    /// The token as shown in messages: "`sum`", "the end of the expression".
    fn shown(&self, token: &Token) -> String {
        match token.tok {
            Tok::Eof => "the end of the expression".to_owned(),
            _ => format!("`{}`", &self.text[token.start..token.end]),
        }
    }

    fn expect(&mut self, tok: Tok, what: &str) -> Result<Token, Error> {
        let next = self.peek().clone();
        if next.tok == tok {
            return Ok(self.bump());
        }
        let shown = self.shown(&next);
        error(next.start, format!("expected {what}, found {shown}"))
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(w) if w == word)
    }

    fn binary_op(&self) -> Option<&'static str> {
        match &self.peek().tok {
            Tok::Op(op) if precedence(op).is_some() => Some(op),
            Tok::Ident(w) => ["and", "or", "unless", "atan2"]
                .into_iter()
                .find(|k| k == w),
            _ => None,
        }
    }

    /// Precedence climbing: an operand, then operators of precedence `min`
    /// or more with their right operands.
    fn expr(&mut self, min: u8) -> Result<(Node, Type), Error> {
        let (mut lhs, mut lt) = self.unary()?;
        while let Some(op) = self.binary_op() {
            let prec = precedence(op).unwrap_or(0);
            if prec < min {
                break;
            }
            let op_token = self.bump();
            let mut groupings = Vec::new();
            let mut bool_modifier = false;
            if self.is_word("bool") {
                let b = self.bump();
                if !is_comparison(op) {
                    return error(
                        b.start,
                        format!("`bool` applies to comparisons only, not to `{op}`; remove it"),
                    );
                }
                bool_modifier = true;
            }
            for keyword in ["on", "ignoring"] {
                if self.is_word(keyword) {
                    let k = self.bump();
                    groupings.push(self.label_list(keyword, k.start)?);
                    break;
                }
            }
            for keyword in ["group_left", "group_right"] {
                if self.is_word(keyword) {
                    let k = self.bump();
                    if is_set_op(op) {
                        return error(
                            k.start,
                            format!("`{keyword}` does not apply to `{op}`, which matches many-to-many; remove it"),
                        );
                    }
                    if groupings.is_empty() {
                        return error(
                            k.start,
                            format!("`{keyword}` needs `on(...)` or `ignoring(...)` before it, e.g. `/ ignoring(protocol) {keyword}`"),
                        );
                    }
                    if self.peek().tok == Tok::LParen {
                        groupings.push(self.label_list(keyword, k.start)?);
                    } else {
                        groupings.push(Grouping {
                            keyword,
                            labels: Vec::new(),
                        });
                    }
                    break;
                }
            }
            // `^` is right-associative, the others left-associative.
            let next_min = if op == "^" { prec } else { prec + 1 };
            let (rhs, rt) = self.expr(next_min)?;
            let t = binary_type(
                op,
                lt,
                rt,
                bool_modifier,
                !groupings.is_empty(),
                op_token.start,
            )?;
            lhs = Node::Binary {
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                groupings,
            };
            lt = t;
        }
        Ok((lhs, lt))
    }

    fn unary(&mut self) -> Result<(Node, Type), Error> {
        if let Tok::Op(op @ ("+" | "-")) = self.peek().tok {
            let t = self.bump();
            let (inner, ty) = self.unary()?;
            if !matches!(ty, Type::Scalar | Type::Instant) {
                return error(
                    t.start,
                    format!(
                        "unary `{op}` applies to a scalar or an instant vector, not to {}",
                        ty.name()
                    ),
                );
            }
            return Ok((Node::Unary(Box::new(inner)), ty));
        }
        let (node, ty) = self.primary()?;
        self.postfix(node, ty)
    }

    /// Ranges, subqueries, `offset` and `@` after an operand.
    fn postfix(&mut self, mut node: Node, mut ty: Type) -> Result<(Node, Type), Error> {
        loop {
            match self.peek().tok {
                Tok::LBracket => {
                    let open = self.bump();
                    self.duration("a range such as `[5m]`")?;
                    let subquery = self.peek().tok == Tok::Colon;
                    if subquery {
                        self.bump();
                        if self.peek().tok == Tok::Duration {
                            self.bump();
                        }
                    }
                    self.expect(Tok::RBracket, "`]` after the range")?;
                    let plain_selector = matches!(node, Node::Selector(_));
                    if !subquery && !plain_selector {
                        return error(
                            open.start,
                            "a range `[...]` applies to a series selector such as `x[5m]`; for an expression, write a subquery `(...)[5m:1m]`",
                        );
                    }
                    if subquery && ty != Type::Instant {
                        return error(
                            open.start,
                            format!("a subquery reads an instant vector, not {}", ty.name()),
                        );
                    }
                    node = Node::Range(Box::new(node));
                    ty = Type::Range;
                }
                _ if self.is_word("offset") => {
                    let t = self.bump();
                    if !offsettable(&node) {
                        return error(
                            t.start,
                            "`offset` applies to a series selector, a range or a subquery; put it right after one, e.g. `rate(x[5m] offset 1h)`",
                        );
                    }
                    if let Tok::Op("-" | "+") = self.peek().tok {
                        self.bump();
                    }
                    self.duration("a duration such as `offset 1h`")?;
                }
                Tok::At => {
                    let t = self.bump();
                    if !offsettable(&node) {
                        return error(
                            t.start,
                            "`@` applies to a series selector, a range or a subquery; put it right after one",
                        );
                    }
                    if let Tok::Op("-" | "+") = self.peek().tok {
                        self.bump();
                    }
                    let next = self.peek().clone();
                    match &next.tok {
                        Tok::Number => {
                            self.bump();
                        }
                        Tok::Ident(w) if w == "start" || w == "end" => {
                            self.bump();
                            self.expect(Tok::LParen, "`(` after `start`/`end`")?;
                            self.expect(Tok::RParen, "`)`")?;
                        }
                        _ => {
                            let shown = self.shown(&next);
                            return error(
                                next.start,
                                format!("expected a timestamp, `start()` or `end()` after `@`, found {shown}"),
                            );
                        }
                    }
                }
                _ => return Ok((node, ty)),
            }
        }
    }

    fn duration(&mut self, what: &str) -> Result<(), Error> {
        let next = self.peek().clone();
        match next.tok {
            Tok::Duration => {
                let text = &self.text[next.start..next.end];
                if !valid_duration(text) {
                    return error(
                        next.start,
                        format!("`{text}` is not a duration: units go from largest to smallest, each once (`1h30m`), among `y`, `w`, `d`, `h`, `m`, `s`, `ms`"),
                    );
                }
                self.bump();
                Ok(())
            }
            Tok::Number => {
                let text = &self.text[next.start..next.end];
                error(
                    next.start,
                    format!(
                        "`{text}` has no unit; write a duration such as `{text}m` or `{text}s`"
                    ),
                )
            }
            _ => {
                let shown = self.shown(&next);
                error(next.start, format!("expected {what}, found {shown}"))
            }
        }
    }

    fn primary(&mut self) -> Result<(Node, Type), Error> {
        let token = self.peek().clone();
        match &token.tok {
            Tok::Number => {
                self.bump();
                Ok((Node::Number, Type::Scalar))
            }
            Tok::Duration => {
                let text = &self.text[token.start..token.end];
                error(
                    token.start,
                    format!("`{text}` is a duration, which belongs in a range `[{text}]` or after `offset`; write a number here"),
                )
            }
            Tok::Str(s) => {
                let s = s.clone();
                self.bump();
                Ok((Node::Str(s), Type::Str))
            }
            Tok::LParen => {
                self.bump();
                let (inner, ty) = self.expr(0)?;
                self.expect(Tok::RParen, "`)`")?;
                Ok((Node::Paren(Box::new(inner)), ty))
            }
            Tok::LBrace => {
                let selector = self.selector(None, token.start)?;
                Ok((Node::Selector(selector), Type::Instant))
            }
            Tok::Ident(word) => {
                let word = word.clone();
                let next = &self.peek_at(1).tok;
                let opens = *next == Tok::LParen
                    || matches!(next, Tok::Ident(w) if w == "by" || w == "without");
                if let Some((_, param)) = AGGREGATIONS.iter().find(|(a, _)| *a == word) {
                    if opens {
                        return self.aggregation(*param);
                    }
                }
                if *next == Tok::LParen && !word.contains(':') {
                    return self.call(&word, token.start);
                }
                // Otherwise a series, whatever the word: Prometheus lets a
                // metric be called `sum` or `by`.
                self.bump();
                let name = Some((word, token.start..token.end));
                let selector = if self.peek().tok == Tok::LBrace {
                    self.selector(name, token.start)?
                } else {
                    Selector {
                        name,
                        matchers: Vec::new(),
                    }
                };
                Ok((Node::Selector(selector), Type::Instant))
            }
            _ => {
                let shown = self.shown(&token);
                error(
                    token.start,
                    format!("expected an expression (a series, a number, a function or `(`), found {shown}"),
                )
            }
        }
    }

    fn selector(
        &mut self,
        name: Option<(String, Range<usize>)>,
        start: usize,
    ) -> Result<Selector, Error> {
        self.expect(Tok::LBrace, "`{`")?;
        let mut matchers = Vec::new();
        loop {
            let next = self.peek().clone();
            if next.tok == Tok::RBrace {
                self.bump();
                break;
            }
            let label = match &next.tok {
                Tok::Ident(w) if !w.contains(':') => w.clone(),
                _ => {
                    let shown = self.shown(&next);
                    return error(
                        next.start,
                        format!("expected a label name in `{{...}}`, found {shown}; write `label=\"value\"`"),
                    );
                }
            };
            self.bump();
            let op_token = self.peek().clone();
            let op = match op_token.tok {
                Tok::Op("=") => MatchOp::Equal,
                Tok::Op("!=") => MatchOp::NotEqual,
                Tok::Op("=~") => MatchOp::Re,
                Tok::Op("!~") => MatchOp::NotRe,
                Tok::Op("==") => {
                    return error(
                        op_token.start,
                        "a matcher takes `=`, not `==`; write `label=\"value\"`",
                    )
                }
                _ => {
                    let shown = self.shown(&op_token);
                    return error(
                        op_token.start,
                        format!("expected `=`, `!=`, `=~` or `!~` after `{label}`, found {shown}"),
                    );
                }
            };
            self.bump();
            let value_token = self.peek().clone();
            let Tok::Str(value) = &value_token.tok else {
                let shown = self.shown(&value_token);
                return error(
                    value_token.start,
                    format!(
                        "a label value is a quoted string; write `{label}{}\"...\"`, not {shown}",
                        op.as_str()
                    ),
                );
            };
            let value = value.clone();
            self.bump();
            matchers.push(Matcher { label, op, value });
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RBrace => {}
                _ => {
                    let t = self.peek().clone();
                    let shown = self.shown(&t);
                    return error(
                        t.start,
                        format!("expected `,` or `}}` after a matcher, found {shown}"),
                    );
                }
            }
        }
        if name.is_none() && matchers.is_empty() {
            return error(
                start,
                "`{}` selects nothing; name a series, e.g. `x{job=\"node\"}`",
            );
        }
        Ok(Selector { name, matchers })
    }

    fn label_list(&mut self, keyword: &'static str, at: usize) -> Result<Grouping, Error> {
        if self.peek().tok != Tok::LParen {
            let next = self.peek().clone();
            let shown = self.shown(&next);
            return error(
                at,
                format!("`{keyword}` takes a list of label names in parentheses, e.g. `{keyword} (protocol)`; found {shown}"),
            );
        }
        self.bump();
        let mut labels = Vec::new();
        loop {
            let next = self.peek().clone();
            match &next.tok {
                Tok::RParen => {
                    self.bump();
                    break;
                }
                Tok::Ident(w) if !w.contains(':') => {
                    labels.push((w.clone(), next.start..next.end));
                    self.bump();
                }
                _ => {
                    let shown = self.shown(&next);
                    return error(
                        next.start,
                        format!("expected a label name in `{keyword} (...)`, found {shown}"),
                    );
                }
            }
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RParen => {}
                _ => {
                    let t = self.peek().clone();
                    let shown = self.shown(&t);
                    return error(
                        t.start,
                        format!("expected `,` or `)` in `{keyword} (...)`, found {shown}"),
                    );
                }
            }
        }
        Ok(Grouping { keyword, labels })
    }

    fn aggregation(&mut self, param: Option<Type>) -> Result<(Node, Type), Error> {
        let op_token = self.bump();
        let op = &self.text[op_token.start..op_token.end];
        let op = op.to_owned();
        let mut grouping = None;
        for keyword in ["by", "without"] {
            if self.is_word(keyword) {
                let k = self.bump();
                grouping = Some(self.label_list(keyword, k.start)?);
            }
        }
        if self.peek().tok != Tok::LParen {
            let next = self.peek().clone();
            let shown = self.shown(&next);
            return error(
                next.start,
                format!("`{op}` takes its vector in parentheses, e.g. `{op}(rate(x[5m]))`; found {shown}"),
            );
        }
        let open = self.bump();
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                args.push(self.expr(0)?);
                if self.peek().tok == Tok::Comma {
                    self.bump();
                    continue;
                }
                break;
            }
        }
        self.expect(Tok::RParen, "`)` closing the aggregation")?;
        if grouping.is_none() {
            for keyword in ["by", "without"] {
                if self.is_word(keyword) {
                    let k = self.bump();
                    grouping = Some(self.label_list(keyword, k.start)?);
                }
            }
        }
        let want = if param.is_some() { 2 } else { 1 };
        if args.len() != want {
            let form = match param {
                Some(Type::Str) => format!("`{op}(\"label\", vector)`"),
                Some(_) => format!("`{op}(5, vector)`"),
                None => format!("`{op}(vector)`"),
            };
            return error(
                open.start,
                format!(
                    "`{op}` takes {want} argument{}, found {}; write {form}",
                    if want == 1 { "" } else { "s" },
                    args.len()
                ),
            );
        }
        let (expr, ty) = args.pop().unwrap_or((Node::Number, Type::Scalar));
        if ty != Type::Instant {
            return error(
                op_token.start,
                format!(
                    "`{op}` aggregates an instant vector, not {}{}",
                    ty.name(),
                    range_hint(ty)
                ),
            );
        }
        let param = match (param, args.pop()) {
            (Some(want), Some((node, got))) => {
                if got != want {
                    return error(
                        open.start,
                        format!(
                            "the first argument of `{op}` must be {}, and here it is {}",
                            want.name(),
                            got.name()
                        ),
                    );
                }
                Some(Box::new(node))
            }
            _ => None,
        };
        Ok((
            Node::Aggregate {
                op,
                grouping,
                param,
                expr: Box::new(expr),
            },
            Type::Instant,
        ))
    }

    fn call(&mut self, name: &str, at: usize) -> Result<(Node, Type), Error> {
        let Some((_, params, optional, returns)) = FUNCTIONS.iter().find(|(f, ..)| *f == name)
        else {
            let names: Vec<&str> = FUNCTIONS
                .iter()
                .map(|(f, ..)| *f)
                .chain(AGGREGATIONS.iter().map(|(a, _)| *a))
                .collect();
            let hint = match crate::names::closest(name, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "see the PromQL function list".to_owned(),
            };
            return error(at, format!("unknown function `{name}`; {hint}"));
        };
        self.bump();
        self.expect(Tok::LParen, "`(`")?;
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                let start = self.peek().start;
                let (node, ty) = self.expr(0)?;
                args.push((node, ty, start));
                if self.peek().tok == Tok::Comma {
                    self.bump();
                    continue;
                }
                break;
            }
        }
        self.expect(Tok::RParen, "`)` closing the call")?;
        let variadic = *optional == usize::MAX;
        let min = if variadic {
            params.len() - 1
        } else {
            params.len() - optional
        };
        let count_ok = if variadic {
            args.len() >= min
        } else {
            (min..=params.len()).contains(&args.len())
        };
        if !count_ok {
            let expected = if variadic {
                format!("at least {min}")
            } else if min == params.len() {
                format!("{min}")
            } else {
                format!("{min} to {}", params.len())
            };
            return error(
                at,
                format!(
                    "`{name}()` takes {expected} argument{}, found {}",
                    if expected == "1" { "" } else { "s" },
                    args.len()
                ),
            );
        }
        for (i, (_, ty, start)) in args.iter().enumerate() {
            let want = params[i.min(params.len() - 1)];
            if *ty != want {
                let hint = match (want, ty) {
                    (Type::Range, Type::Instant) => {
                        format!("; give it a range, e.g. `{name}(x[5m])`")
                    }
                    _ => range_hint(*ty).to_owned(),
                };
                return error(
                    *start,
                    format!(
                        "argument {} of `{name}()` must be {}, and here it is {}{hint}",
                        i + 1,
                        want.name(),
                        ty.name()
                    ),
                );
            }
        }
        let args = args.into_iter().map(|(node, ..)| node).collect();
        Ok((
            Node::Call {
                name: name.to_owned(),
                args,
            },
            *returns,
        ))
    }
}

fn range_hint(ty: Type) -> &'static str {
    if ty == Type::Range {
        "; wrap the range in a function such as `rate()`"
    } else {
        ""
    }
}

fn offsettable(node: &Node) -> bool {
    matches!(node, Node::Selector(_) | Node::Range(_))
}

fn binary_type(
    op: &str,
    lt: Type,
    rt: Type,
    bool_modifier: bool,
    matching: bool,
    at: usize,
) -> Result<Type, Error> {
    for ty in [lt, rt] {
        if !matches!(ty, Type::Scalar | Type::Instant) {
            return error(
                at,
                format!(
                    "`{op}` takes scalars and instant vectors, not {}{}",
                    ty.name(),
                    range_hint(ty)
                ),
            );
        }
    }
    if is_set_op(op) && (lt != Type::Instant || rt != Type::Instant) {
        return error(
            at,
            format!("`{op}` joins two instant vectors; neither side may be a scalar"),
        );
    }
    if matching && (lt != Type::Instant || rt != Type::Instant) {
        return error(
            at,
            "`on`/`ignoring` match two instant vectors; one side here is a scalar, remove the modifier",
        );
    }
    if is_comparison(op) && lt == Type::Scalar && rt == Type::Scalar && !bool_modifier {
        return error(
            at,
            format!("comparing two scalars needs `bool`: write `{op} bool`"),
        );
    }
    Ok(if lt == Type::Scalar && rt == Type::Scalar {
        Type::Scalar
    } else {
        Type::Instant
    })
}

/// A Prometheus duration: `5m`, `1h30m`, `100ms`, `0`; units from largest to
/// smallest, each at most once.
pub fn valid_duration(text: &str) -> bool {
    const UNITS: [&str; 7] = ["y", "w", "d", "h", "m", "s", "ms"];
    if text == "0" {
        return true;
    }
    let mut rest = text;
    let mut last = None;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = if rest.starts_with("ms") {
            "ms"
        } else {
            match rest.chars().next() {
                Some(c) => match UNITS.iter().find(|u| u.starts_with(c) && u.len() == 1) {
                    Some(u) => u,
                    None => return false,
                },
                None => return false,
            }
        };
        let index = UNITS.iter().position(|u| *u == unit).unwrap_or(0);
        if last.is_some_and(|l| index <= l) {
            return false;
        }
        last = Some(index);
        rest = &rest[unit.len()..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_labels_are_the_outermost_aggregation_s() {
        let kept = |e: &str| parse(e).unwrap().kept_labels();
        let owned = |l: &[&str]| Some(l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(kept("sum(rate(x[5m])) > 0"), owned(&[]));
        assert_eq!(
            kept("(sum by (a, instance) (x)) * 100 > 5"),
            owned(&["a", "instance"])
        );
        assert_eq!(kept("count_values(\"v\", x)"), owned(&["v"]));
        assert_eq!(kept("0 < max by (job) (x)"), owned(&["job"]));
        for unknown in [
            "x > 0",
            "topk(3, x)",
            "sum without (a) (x)",
            "sum(x) / sum(y)",
            "rate(x[5m]) > 0",
        ] {
            assert_eq!(kept(unknown), None, "{unknown}");
        }
    }

    /// Expressions Prometheus accepts: each must parse here too (and, in
    /// `agrees_with_promql_parser`, there).
    pub(crate) const VALID: &[&str] = &[
        "up",
        "sync_attempts_total",
        "job:requests:rate5m",
        r#"sync_successes_total{protocol=~".*"}"#,
        r#"sum(rate(sync_successes_total{protocol=~".*"}[5m])) by (protocol) / sum(rate(sync_attempts_total{protocol=~".*"}[5m])) by (protocol)"#,
        "sum(rate(sync_failures_total[5m])) by (protocol) > 0.1",
        "histogram_quantile(0.99, sum(rate(sync_duration_seconds_bucket[5m])) by (le, protocol))",
        "increase(sync_verification_failures_total[5m]) > 0",
        "network_event_channel_depth / 1000",
        "topk(5, rate(execution_count[5m]))",
        r#"sum(rate(execution_duration_seconds_bucket{le="32"}[5m])) by (context_id)
- sum(rate(execution_duration_seconds_bucket{le="1024"}[5m])) by (context_id)"#,
        "sum(rate(sync_protocol_selections_total[5m])) by (protocol) / ignoring(protocol) group_left sum(rate(sync_protocol_selections_total[5m]))",
        r#"increase(context_group_store_self_purge_failures_total{class="signing_key"}[15m]) > 0"#,
        "sum by (protocol) (rate(x_total[5m]))",
        "sum without (instance) (x)",
        "count_values(\"version\", build_info)",
        "quantile(0.9, x)",
        "x offset 5m",
        "rate(x[5m] offset 1h)",
        "rate(x[5m] offset -1h)",
        "x @ 1609746000",
        "x @ start()",
        "max_over_time(rate(x[1m])[1h:5m])",
        "max_over_time(rate(x[1m])[1h:])",
        "a > bool 1",
        "1 > bool 2",
        "a and on(job) b",
        "a unless ignoring(instance) b",
        "a * on(job) group_left(version) b",
        "a / on(job) group_right b",
        "-a",
        "- - a",
        "2 ^ 3 ^ 2",
        "a atan2 b",
        "vector(1)",
        "time() - x",
        "absent(x{job=\"a\"})",
        "label_replace(x, \"dst\", \"$1\", \"src\", \"(.*)\")",
        "label_join(x, \"dst\", \",\", \"a\", \"b\", \"c\")",
        "round(x)",
        "round(x, 0.5)",
        "day_of_week()",
        "clamp(x, 0, 1)",
        "x{a=\"b\",}",
        "{__name__=\"x\"}",
        "x # a comment\n> 0",
        "0x1F + 1e3 + .5 + Inf - NaN",
        "x[1h30m]",
        "x[100ms]",
        "x[5m:1m]",
        "'single' ",
        "`raw string`",
        "x{a=\"\\\"quoted\\\"\"}",
        "sum(x) by (le) > 0",
        "(a + b) / c",
        "a == b",
        "a % 2 == 0",
        "x != 0",
        "by",
        "sum",
        "sum > 0",
        "a - b - (c + d)",
    ];

    /// Expressions Prometheus rejects, and a word the error must contain.
    pub(crate) const INVALID: &[(&str, &str)] = &[
        ("", "empty"),
        ("sum(rate(x[5m])", "never closed"),
        ("rate(x[5m]))", "closes nothing"),
        ("x{a=\"b\"]", "still open"),
        ("incrase(x[5m]) > 0", "did you mean `increase`"),
        ("rate(x)", "give it a range"),
        ("x[5m] > 0", "wrap the range"),
        ("sum(x[5m])", "not a range vector"),
        ("x[5]", "no unit"),
        ("x[5m", "never closed"),
        ("x{a=b}", "quoted string"),
        ("x{a==\"b\"}", "not `==`"),
        ("x > ", "expected an expression"),
        ("> 0", "expected an expression"),
        ("x y", "after a complete expression"),
        ("1 > 2", "needs `bool`"),
        ("a + bool b", "comparisons only"),
        ("a and 1", "neither side"),
        ("a or on(job) group_left b", "does not apply"),
        ("a * group_left b", "needs `on(...)`"),
        ("sum(x) offset 5m", "`offset` applies"),
        ("(x)[5m]", "subquery"),
        ("x[5m][1h:1m]", "instant vector"),
        ("rate(x[5m])[5m]", "subquery"),
        ("topk(x)", "takes 2 arguments"),
        ("sum by protocol (x)", "in parentheses"),
        ("\"unterminated", "never closed"),
        ("x{a=\"\\q\"}", "unknown escape"),
        ("x[5m1h]", "largest to smallest"),
        ("histogram_quantile(x)", "takes 2 arguments"),
        ("x ! y", "`!` alone"),
        ("x $ y", "unexpected character"),
        ("{}", "selects nothing"),
        ("x > 5m", "duration"),
    ];

    #[test]
    fn valid_expressions_parse() {
        for text in VALID {
            if let Err(e) = parse(text) {
                panic!("{text:?}: {e:?}");
            }
        }
    }

    #[test]
    fn invalid_expressions_are_errors_with_their_reason() {
        for (text, reason) in INVALID {
            match parse(text) {
                Ok(node) => panic!("{text:?} parsed: {node:?}"),
                Err(e) => assert!(
                    e.message.contains(reason),
                    "{text:?}: {:?} lacks {reason:?}",
                    e.message
                ),
            }
        }
    }

    /// The full parser the lint uses (a dev-dependency: never in a user's
    /// build) agrees on both lists.
    #[test]
    fn agrees_with_promql_parser() {
        for text in VALID {
            assert!(
                promql_parser::parser::parse(text).is_ok(),
                "promql-parser rejects {text:?}: {:?}",
                promql_parser::parser::parse(text).err()
            );
        }
        // Prometheus 3 reads a bare number as seconds in a range and allows
        // a duration as a number, and promql-parser 0.11 follows it;
        // Prometheus 2 rejects both (`agrees_with_promtool` shows it), and so
        // does this parser.
        const PROMETHEUS_3_ONLY: &[&str] = &["x[5]", "x > 5m"];
        for (text, _) in INVALID
            .iter()
            .filter(|(t, _)| !PROMETHEUS_3_ONLY.contains(t))
        {
            assert!(
                promql_parser::parser::parse(text).is_err(),
                "promql-parser accepts {text:?}"
            );
        }
    }

    /// Prometheus 2.42's own parser, through `promtool check rules`, agrees
    /// on both lists: every valid expression loads as a recording rule,
    /// every invalid one is refused. Skipped without promtool unless
    /// `METRICS_EXTERNAL_PARSERS=require`.
    #[test]
    fn agrees_with_promtool() {
        let Some(promtool) = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
        else {
            assert!(
                std::env::var("METRICS_EXTERNAL_PARSERS").as_deref() != Ok("require"),
                "promtool is missing and METRICS_EXTERNAL_PARSERS=require is set"
            );
            eprintln!("notice: promtool is missing; skipping");
            return;
        };
        let dir =
            std::env::temp_dir().join(format!("metrics-macros-promql-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = |name: &str, exprs: &[&str]| {
            let mut yaml = String::from("groups:\n- name: corpus\n  rules:\n");
            for e in exprs {
                let quoted = format!("{e:?}").replace("\\'", "'");
                yaml.push_str(&format!("  - record: r\n    expr: {quoted}\n"));
            }
            let path = dir.join(name);
            std::fs::write(&path, yaml).unwrap();
            let out = std::process::Command::new(promtool)
                .args(["check", "rules"])
                .arg(&path)
                .output()
                .unwrap();
            (
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).into_owned()
                    + &String::from_utf8_lossy(&out.stderr),
            )
        };
        let (ok, out) = file("valid.yml", VALID);
        assert!(ok, "promtool refuses a valid expression: {out}");
        for (i, (text, _)) in INVALID.iter().enumerate() {
            let (ok, out) = file(&format!("invalid-{i}.yml"), &[text]);
            assert!(!ok, "promtool accepts {text:?}: {out}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn selectors_and_groupings_are_found() {
        let node = parse(
            r#"sum by (protocol) (rate(sync_failures_total{protocol="snapshot"}[5m])) / ignoring(protocol) group_left sum(rate(sync_attempts_total[5m]))"#,
        )
        .unwrap();
        let names: Vec<&str> = node
            .selectors()
            .iter()
            .filter_map(|s| s.name.as_ref().map(|(n, _)| n.as_str()))
            .collect();
        assert_eq!(names, ["sync_failures_total", "sync_attempts_total"]);
        let selectors = node.selectors();
        let m = &selectors[0].matchers[0];
        assert_eq!(
            (m.label.as_str(), m.op, m.value.as_str()),
            ("protocol", MatchOp::Equal, "snapshot")
        );
        let groups: Vec<(&str, Vec<&str>)> = node
            .groupings()
            .iter()
            .map(|g| {
                (
                    g.keyword,
                    g.labels.iter().map(|(l, _)| l.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("ignoring", vec!["protocol"]),
                ("group_left", vec![]),
                ("by", vec!["protocol"])
            ]
        );
    }

    /// No input panics the parser: every prefix and every one-char deletion
    /// of the valid corpus, and strings drawn from PromQL's characters.
    #[test]
    fn no_input_panics() {
        let mut inputs: Vec<String> = Vec::new();
        for text in VALID {
            let chars: Vec<char> = text.chars().collect();
            for i in 0..=chars.len() {
                inputs.push(chars[..i].iter().collect());
                let mut dropped = chars.clone();
                if i < dropped.len() {
                    dropped.remove(i);
                    inputs.push(dropped.into_iter().collect());
                }
            }
        }
        let alphabet: Vec<char> = "ab_:09.5em(){}[],=!~<>+-*/%^@\"'`\\# \nxé"
            .chars()
            .collect();
        let mut state: u64 = 0x5EED;
        for _ in 0..20_000 {
            let mut s = String::new();
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (state >> 59) as usize;
            for _ in 0..len {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            inputs.push(s);
        }
        for input in &inputs {
            if let Err(e) = std::panic::catch_unwind(|| parse(input)) {
                panic!("{input:?} panics the parser: {e:?}");
            }
            if let Err(e) = parse(input) {
                assert!(e.at <= input.len(), "{input:?}: {e:?}");
                assert!(input.is_char_boundary(e.at), "{input:?}: {e:?}");
            }
        }
    }

    #[test]
    fn durations() {
        for ok in ["5m", "1h30m", "100ms", "0", "1y2w3d4h5m6s7ms", "0s"] {
            assert!(valid_duration(ok), "{ok}");
        }
        for bad in ["", "5", "m", "5x", "30m1h", "5m5m", "1.5h", "-5m"] {
            assert!(!valid_duration(bad), "{bad}");
        }
    }
}
