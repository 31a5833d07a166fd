//! Naming helpers: Prometheus name rules and did-you-mean suggestions.

/// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` (metric and label names;
/// the colon Prometheus allows in metric names is reserved for recording
/// rules, so declarations may not use it).
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why `name` is not a valid name, and the remedy, as
/// "`-` is not allowed; use letters, digits and `_`, e.g. `a_b`".
pub fn why_invalid(name: &str) -> String {
    const RULE: &str = "use letters, digits and `_`, not starting with a digit";
    let Some(first) = name.chars().next() else {
        return format!("it is empty; {RULE}");
    };
    let fixed = ascii_name(name);
    if first.is_ascii_digit() {
        // `5xx_responses` reads well as `responses_5xx`.
        return match fixed.split_once('_') {
            Some((head, rest))
                if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                format!("it starts with a digit; put a letter first, e.g. `{rest}_{head}`")
            }
            _ => "it starts with a digit; put a letter first".to_owned(),
        };
    }
    let reason = match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        Some(':') => "`:` is reserved for recording rules".to_owned(),
        Some(c) if c.is_whitespace() => "it contains a space".to_owned(),
        Some(c) => format!("`{c}` is not allowed"),
        None => "it is not a name".to_owned(),
    };
    if fixed.is_empty() || !is_valid_name(&fixed) {
        return format!("{reason}; {RULE}");
    }
    format!("{reason}; {RULE}, e.g. `{fixed}`")
}

/// The closest candidate to `word`, if it is close enough to be a likely
/// typo: the did-you-mean of every message.
///
/// The rule, shared with `label!` (whose const twin is
/// `metrics_runtime::__private::closest`; `ui-tests/tests/did_you_mean.rs`
/// checks that the two agree): the Levenshtein distance in chars
/// ([`strsim::levenshtein`]) is at most a third of the longer word's length
/// in chars, and at least 2 is always allowed; the nearest candidate wins,
/// the first of equals; a candidate longer than [`SUGGEST_MAX_CHARS`] chars
/// is never suggested (the const twin has no heap to measure it with).
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word_chars = word.chars().count();
    candidates
        .iter()
        .filter(|c| c.chars().count() <= SUGGEST_MAX_CHARS)
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word_chars) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The longest candidate, in chars, [`closest`] suggests.
pub const SUGGEST_MAX_CHARS: usize = 128;

/// `name` made a valid name for a suggestion: accented Latin letters
/// without their accents (`brañch` → `branch`, `grüße` → `grusse`), other
/// characters that are not allowed as one `_` between words (`a-b` →
/// `a_b`), other letters dropped.
pub fn ascii_name(name: &str) -> String {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåā", "a"),
        ("çćč", "c"),
        ("ďđ", "d"),
        ("èéêëēėę", "e"),
        ("ìíîïī", "i"),
        ("ñńň", "n"),
        ("òóôõöøō", "o"),
        ("ŕř", "r"),
        ("śšş", "s"),
        ("ťţ", "t"),
        ("ùúûüūů", "u"),
        ("ýÿ", "y"),
        ("źžż", "z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("ł", "l"),
    ];
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        match FOLDS.iter().find(|(from, _)| from.contains(lower)) {
            Some((_, to)) if c.is_uppercase() => out.push_str(&to.to_uppercase()),
            Some((_, to)) => out.push_str(to),
            None if (c.is_ascii() || c.is_whitespace()) && !out.ends_with('_') => out.push('_'),
            None => {}
        }
    }
    let leading = name.starts_with('_');
    let trimmed = out.trim_matches('_');
    if leading {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_valid_name("sync_attempts"));
        assert!(is_valid_name("_x9"));
        assert!(!is_valid_name("9x"));
        assert!(!is_valid_name("a-b"));
        assert!(!is_valid_name("a:b"));
        assert!(!is_valid_name(""));
    }

    #[test]
    fn reasons() {
        assert_eq!(
            why_invalid("a-b"),
            "`-` is not allowed; use letters, digits and `_`, not starting with a digit, e.g. `a_b`"
        );
        assert!(why_invalid("").starts_with("it is empty"));
        assert_eq!(
            why_invalid("5xx_responses"),
            "it starts with a digit; put a letter first, e.g. `responses_5xx`"
        );
        assert!(why_invalid("job:x").starts_with("`:` is reserved"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("nmae", &["name", "unit"]), Some("name"));
        assert_eq!(closest("bucket", &["buckets", "labels"]), Some("buckets"));
        assert_eq!(closest("zzzzzz", &["name", "unit"]), None);
    }
}
