//! The naming rules every exported name follows, in one place: promtool's
//! lint list (`promtool check metrics`, which runs client_golang's
//! `promlint` default validations) and ours. `check` applies them to the
//! model; `tests::promtool_agrees` runs the installed promtool on names
//! built from the same lists and fails if promtool flags a name these rules
//! let through.
//!
//! promtool's rules, as the family name it lints reads (the 0.0.4 text
//! format: a counter's family is `<name>_total`):
//! - units: a `_`-separated word that is a non-base or prefixed unit
//!   (`milliseconds`, `minutes`, `bits`): "use base unit ... instead of";
//! - abbreviations: a word after the first that abbreviates a unit (`ms`,
//!   `sec`): "metric names should not contain abbreviated units";
//! - types: a word after the first that names a metric type (`counter`,
//!   `gauge`, `histogram`, `summary`): "metric name should not include type";
//! - `_total` on a gauge or histogram: "non-counter metrics should not have
//!   _total suffix";
//! - `_bucket`, `_sum`, `_count` on a gauge: "non-histogram ... should not
//!   have ... suffix", and the labels `le` (non-histograms) and `quantile`;
//! - camelCase metric and label names, and `:` (refused by `names`).
//!
//! One promtool finding is let through on purpose: a gauge whose name ends
//! in `_count` (`connection_count`), where `_count` reads as "number of";
//! the reference catalogue's `execution_count` is such a gauge. A gauge
//! ending in `_sum` or `_bucket` is refused.
//!
//! Ours, beyond promtool: no `__` anywhere in an exported name (it is
//! reserved at the start, and a prefix or name would put it inside), no
//! `_total` before the counter's own (`unit = "total"` exports
//! `_total_total`), and `secs`, `msec`, `mins`, `hrs` and the like as
//! abbreviations too.

use crate::ast::Kind;

/// Base units, as promtool accepts them.
pub const BASE_UNITS: &[&str] = &[
    "amperes", "bytes", "celsius", "grams", "joules", "kelvin", "meters", "metres", "seconds",
    "volts",
];

/// Units a name may carry, for suggestions: the base units and ratios.
pub const UNITS: &[&str] = &[
    "amperes", "bytes", "celsius", "grams", "joules", "kelvin", "meters", "ratios", "seconds",
    "volts",
];

/// Non-base units and the base unit promtool asks for instead.
const NON_BASE_UNITS: &[(&str, &str)] = &[
    ("minutes", "seconds"),
    ("hours", "seconds"),
    ("days", "seconds"),
    ("weeks", "seconds"),
    ("kelvins", "kelvin"),
    ("fahrenheit", "celsius"),
    ("rankine", "celsius"),
    ("inches", "meters"),
    ("yards", "meters"),
    ("miles", "meters"),
    ("bits", "bytes"),
    ("calories", "joules"),
    ("pounds", "grams"),
    ("ounces", "grams"),
];

/// Prefixes that make a unit a non-base one (`milliseconds`).
const UNIT_PREFIXES: &[&str] = &[
    "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega",
    "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
];

/// Abbreviated units, with the base unit each stands for: promtool's list.
const PROMTOOL_ABBREVIATIONS: &[(&str, &str)] = &[
    ("s", "seconds"),
    ("ms", "seconds"),
    ("us", "seconds"),
    ("ns", "seconds"),
    ("sec", "seconds"),
    ("b", "bytes"),
    ("kb", "bytes"),
    ("mb", "bytes"),
    ("gb", "bytes"),
    ("tb", "bytes"),
    ("pb", "bytes"),
    ("m", "meters"),
    ("h", "seconds"),
    ("d", "seconds"),
];

/// Abbreviations promtool lets through that are as unclear: ours.
const MORE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("secs", "seconds"),
    ("msec", "seconds"),
    ("msecs", "seconds"),
    ("usec", "seconds"),
    ("usecs", "seconds"),
    ("nsec", "seconds"),
    ("nsecs", "seconds"),
    ("min", "seconds"),
    ("mins", "seconds"),
    ("hr", "seconds"),
    ("hrs", "seconds"),
    ("kib", "bytes"),
    ("mib", "bytes"),
    ("gib", "bytes"),
];

