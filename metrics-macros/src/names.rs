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
    let fixed = crate::rules::ascii_name(name);
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

/// The closest candidate to `word` by edit distance, if it is close enough
/// to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
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
