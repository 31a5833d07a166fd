//! Content negotiation: the one place that reads a scraper's `Accept`
//! header, for [`Format::negotiate`], `serve` and `http::router` alike.
//!
//! The rules, as RFC 9110 and Prometheus's scrapers want them:
//!
//! - each format we write is given the quality of the most specific range
//!   of `Accept` that names it (`text/plain;version=0.0.4` before
//!   `text/plain` before `text/*` before `*/*`); the highest quality wins,
//!   and quality 0 refuses a format;
//! - `application/openmetrics-text` with no version, `version=1.0.0` or
//!   `version=0.0.1` is answered in OpenMetrics 1.0.0 (Prometheus parses
//!   either version with one parser, and the `Content-Type` says 1.0.0);
//! - `text/plain` with no version, `version=0.0.4` or `version=1.0.0` is
//!   answered in the 0.0.4 text format, labelled `version=0.0.4`: every
//!   name this crate writes is legacy-valid, so that body is also what a
//!   1.0.0 body of the same metrics would be, and Prometheus picks its text
//!   parser from `text/plain` alone;
//! - the Prometheus protobuf format
//!   (`application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited`)
//!   only when named with both parameters and the source can write it
//!   (feature `protobuf`); never through a wildcard, as it is binary;
//! - `escaping=` (Prometheus 3: `allow-utf-8`, `underscores`, `dots`,
//!   `values`) changes nothing: the escaping schemes rewrite only names
//!   outside the legacy character set, which this crate never writes (as
//!   client_golang's writer does, a legacy-valid name is written as it is
//!   under every scheme);
//! - equal qualities: a format named by its own media type wins over one
//!   reached through a wildcard; among named ones protobuf, then
//!   OpenMetrics, then text; among wildcard ones text first (so `*/*`, a
//!   browser's or curl's `Accept`, gets the 0.0.4 text);
//! - no header, or nothing we write acceptable: the 0.0.4 text format,
//!   which every Prometheus parses, rather than a `406` that fails the
//!   scrape.

use crate::encode::Format;

/// The `Content-Type` of a protobuf scrape.
#[cfg_attr(not(any(feature = "axum", feature = "serve")), allow(dead_code))]
pub(crate) const PROTOBUF_CONTENT_TYPE: &str =
    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

/// What a scrape is answered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// A text format.
    Text(Format),
    /// The Prometheus protobuf format, length-delimited `MetricFamily`
    /// messages.
    Protobuf,
}

#[cfg_attr(not(any(feature = "axum", feature = "serve")), allow(dead_code))]
impl Answer {
    /// The `Content-Type` naming this format.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Answer::Text(format) => format.content_type(),
            Answer::Protobuf => PROTOBUF_CONTENT_TYPE,
        }
    }
}

/// How closely a range of `Accept` names a format: higher is more
/// specific; `None` when it does not match.
fn specificity(range: &Range<'_>, candidate: Answer) -> Option<u8> {
    let (kind, versions): (&str, &[&str]) = match candidate {
        Answer::Protobuf => {
            let named = range.media == "application/vnd.google.protobuf"
                && range.param("proto") == Some("io.prometheus.client.MetricFamily")
                && range.param("encoding") == Some("delimited");
            return named.then_some(3);
        }
        Answer::Text(Format::OpenMetrics) => ("application/openmetrics-text", &["1.0.0", "0.0.1"]),
        Answer::Text(Format::Text) => ("text/plain", &["0.0.4", "1.0.0"]),
    };
    if range.media == kind {
        return match range.param("version") {
            None => Some(2),
            Some(version) if versions.contains(&version) => Some(3),
            Some(_) => None,
        };
    }
    let (top, _) = kind.split_once('/').unwrap_or((kind, ""));
    match range.media.split_once('/') {
        Some((t, "*")) if t == top => Some(1),
        Some(("*", "*")) => Some(0),
        _ => None,
    }
}

/// One media range of an `Accept` header: its type (lower case), its
/// parameters and its quality.
struct Range<'a> {
    media: String,
    params: Vec<(String, &'a str)>,
    q: f32,
}

impl<'a> Range<'a> {
    fn parse(text: &'a str) -> Range<'a> {
        let mut parts = text.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let mut params = Vec::new();
        let mut q = 1.0f32;
        for param in parts {
            let Some((key, value)) = param.split_once('=') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim().trim_matches('"');
            if key == "q" {
                // A quality is a number from 0 to 1 (RFC 9110): another
                // (`q=7`, `q=NaN`, `q=inf`) makes the range unacceptable,
                // rather than one that beats every `q=1`.
                q = value
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .unwrap_or(0.0);
            } else {
                params.push((key, value));
            }
        }
        Range { media, params, q }
    }

    fn param(&self, key: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| *value)
    }
}