/// Metric type names promtool refuses as a word of a name.
const TYPE_NAMES: &[&str] = &["counter", "gauge", "histogram", "summary"];

/// Which part of a declaration a problem lies in, so it is reported there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Prefix,
    Name,
    Unit,
}

/// One rule broken, where, and the message with its remedy.
#[derive(Debug)]
pub struct Problem {
    pub part: Part,
    pub message: String,
    /// Whether promtool flags it (else the rule is ours alone); read by
    /// the comparison with promtool.
    #[cfg_attr(not(test), allow(dead_code))]
    pub promtool: bool,
}

fn problem(part: Part, promtool: bool, message: String) -> Problem {
    Problem {
        part,
        message,
        promtool,
    }
}

/// The base unit a word stands for, if it is a non-base or prefixed unit.
fn non_base_unit(word: &str) -> Option<&'static str> {
    if let Some((_, base)) = NON_BASE_UNITS.iter().find(|(unit, _)| *unit == word) {
        return Some(base);
    }
    UNIT_PREFIXES.iter().find_map(|prefix| {
        let rest = word.strip_prefix(prefix)?;
        BASE_UNITS
            .iter()
            .find(|b| **b == rest)
            .copied()
            .or_else(|| non_base_unit(rest))
    })
}

/// The base unit an abbreviation stands for, and whether promtool flags it.
fn abbreviation(word: &str) -> Option<(&'static str, bool)> {
    PROMTOOL_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == word)
        .map(|(_, base)| (*base, true))
        .or_else(|| {
            MORE_ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == word)
                .map(|(_, base)| (*base, false))
        })
}

/// `[a-z][A-Z]` somewhere: promtool's camelCase test.
fn is_camel_case(name: &str) -> bool {
    name.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// `fooBar` as `foo_bar`.
fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

/// `words` without the ones at `drop`, joined by `_`: the name a remedy
/// suggests.
fn without(words: &[&str], drop: usize) -> String {
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != drop)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join("_")
}

/// The word rules (units, abbreviations, type names) on the words of one
/// part; `first` is whether the part's first word is the family name's
/// first word, which promtool does not test for abbreviations and types.
fn word_problems(part: Part, text: &str, first: bool, out: &mut Vec<Problem>) {
    // The messages are built only for a word that breaks a rule: this runs
    // on every name of every build.
    let what = || match part {
        Part::Prefix => format!("prefix `{text}`"),
        Part::Name => format!("metric name `{text}`"),
        Part::Unit => format!("`unit = \"{text}\"`"),
    };
    let rename = |i: usize| {
        let rest = without(&text.split('_').collect::<Vec<_>>(), i);
        match (part, rest.is_empty()) {
            (Part::Unit, _) | (_, true) => String::new(),
            (Part::Name, false) => format!(" and name it `{rest}`"),
            (Part::Prefix, false) => format!(" and write `prefix = \"{rest}\"`"),
        }
    };
    for (i, raw) in text.split('_').enumerate() {
        let word = raw.to_ascii_lowercase();
        let leading = first && i == 0;
        if let Some(base) = non_base_unit(&word) {
            out.push(problem(
                part,
                true,
                format!(
                    "{} uses the unit `{word}`, and exported units are base units (promtool: use base unit \"{base}\" instead of \"{word}\"); record {base} with `unit = \"{base}\"`{}",
                    what(),
                    rename(i)
                ),
            ));
        } else if let Some((base, promtool)) = abbreviation(&word).filter(|_| !leading) {
            out.push(problem(
                part,
                promtool,
                format!(
                    "{} abbreviates a unit with `{word}` (promtool: metric names should not contain abbreviated units); write the base unit, `unit = \"{base}\"`{}",
                    what(),
                    rename(i)
                ),
            ));
        } else if TYPE_NAMES.contains(&word.as_str()) && !leading {
            out.push(problem(
                part,
                true,
                format!(
                    "{} names the metric type `{word}`, which `# TYPE` already says (promtool: metric name should not include type '{word}'); leave it out{}",
                    what(),
                    rename(i)
                ),
            ));
        }
    }
}

