//! The macro and `label!` suggest alike: the macro's did-you-mean
//! (`metrics-macros/src/names.rs`, on `strsim`) and the const one `label!`
//! evaluates at compile time (`metrics_runtime::__private::closest`, which
//! cannot call `strsim`) follow one rule, checked here on the same words.
//!
//! A proc-macro crate exports only macros, so the macro's module is compiled
//! into this test as it is, from its own file.

#[allow(dead_code)]
#[path = "../../metrics-macros/src/names.rs"]
mod macro_names;

use metrics_runtime::__private::{closest, SUGGEST_MAX_CHARS};

/// Keys, kinds and units the macro suggests, label values `label!`
/// suggests, non-ASCII words, and lengths around the limits.
fn words() -> Vec<String> {
    let mut words: Vec<String> = [
        "",
        "a",
        "ab",
        "name",
        "unit",
        "labels",
        "buckets",
        "max_series",
        "group",
        "require_help",
        "prefix",
        "title",
        "Counter",
        "Gauge",
        "FloatGauge",
        "Histogram",
        "seconds",
        "bytes",
        "ratio",
        "namespace",
        "subgroup",
        "signing_key",
        "context_cleanup",
        "hash_comparison",
        "snapshot",
        "café",
        "cafe",
        "naïve",
        "naive",
        "∈∈∈",
        "日本語",
        "🦀rust",
    ]
    .iter()
    .map(|w| (*w).to_owned())
    .collect();
    words.push("x".repeat(SUGGEST_MAX_CHARS));
    words.push("x".repeat(SUGGEST_MAX_CHARS + 1));
    words.push(format!("{}y", "x".repeat(SUGGEST_MAX_CHARS - 1)));
    words
}

/// Every word, and each short one with one char dropped, one replaced, and
/// two neighbours swapped.
fn typos(words: &[String]) -> Vec<String> {
    let mut typos = words.to_vec();
    for w in words {
        let chars: Vec<char> = w.chars().collect();
        if chars.len() > 20 {
            continue;
        }
        for i in 0..chars.len() {
            let mut dropped = chars.clone();
            dropped.remove(i);
            typos.push(dropped.into_iter().collect());
            let mut replaced = chars.clone();
            replaced[i] = if replaced[i] == 'q' { 'é' } else { 'q' };
            typos.push(replaced.into_iter().collect());
            if i + 1 < chars.len() {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                typos.push(swapped.into_iter().collect());
            }
        }
        typos.push(format!("{w}s"));
    }
    typos
}

#[test]
fn the_macro_and_label_macro_suggest_alike() {
    let words = words();
    let all: Vec<&str> = words.iter().map(String::as_str).collect();
    // Several candidate sets, so ties and near misses fall differently.
    let sets = [
        &all[..],
        &all[3..12],
        &all[12..19],
        &all[19..25],
        &all[25..],
    ];
    let typos = typos(&words);
    let (mut compared, mut suggested) = (0, 0);
    for typo in &typos {
        for set in sets {
            let by_macro = macro_names::closest(typo, set);
            let by_label = closest(typo, set).map(|i| set[i]);
            assert_eq!(by_macro, by_label, "for {typo:?} among {set:?}");
            compared += 1;
            suggested += usize::from(by_macro.is_some());
        }
    }
    // Not vacuous: many suggestions, and many misses.
    assert!(suggested * 4 > compared, "{suggested} of {compared}");
    assert!(suggested < compared, "{suggested} of {compared}");
    assert_eq!(macro_names::SUGGEST_MAX_CHARS, SUGGEST_MAX_CHARS);
}

/// The suggestion, after checking both agree on it.
fn rule<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let by_macro = macro_names::closest(word, candidates);
    assert_eq!(by_macro, closest(word, candidates).map(|i| candidates[i]));
    by_macro
}

#[test]
fn the_rule_at_its_edges() {
    // At least 2 edits are always allowed, even on short words.
    assert_eq!(rule("nmae", &["name", "unit"]), Some("name"));
    assert_eq!(rule("ab", &["xy"]), Some("xy"));
    // A third of the longer word: 9 chars allow 3 edits, not 4.
    assert_eq!(rule("nxxxspace", &["namespace"]), Some("namespace"));
    assert_eq!(rule("nxxxxpace", &["namespace"]), None);
    // Counted in chars, not bytes: `é` is one edit from `e`.
    assert_eq!(rule("cafè", &["café"]), Some("café"));
    assert_eq!(rule("日本人", &["日本語"]), Some("日本語"));
    // The nearest wins, the first of equals.
    assert_eq!(rule("gauge", &["Gauge", "gauges"]), Some("Gauge"));
    assert_eq!(rule("gauges", &["Gauge", "gauge"]), Some("gauge"));
    // Too long a candidate is never suggested.
    let long = "x".repeat(SUGGEST_MAX_CHARS + 1);
    assert_eq!(rule(&long, &[&long]), None);
    let longest = "x".repeat(SUGGEST_MAX_CHARS);
    assert_eq!(rule(&longest, &[&longest]), Some(longest.as_str()));
}
