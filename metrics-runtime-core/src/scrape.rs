//! What both servers answer to a scrape, and [`scrape_reply`] for a server
//! of one's own: the format negotiated from `Accept` or forced by
//! `?format=`, gzipped when `Accept-Encoding` allows (in a build with
//! flate2: the features `serve` and `axum`).

#[cfg(any(feature = "axum", feature = "serve"))]
use std::io::Write as _;

#[cfg(any(feature = "axum", feature = "serve"))]
use flate2::{write::GzEncoder, Compression};

use crate::encode::{Format, Scrape};
use crate::negotiate::{negotiate, Answer};

/// The values `?format=` takes in this build, for the `400` message.
#[cfg(feature = "protobuf")]
const FORMATS: &str = "`format=text`, `format=openmetrics` or `format=protobuf`";
#[cfg(not(feature = "protobuf"))]
const FORMATS: &str = "`format=text` or `format=openmetrics`";

/// The answer to one scrape, from [`scrape_reply`]: what a server of your
/// own sends back.
///
/// ```
/// use metrics_runtime::{scrape_reply, Registry};
///
/// let reply = scrape_reply(&Registry::new(), None, Some("application/openmetrics-text"), None);
/// assert_eq!(reply.status(), 200);
/// assert_eq!(reply.content_type(), "application/openmetrics-text; version=1.0.0; charset=utf-8");
/// assert_eq!(reply.content_encoding(), None);
/// assert_eq!(reply.body(), b"# EOF\n");
/// ```
#[derive(Debug)]
pub struct ScrapeReply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    /// Whether `body` is gzipped.
    pub(crate) gzip: bool,
    pub(crate) body: Vec<u8>,
}

pub(crate) type Reply = ScrapeReply;

impl ScrapeReply {
    /// The HTTP status: `200`, `400` for a `?format=` this build does not
    /// write, `500` when the source fails to encode.
    ///
    /// ```
    /// use metrics_runtime::{scrape_reply, Registry};
    ///
    /// assert_eq!(scrape_reply(&Registry::new(), Some("format=json"), None, None).status(), 400);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` to send: the format's, or `text/plain` for an
    /// error's message.
    ///
    /// ```
    /// use metrics_runtime::{scrape_reply, Registry};
    ///
    /// let reply = scrape_reply(&Registry::new(), Some("format=text"), None, None);
    /// assert!(reply.content_type().starts_with("text/plain; version=0.0.4"));
    /// ```
    pub fn content_type(&self) -> &'static str {
        self.content_type
    }

    /// `Some("gzip")` when the body is gzipped, to send as
    /// `Content-Encoding` (with `Vary: Accept, Accept-Encoding`, as both
    /// servers send on a `200`).
    ///
    /// ```
    /// use metrics_runtime::{scrape_reply, Registry};
    ///
    /// let reply = scrape_reply(&Registry::new(), None, None, Some("gzip"));
    /// // Gzip needs flate2, which the features `serve` and `axum` bring.
    /// assert_eq!(reply.content_encoding().is_some(), cfg!(any(feature = "serve", feature = "axum")));
    /// ```
    pub fn content_encoding(&self) -> Option<&'static str> {
        self.gzip.then_some("gzip")
    }

    /// The body.
    ///
    /// ```
    /// use metrics_runtime::{scrape_reply, Registry};
    ///
    /// assert_eq!(scrape_reply(&Registry::new(), None, None, None).body(), b"");
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, owned.
    ///
    /// ```
    /// use metrics_runtime::{scrape_reply, Registry};
    ///
    /// let body: Vec<u8> = scrape_reply(&Registry::new(), None, None, None).into_body();
    /// assert!(body.is_empty());
    /// ```
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    fn text(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            gzip: false,
            body: body.into_bytes(),
        }
    }
}

/// The answer to a scrape, `GET /metrics?{query}` with these `Accept` and
/// `Accept-Encoding` headers, for a server of your own (hyper, actix,
/// ...), as `serve` and `http::router` answer it: the format a `format=`
/// query parameter forces (`text`, `openmetrics`, `protobuf`), or the one
/// `Accept` prefers among the 0.0.4 text format, OpenMetrics and, for a
/// source that writes it (the feature `protobuf`), the Prometheus protobuf
/// format, which Prometheus asks for when it takes native histograms
/// ([`Format::negotiate`] has the text formats' rules); gzipped when
/// `Accept-Encoding` allows gzip, in a build with the feature `serve` or
/// `axum` (which bring flate2; without them, never gzipped).
///
/// ```
/// use metrics_runtime::{metrics_family, scrape_reply, Counter, Registry};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(App::new()).unwrap().requests.inc();
/// // What Prometheus 2 sends.
/// let accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
/// let reply = scrape_reply(&registry, None, Some(accept), None);
/// assert_eq!(reply.status(), 200);
/// assert!(reply.content_type().starts_with("application/openmetrics-text"));
/// assert!(reply.body().ends_with(b"requests_total 1\n# EOF\n"));
/// let forced = scrape_reply(&registry, Some("format=text"), Some(accept), None);
/// assert!(forced.body().ends_with(b"\nrequests_total 1\n"));
/// ```
pub fn scrape_reply(
    source: &impl Scrape,
    query: Option<&str>,
    accept: Option<&str>,
    accept_encoding: Option<&str>,
) -> ScrapeReply {
    reply(source, query, accept, accept_encoding)
}

/// [`scrape_reply`], under the name the servers use.
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
    let gzip = cfg!(any(feature = "axum", feature = "serve")) && accepts_gzip(accept_encoding);
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

#[cfg(any(feature = "axum", feature = "serve"))]
fn gzipped(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Without flate2 nothing is gzipped (see [`reply`]).
#[cfg(not(any(feature = "axum", feature = "serve")))]
fn gzipped(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    Ok(bytes.to_vec())
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

    #[cfg(any(feature = "axum", feature = "serve"))]
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