/// The rules on a family's prefix, reported once for the family.
pub fn prefix(prefix: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    if is_camel_case(prefix) {
        out.push(problem(
            Part::Prefix,
            true,
            format!(
                "prefix `{prefix}` is camelCase (promtool: metric names should be written in 'snake_case' not 'camelCase'); write `prefix = \"{}\"`",
                snake(prefix)
            ),
        ));
    }
    if prefix.trim_start_matches('_').contains("__") {
        out.push(problem(
            Part::Prefix,
            false,
            format!(
                "prefix `{prefix}` puts `__` inside every exported name, and `__` is Prometheus' reserved marker; write `prefix = \"{}\"`",
                collapse(prefix)
            ),
        ));
    }
    word_problems(Part::Prefix, prefix, true, &mut out);
    out
}

/// `a__b` as `a_b`.
fn collapse(text: &str) -> String {
    text.split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// What a metric is declared with, for the rules.
pub struct Declared<'a> {
    pub prefix: Option<&'a str>,
    pub name: &'a str,
    pub unit: Option<&'a str>,
    pub kind: Kind,
    /// Whether this metric, named `stem` instead, would export a name
    /// another metric of the family exports: a remedy never suggests such
    /// a name, which would only trade this error for a duplicate.
    pub taken: &'a dyn Fn(&str) -> bool,
}

impl Declared<'_> {
    /// "name it `stem`", or, when another metric would then export the
    /// same name, a rename that says so.
    fn name_it(&self, stem: &str) -> String {
        if (self.taken)(stem) {
            format!("rename it (named `{stem}`, it would export a name another metric exports)")
        } else {
            format!("name it `{stem}`")
        }
    }
}

/// The rules on a metric's exported name (its prefix's own problems are
/// [`prefix`]'s). `name` is a valid name (see `names::is_valid_name`).
pub fn metric_name(m: &Declared) -> Vec<Problem> {
    let mut out = Vec::new();
    let name = m.name;
    if name.starts_with("__") {
        out.push(problem(Part::Name, false, format!("metric name `{name}` starts with `__`, which Prometheus reserves; remove the leading underscores")));
    } else if let (Some(prefix), true) = (m.prefix, name.starts_with('_')) {
        out.push(problem(
            Part::Name,
            false,
            format!(
                "under `prefix = \"{prefix}\"`, `{name}` exports `{prefix}_{name}`, with `__` inside, which is Prometheus' reserved marker; name it `{}`",
                name.trim_start_matches('_')
            ),
        ));
    } else if name.trim_start_matches('_').contains("__") || name.ends_with('_') {
        out.push(problem(
            Part::Name,
            false,
            format!(
                "metric name `{name}` has `__` inside or ends in `_`, which would join its words with Prometheus' reserved marker; name it `{}`",
                collapse(name)
            ),
        ));
    }
    if is_camel_case(name) {
        out.push(problem(
            Part::Name,
            true,
            format!(
                "metric name `{name}` is camelCase (promtool: metric names should be written in 'snake_case' not 'camelCase'); name it `{}`",
                snake(name)
            ),
        ));
    }
    // Not promtool's, which sees only the exported name: the prefix written
    // again (`prefix = "http"`, `http_requests`) is never the name meant.
    if let Some(rest) = m
        .prefix
        .and_then(|p| name.strip_prefix(p))
        .and_then(|r| r.strip_prefix('_'))
        .filter(|r| !r.is_empty())
    {
        let prefix = m.prefix.unwrap_or_default();
        out.push(problem(
            Part::Name,
            false,
            format!(
                "under `prefix = \"{prefix}\"`, `{name}` exports `{prefix}_{name}`, with the prefix twice (it is prepended to every name); name it `{rest}`"
            ),
        ));
    }
    word_problems(Part::Name, name, m.prefix.is_none(), &mut out);
    if let Some(unit) = m.unit {
        word_problems(Part::Unit, unit, false, &mut out);
        if let Some(stem) = name.strip_suffix(&format!("_{unit}")) {
            out.push(problem(
                Part::Name,
                false,
                format!(
                    "metric name `{name}` ends in `_{unit}`, which `unit = \"{unit}\"` appends; {}",
                    m.name_it(stem)
                ),
            ));
        } else if name == unit {
            // Not promtool's either: `bytes_bytes` passes its lint.
            let exported = match m.prefix {
                Some(prefix) => format!("{prefix}_{name}_{unit}"),
                None => format!("{name}_{unit}"),
            };
            let example = match unit {
                "bytes" => ", e.g. `read` for `read_bytes`",
                "seconds" => ", e.g. `duration` for `duration_seconds`",
                _ => "",
            };
            out.push(problem(
                Part::Name,
                false,
                format!(
                    "metric name `{name}` is its unit, which `unit = \"{unit}\"` appends: it would export `{exported}`; name what is measured in {unit}{example}"
                ),
            ));
        }
    }
    suffixes(m, &mut out);
    out
}

