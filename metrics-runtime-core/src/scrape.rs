//! What both servers answer to a scrape: the format negotiated from
//! `Accept` or forced by `?format=`, gzipped when `Accept-Encoding` allows.

use std::io::Write as _;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::encode::{Format, Scrape};
use crate::negotiate::{negotiate, Answer};

/// The values `?format=` takes in this build, for the `400` message.
#[cfg(feature = "protobuf")]
const FORMATS: &str = "`format=text`, `format=openmetrics` or `format=protobuf`";
#[cfg(not(feature = "protobuf"))]
const FORMATS: &str = "`format=text` or `format=openmetrics`";

/// A response, before either server's types.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    /// Whether `body` is gzipped.
    pub(crate) gzip: bool,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            gzip: false,
            body: body.into_bytes(),
        }
    }
}

/// The answer to `GET /metrics?{query}` with these headers: the format
/// `?format=` forces, or the one [`negotiate`] picks from `Accept`
/// (protobuf a candidate only when `source` can write it), its
/// `Content-Type` naming that format.
pub(crate) fn reply(
    source: &impl Scrape,
    query: Option<&str>,
    accept: Option<&str>,
    accept_encoding: Option<&str>,
) -> Reply {
    let forced = match answer_override(query) {
        Ok(forced) => forced,
        Err(bad) => return Reply::text(400, format!("unknown format `{bad}`; use {FORMATS}\n")),
    };
    // Negotiated as if the source wrote protobuf, which is encoded only if
    // chosen: a source that does not write it then gets the choice among
    // the text formats (protobuf, had it lost, would not have changed it).
    let mut answer = forced.unwrap_or_else(|| negotiate(accept, true));
    let mut protobuf = None;
    if answer == Answer::Protobuf {
        protobuf = source.scrape_protobuf();
        if protobuf.is_none() && forced.is_none() {
            answer = negotiate(accept, false);
        }
    }
    let body = match (answer, protobuf) {
        (Answer::Protobuf, Some(body)) => body,
        (Answer::Protobuf, None) => {
            let why = if cfg!(feature = "protobuf") {
                "this source does not write the protobuf format; use `format=text` or `format=openmetrics`"
            } else {
                "`format=protobuf` needs the feature `protobuf` of metrics-runtime"
            };
            return Reply::text(400, format!("{why}\n"));
        }
        (Answer::Text(format), _) => source.scrape(format).map(String::into_bytes),
    };
    let Ok(body) = body else {
        return Reply::text(500, "encoding the metrics failed\n".to_owned());
    };
    let gzip = accepts_gzip(accept_encoding);
    let body = if gzip {
        match gzipped(&body) {
            Ok(body) => body,
            Err(_) => return Reply::text(500, "compressing the metrics failed\n".to_owned()),
        }
    } else {
        body
    };
    Reply {
        status: 200,
        content_type: answer.content_type(),
        gzip,
        body,
    }
}