/// The format to answer `accept` with; protobuf is a candidate only when
/// `protobuf` (the source can write it). See the [module docs](self).
pub(crate) fn negotiate(accept: Option<&str>, protobuf: bool) -> Answer {
    let fallback = Answer::Text(Format::Text);
    let Some(accept) = accept else {
        return fallback;
    };
    let ranges: Vec<Range<'_>> = accept
        .split(',')
        .filter(|r| !r.trim().is_empty())
        .map(Range::parse)
        .collect();
    let candidates = [
        Answer::Protobuf,
        Answer::Text(Format::OpenMetrics),
        Answer::Text(Format::Text),
    ];
    // (quality, named by its own type, preference): the greatest wins.
    let mut best: Option<((f32, bool, u8), Answer)> = None;
    for candidate in candidates {
        if candidate == Answer::Protobuf && !protobuf {
            continue;
        }
        let Some((spec, q)) = ranges
            .iter()
            .filter_map(|range| specificity(range, candidate).map(|spec| (spec, range.q)))
            .fold(None, |acc: Option<(u8, f32)>, (spec, q)| match acc {
                Some((s, old)) if s > spec => Some((s, old)),
                Some((s, old)) if s == spec => Some((s, old.max(q))),
                _ => Some((spec, q)),
            })
        else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let named = spec >= 2;
        let preference = match (candidate, named) {
            (Answer::Protobuf, _) => 2,
            (Answer::Text(Format::OpenMetrics), _) => 1,
            (Answer::Text(Format::Text), true) => 0,
            (Answer::Text(Format::Text), false) => 3,
        };
        let key = (q, named, preference);
        if best.is_none_or(|(old, _)| key > old) {
            best = Some((key, candidate));
        }
    }
    best.map_or(fallback, |(_, answer)| answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OM: Answer = Answer::Text(Format::OpenMetrics);
    const TEXT: Answer = Answer::Text(Format::Text);

    #[test]
    fn a_quality_out_of_range_makes_its_range_unacceptable() {
        for q in ["NaN", "inf", "7", "-1", "x"] {
            let accept = format!("application/openmetrics-text;q={q}, text/plain;q=1");
            assert_eq!(negotiate(Some(&accept), false), TEXT, "q={q}");
        }
        assert_eq!(
            negotiate(
                Some("application/openmetrics-text;q=1.0, text/plain;q=0.5"),
                false
            ),
            OM
        );
    }

    #[test]
    fn specific_ranges_decide_before_wildcards() {
        assert_eq!(negotiate(Some("text/plain;q=0, */*"), false), OM);
        assert_eq!(negotiate(Some("text/*;q=0.1, */*;q=1"), false), OM);
        assert_eq!(negotiate(Some("application/*"), false), OM);
        assert_eq!(negotiate(Some("text/*"), false), TEXT);
        assert_eq!(negotiate(Some("*/*"), true), TEXT);
        assert_eq!(negotiate(Some("application/*"), true), OM);
        assert_eq!(negotiate(Some("application/json"), false), TEXT);
        assert_eq!(negotiate(Some(""), false), TEXT);
        assert_eq!(negotiate(None, true), TEXT);
    }

    #[test]
    fn versions_we_do_not_write_are_not_taken() {
        assert_eq!(
            negotiate(
                Some("application/openmetrics-text;version=2.0.0, text/plain;q=0.1"),
                false
            ),
            TEXT
        );
        assert_eq!(
            negotiate(
                Some("text/plain;version=9, application/openmetrics-text;q=0.1"),
                false
            ),
            OM
        );
    }

    #[test]
    fn protobuf_needs_both_parameters_and_the_feature() {
        let full = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
        assert_eq!(negotiate(Some(full), true), Answer::Protobuf);
        assert_eq!(negotiate(Some(full), false), TEXT);
        assert_eq!(
            negotiate(
                Some("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily"),
                true
            ),
            TEXT
        );
        assert_eq!(
            negotiate(
                Some("application/vnd.google.protobuf;encoding=text;proto=io.prometheus.client.MetricFamily"),
                true
            ),
            TEXT
        );
        // Parameter names and quoting as RFC 9110 allows.
        assert_eq!(
            negotiate(
                Some("Application/Vnd.Google.Protobuf; Proto=\"io.prometheus.client.MetricFamily\"; Encoding=delimited; Q=0.9, text/plain;q=0.8"),
                true
            ),
            Answer::Protobuf
        );
    }
}