/// The type suffixes: `_total` on counters is the encoder's, the
/// histogram samples' suffixes are the histogram's, and promtool reads the
/// end of a gauge's or histogram's exported name for them.
fn suffixes(m: &Declared, out: &mut Vec<Problem>) {
    let name = m.name;
    if m.kind == Kind::Counter {
        match name.strip_suffix("_total") {
            // `cpu_seconds_total` with `unit = "seconds"`: both suffixes
            // are appended, so the remedy takes both off.
            Some(stem) => match m.unit.and_then(|unit| Some((unit, stem.strip_suffix(&format!("_{unit}"))?))) {
                Some((unit, bare)) => out.push(problem(Part::Name, false, format!("counter name `{name}` ends in `_{unit}_total`, which `unit = \"{unit}\"` and the encoder append; {}", m.name_it(bare)))),
                None => out.push(problem(Part::Name, false, format!("counter name `{name}` ends in `_total`, which the encoder appends; {}", m.name_it(stem)))),
            },
            None if name == "total" => out.push(problem(Part::Name, false, "counter name `total` is the `_total` the encoder appends; name what it counts".to_owned())),
            None => {}
        }
        if let Some(unit) = m.unit {
            match unit.strip_suffix("_total") {
                Some(stem) => out.push(problem(Part::Unit, false, format!("`unit = \"{unit}\"` ends in `_total`, which counters get appended; write `unit = \"{stem}\"`"))),
                None if unit == "total" => out.push(problem(Part::Unit, false, format!("`unit = \"total\"` would export `{name}_total_total`, as counters get `_total` appended; remove `unit`"))),
                None => {}
            }
        }
    }
    if m.kind == Kind::Info {
        match name.strip_suffix("_info") {
            Some(stem) => out.push(problem(Part::Name, false, format!("info metric name `{name}` ends in `_info`, which the format appends to its sample (`{name}_info`); {}", m.name_it(stem)))),
            None if name == "info" => out.push(problem(Part::Name, false, "info metric name `info` is the `_info` the format appends; name what it describes, e.g. `build`".to_owned())),
            None => {}
        }
        // Its sample is `<name>_info`, which no other suffix rule reads.
        return;
    }
    if m.kind.is_histogram() {
        for suffix in ["_bucket", "_sum", "_count"] {
            if let Some(stem) = name.strip_suffix(suffix) {
                out.push(problem(Part::Name, false, format!("histogram name `{name}` ends in `{suffix}`, which the encoder appends to its samples; {}", m.name_it(stem))));
            }
        }
    }
    // What promtool reads: the end of the exported family name.
    let (part, last) = match m.unit {
        Some(unit) => (Part::Unit, unit),
        None => (Part::Name, name),
    };
    let preceded = part == Part::Unit || m.prefix.is_some();
    let ends = |suffix: &str| last.ends_with(suffix) || (preceded && last == &suffix[1..]);
    let what = match part {
        Part::Unit => format!("`unit = \"{last}\"`"),
        _ => format!("metric name `{name}`"),
    };
    let fix = |suffix: &str| match last.strip_suffix(suffix) {
        Some(stem) if !stem.is_empty() && part == Part::Unit => {
            format!("write `unit = \"{stem}\"`")
        }
        Some(stem) if !stem.is_empty() => m.name_it(stem),
        _ => "rename it".to_owned(),
    };
    if m.kind != Kind::Counter && ends("_total") {
        let kind = if m.kind.is_histogram() {
            "histogram"
        } else if m.kind == Kind::StateSet {
            "state set"
        } else {
            "gauge"
        };
        let remedy = if m.kind.is_histogram() || m.kind == Kind::StateSet {
            fix("_total")
        } else {
            format!(
                "{}, or make it a `Counter` if it only goes up",
                fix("_total")
            )
        };
        out.push(problem(part, true, format!("{what} makes the {kind}'s exported name end in `_total`, which marks a counter (promtool: non-counter metrics should not have \"_total\" suffix); {remedy}")));
    }
    if matches!(m.kind, Kind::Gauge | Kind::FloatGauge | Kind::StateSet) {
        // `_count` as "number of" on a gauge is let through (see above).
        for suffix in ["_bucket", "_sum"] {
            if ends(suffix) {
                let promtool = if suffix == "_bucket" {
                    "non-histogram metrics"
                } else {
                    "non-histogram and non-summary metrics"
                };
                out.push(problem(part, true, format!("{what} makes the gauge's exported name end in `{suffix}`, which marks a histogram's sample (promtool: {promtool} should not have \"{suffix}\" suffix); {}", fix(suffix))));
            }
        }
    }
}