fn gzipped(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Whether an `Accept-Encoding` header allows gzip: `gzip`, `x-gzip` or `*`
/// with a quality above zero (and `gzip` not refused by name when `*`
/// allows it).
pub(crate) fn accepts_gzip(accept_encoding: Option<&str>) -> bool {
    let Some(header) = accept_encoding else {
        return false;
    };
    let mut named: Option<bool> = None;
    let mut any: Option<bool> = None;
    for coding in header.split(',') {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        let mut q = 1.0f32;
        for param in parts {
            if let Some(v) = param
                .strip_prefix("q=")
                .or_else(|| param.strip_prefix("Q="))
            {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        match name.as_str() {
            "gzip" | "x-gzip" => named = Some(named.unwrap_or(false) || q > 0.0),
            "*" => any = Some(q > 0.0),
            _ => {}
        }
    }
    named.or(any).unwrap_or(false)
}

/// The format a `format=...` query parameter asks for: `Ok(None)` when there
/// is none, `Err(value)` when it names no format. Accepted values: `text`,
/// `prometheus` and `0.0.4` for [`Format::Text`]; `openmetrics` for
/// [`Format::OpenMetrics`]; `protobuf` for the protobuf format, which is
/// no [`Format`] (`Err`).
#[cfg(feature = "axum")]
pub(crate) fn format_override(query: Option<&str>) -> Result<Option<Format>, String> {
    match answer_override(query) {
        Ok(Some(Answer::Text(format))) => Ok(Some(format)),
        Ok(Some(Answer::Protobuf)) => Err("protobuf".to_owned()),
        Ok(None) => Ok(None),
        Err(bad) => Err(bad),
    }
}

/// As [`format_override`], with `protobuf` for [`Answer::Protobuf`].
fn answer_override(query: Option<&str>) -> Result<Option<Answer>, String> {
    let Some(query) = query else {
        return Ok(None);
    };
    let mut found = None;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key != "format" {
            continue;
        }
        found = Some(match value.to_ascii_lowercase().as_str() {
            "text" | "prometheus" | "0.0.4" => Answer::Text(Format::Text),
            "openmetrics" => Answer::Text(Format::OpenMetrics),
            "protobuf" => Answer::Protobuf,
            _ => return Err(value.to_owned()),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts its protobuf encodings; writes protobuf when `writes`.
    struct Counting {
        writes: bool,
        protobuf: std::sync::atomic::AtomicUsize,
    }

    impl Scrape for Counting {
        fn scrape(&self, _: crate::Format) -> Result<String, std::fmt::Error> {
            Ok("up 1\n".to_owned())
        }

        fn scrape_protobuf(&self) -> Option<Result<Vec<u8>, std::fmt::Error>> {
            self.protobuf
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.writes.then(|| Ok(vec![0]))
        }
    }

    const PROMETHEUS_NATIVE: &str = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.8,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.2";

    #[test]
    fn protobuf_is_encoded_only_when_it_is_the_answer() {
        for writes in [true, false] {
            let source = Counting {
                writes,
                protobuf: Default::default(),
            };
            let count = || source.protobuf.load(std::sync::atomic::Ordering::Relaxed);
            for accept in [
                None,
                Some("text/plain"),
                Some("application/openmetrics-text"),
            ] {
                assert_eq!(reply(&source, None, accept, None).status, 200);
            }
            assert_eq!(
                reply(&source, Some("format=text"), PROMETHEUS_NATIVE.into(), None).status,
                200
            );
            assert_eq!(count(), 0, "a text answer encodes no protobuf");
            let native = reply(&source, None, Some(PROMETHEUS_NATIVE), None);
            assert_eq!(count(), 1);
            // A source without protobuf gets the best text format instead.
            let expected = if writes {
                Answer::Protobuf.content_type()
            } else {
                Answer::Text(crate::Format::OpenMetrics).content_type()
            };
            assert_eq!((native.status, native.content_type), (200, expected));
        }
    }

    #[test]
    fn gzip_is_accepted_as_prometheus_and_browsers_ask() {
        assert!(accepts_gzip(Some("gzip")));
        assert!(accepts_gzip(Some("gzip, deflate, br")));
        assert!(accepts_gzip(Some("deflate;q=1, GZIP;q=0.5")));
        assert!(accepts_gzip(Some("x-gzip")));
        assert!(accepts_gzip(Some("*")));
        assert!(!accepts_gzip(None));
        assert!(!accepts_gzip(Some("")));
        assert!(!accepts_gzip(Some("identity")));
        assert!(!accepts_gzip(Some("gzip;q=0")));
        assert!(!accepts_gzip(Some("*, gzip;q=0")));
        assert!(!accepts_gzip(Some("*;q=0")));
        assert!(!accepts_gzip(Some("br, deflate")));
    }

    #[test]
    fn a_gzip_body_decodes_to_the_exposition() {
        use std::io::Read as _;
        let registry = crate::Registry::new();
        let plain = reply(&registry, None, None, None);
        assert!(!plain.gzip);
        let zipped = reply(&registry, None, None, Some("gzip"));
        assert!(zipped.gzip);
        assert_eq!(zipped.content_type, plain.content_type);
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&zipped.body[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, plain.body);
        let bad = reply(&registry, Some("format=yaml"), None, Some("gzip"));
        assert_eq!(bad.status, 400);
        assert!(!bad.gzip);
    }
}
