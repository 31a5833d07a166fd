//! A small, strict exposition parser written for these tests, independent
//! of prometheus-client: it reads both the OpenMetrics 1.0 text and the
//! Prometheus 0.0.4 text format as far as the tests need, and rejects
//! anything malformed rather than guessing.

#![allow(dead_code)]

pub mod accept;
pub mod external;

use std::collections::HashMap;

/// One sample line.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

impl Sample {
    /// The value of label `name`, if the sample has it.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed exposition.
#[derive(Debug, Default)]
pub struct Exposition {
    /// `# TYPE` lines: family name to type, in order.
    pub types: Vec<(String, String)>,
    pub samples: Vec<Sample>,
    /// Whether the text ended with `# EOF` (OpenMetrics).
    pub eof: bool,
}

impl Exposition {
    /// The samples named `name`.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Sample> + 'a {
        self.samples.iter().filter(move |s| s.name == name)
    }

    /// The value of the one sample named `name` whose labels include every
    /// pair of `labels`; panics unless there is exactly one.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let found: Vec<&Sample> = self
            .named(name)
            .filter(|s| labels.iter().all(|(k, v)| s.label(k) == Some(*v)))
            .collect();
        assert_eq!(found.len(), 1, "samples {name}{labels:?}: {found:?}");
        found[0].value
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// Parses `text`. `openmetrics` demands the final `# EOF` and nothing after.
pub fn parse(text: &str, openmetrics: bool) -> Result<Exposition, String> {
    let mut out = Exposition::default();
    if !text.is_empty() && !text.ends_with('\n') {
        return Err("the exposition does not end with a newline".into());
    }
    let mut families: HashMap<String, String> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let at = |e: String| format!("line {}: {e}: {line:?}", number + 1);
        if out.eof {
            return Err(at("text after # EOF".into()));
        }
        if line == "# EOF" {
            if !openmetrics {
                return Err(at("# EOF in the 0.0.4 format".into()));
            }
            out.eof = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let (keyword, rest) = rest
                .split_once(' ')
                .ok_or_else(|| at("bare comment".into()))?;
            match keyword {
                "HELP" | "UNIT" => {
                    let (name, _) = rest.split_once(' ').unwrap_or((rest, ""));
                    if !valid_name(name) {
                        return Err(at(format!("bad name {name:?}")));
                    }
                }
                "TYPE" => {
                    let (name, kind) = rest
                        .split_once(' ')
                        .ok_or_else(|| at("TYPE without a type".into()))?;
                    if !valid_name(name) {
                        return Err(at(format!("bad name {name:?}")));
                    }
                    if families.insert(name.into(), kind.into()).is_some() {
                        return Err(at(format!("family {name} declared twice")));
                    }
                    out.types.push((name.into(), kind.into()));
                }
                other => return Err(at(format!("unknown comment {other}"))),
            }
            continue;
        }
        out.samples.push(parse_sample(line).map_err(at)?);
    }
    if openmetrics && !out.eof {
        return Err("no # EOF".into());
    }
    Ok(out)
}

fn parse_sample(line: &str) -> Result<Sample, String> {
    let name_end = line
        .find(|c: char| !is_name_char(c))
        .ok_or("a sample without a value")?;
    let name = &line[..name_end];
    if !valid_name(name) {
        return Err(format!("bad sample name {name:?}"));
    }
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(after) = rest.strip_prefix('{') {
        let (parsed, after) = parse_labels(after)?;
        labels = parsed;
        rest = after;
    }
    let value = rest.strip_prefix(' ').ok_or("no space before the value")?;
    // No timestamps or exemplars are written by this library.
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        "NaN" => f64::NAN,
        v => v.parse::<f64>().map_err(|e| format!("value {v:?}: {e}"))?,
    };
    Ok(Sample {
        name: name.into(),
        labels,
        value,
    })
}

type Labels = Vec<(String, String)>;

/// Parses `name="value",...}` and returns the labels and what follows `}`.
fn parse_labels(mut s: &str) -> Result<(Labels, &str), String> {
    let mut labels: Labels = Vec::new();
    loop {
        if let Some(after) = s.strip_prefix('}') {
            return Ok((labels, after));
        }
        let eq = s.find('=').ok_or("a label without =")?;
        let name = &s[..eq];
        if !valid_name(name) || name.contains(':') {
            return Err(format!("bad label name {name:?}"));
        }
        if labels.iter().any(|(n, _)| n == name) {
            return Err(format!("label {name} twice"));
        }
        s = s[eq + 1..]
            .strip_prefix('"')
            .ok_or("a label value without its opening quote")?;
        let mut value = String::new();
        let mut chars = s.char_indices();
        let end = loop {
            let (i, c) = chars.next().ok_or("an unterminated label value")?;
            match c {
                '"' => break i,
                '\\' => match chars.next().map(|(_, c)| c) {
                    Some('\\') => value.push('\\'),
                    Some('"') => value.push('"'),
                    Some('n') => value.push('\n'),
                    other => return Err(format!("bad escape \\{other:?}")),
                },
                '\n' => return Err("a raw newline in a label value".into()),
                c => value.push(c),
            }
        };
        labels.push((name.into(), value));
        s = &s[end + 1..];
        if let Some(after) = s.strip_prefix(',') {
            s = after;
        } else if !s.starts_with('}') {
            return Err("labels not separated by ,".into());
        }
    }
}

/// Checks every histogram in `exposition`: cumulative buckets never
/// decrease, and `_count` equals the `+Inf` bucket, per label set.
pub fn check_histograms(exposition: &Exposition) -> Result<usize, String> {
    let mut checked = 0;
    for (family, kind) in &exposition.types {
        if kind != "histogram" {
            continue;
        }
        let bucket = format!("{family}_bucket");
        let count = format!("{family}_count");
        for c in exposition.named(&count) {
            let series = |s: &Sample| {
                s.labels
                    .iter()
                    .filter(|(n, _)| n != "le")
                    .eq(c.labels.iter())
            };
            let buckets: Vec<&Sample> = exposition.named(&bucket).filter(|s| series(s)).collect();
            let mut previous = 0.0;
            for b in &buckets {
                if b.value < previous {
                    return Err(format!("{family}: bucket {b:?} below {previous}"));
                }
                previous = b.value;
            }
            let inf = buckets
                .iter()
                .find(|b| b.label("le") == Some("+Inf"))
                .ok_or_else(|| format!("{family}{:?}: no +Inf bucket", c.labels))?;
            if inf.value != c.value {
                return Err(format!(
                    "{family}{:?}: _count {} != +Inf bucket {}",
                    c.labels, c.value, inf.value
                ));
            }
            checked += 1;
        }
    }
    Ok(checked)
}