/// Why a label, on a metric or constant, may not be named `name`: the
/// labels Prometheus itself puts on every series it scrapes, so a scraped
/// one is renamed (`honor_labels` aside).
pub fn target_label(name: &str) -> Option<&'static str> {
    Some(match name {
        "instance" => "is the label Prometheus puts on every series it scrapes (the target's address), and it renames a scraped `instance` to `exported_instance`",
        "job" => "is the label Prometheus puts on every series it scrapes (the scrape job's name), and it renames a scraped `job` to `exported_job`",
        _ => return None,
    })
}

/// The rules on a label name (validity and the reserved `__` prefix are
/// checked before).
pub fn label_name(name: &str, kind: Kind) -> Vec<Problem> {
    let mut out = Vec::new();
    if name == "le" {
        let message = if kind.is_histogram() {
            "label name `le` is the histogram's bucket label; rename it".to_owned()
        } else {
            "label name `le` is reserved for histogram buckets (promtool: non-histogram metrics should not have \"le\" label); rename it".to_owned()
        };
        out.push(problem(Part::Name, !kind.is_histogram(), message));
    }
    if name == "quantile" {
        out.push(problem(
            Part::Name,
            true,
            "label name `quantile` is reserved for summaries (promtool: non-summary metrics should not have \"quantile\" label); rename it".to_owned(),
        ));
    }
    if let Some(why) = target_label(name) {
        out.push(problem(
            Part::Name,
            false,
            format!("label name `{name}` {why}; rename it"),
        ));
    }
    if is_camel_case(name) {
        out.push(problem(
            Part::Name,
            true,
            format!(
                "label name `{name}` is camelCase (promtool: label names should be written in 'snake_case' not 'camelCase'); name it `{}`",
                snake(name)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests;
