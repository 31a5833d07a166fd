//! Serving a registry over HTTP with [axum](https://docs.rs/axum) (feature
//! `axum`).
//!
//! [`router`] answers `GET /metrics` (and `HEAD`) with the whole registry,
//! in the format the scraper's `Accept` header asks for ([`Format::negotiate`]),
//! with the matching `Content-Type`. A `format` query parameter overrides the
//! negotiation: `?format=text` (the 0.0.4 text format),
//! `?format=openmetrics`, or `?format=protobuf` (with the feature
//! `protobuf`). Prometheus scrape configs can send it with
//! `params: { format: [text] }`.
//!
//! Why the override: Prometheus 2.x prefers OpenMetrics, in which
//! prometheus-client writes bucket bounds as floats (`le="32.0"`), and
//! Prometheus 2.x stores `le` as exposed; queries written against the 0.0.4
//! text format's `le="32"` then match nothing. Scraping with
//! `?format=text` keeps `le="32"`.
//!
//! The response is gzipped when the request's `Accept-Encoding` allows gzip
//! (Prometheus asks for it on every scrape). Another path is `404`, another
//! method `405`.
//!
//! ```
//! use metrics_runtime::{metrics_family, Counter, Registry};
//!
//! #[metrics_family]
//! struct App {
//!     /// Requests served
//!     requests: Counter,
//! }
//!
//! let registry = Registry::new();
//! registry.register(App::new()).unwrap();
//! let app: axum::Router = metrics_runtime::http::router(registry);
//! // Then, with axum's `tokio` and `http1` features:
//! // axum::serve(tokio::net::TcpListener::bind("127.0.0.1:9464").await?, app).await
//! ```
//!
//! A prometheus-client registry is served the same way: `router(registry)`
//! (or an `Arc` of it, shared with code that registers later).

use axum::extract::State;
use axum::http::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::encode::{Format, Scrape};

/// A router serving `registry` (a [`Registry`](crate::Registry), a
/// prometheus-client registry, or an `Arc` or a `&'static` of either) at
/// `GET /metrics`; see the
/// [module docs](self). Merge or nest it into an application's router, or
/// serve it alone.
///
/// Merged into an application's router, and scraped:
///
/// ```
/// use std::io::{Read, Write};
///
/// use metrics_runtime::{metrics_family, Counter, Registry};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(App::new())?.requests.inc();
/// let app = axum::Router::new()
///     .route("/", axum::routing::get(|| async { "hello" }))
///     .merge(metrics_runtime::http::router(registry));
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let addr = listener.local_addr()?;
/// listener.set_nonblocking(true)?;
/// std::thread::spawn(move || {
///     let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
///     runtime.block_on(async {
///         let listener = tokio::net::TcpListener::from_std(listener).unwrap();
///         axum::serve(listener, app).await.unwrap();
///     })
/// });
///
/// let mut scrape = std::net::TcpStream::connect(addr)?;
/// scrape.write_all(b"GET /metrics?format=text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
/// let mut response = String::new();
/// scrape.read_to_string(&mut response)?;
/// assert!(response.starts_with("HTTP/1.1 200"), "{response}");
/// assert!(response.ends_with("\nrequests_total 1\n"), "{response}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn router<R: Scrape + Send + Sync + 'static>(registry: R) -> Router {
    // Shared by the handler's calls: a source need not be `Clone`.
    Router::new()
        .route("/metrics", get(metrics_handler::<std::sync::Arc<R>>))
        .with_state(std::sync::Arc::new(registry))
}

/// The handler behind [`router`], for mounting at another path:
/// `Router::new().route("/prom", get(metrics_handler::<Registry>)).with_state(registry)`.
///
/// ```
/// use axum::extract::State;
/// use axum::http::{HeaderMap, StatusCode, Uri};
/// use metrics_runtime::http::metrics_handler;
/// use metrics_runtime::{metrics_family, Counter, Registry};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(App::new())?.requests.inc();
/// let uri = Uri::from_static("/prom?format=text");
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// let body = runtime.block_on(async {
///     let response = metrics_handler(State(registry), HeaderMap::new(), uri).await;
///     assert_eq!(response.status(), StatusCode::OK);
///     axum::body::to_bytes(response.into_body(), usize::MAX).await
/// })?;
/// assert!(body.ends_with(b"\nrequests_total 1\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn metrics_handler<R: Scrape + Clone + Send + Sync + 'static>(
    State(registry): State<R>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    // Every value of a header named more than once, as one list.
    let header = |name| {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|v: &HeaderValue| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    let reply = crate::scrape::reply(
        &registry,
        uri.query(),
        header(ACCEPT).as_deref(),
        header(ACCEPT_ENCODING).as_deref(),
    );
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static(reply.content_type))],
        reply.body,
    )
        .into_response();
    if status == StatusCode::OK {
        response
            .headers_mut()
            .insert(VARY, HeaderValue::from_static("Accept, Accept-Encoding"));
    }
    if reply.gzip {
        response
            .headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

/// The response for `registry` in `format`, uncompressed: `200` with the
/// exposition and its `Content-Type`, or `500` if encoding fails (a
/// metric's encoder returned an error).
///
/// ```
/// use axum::http::{header::CONTENT_TYPE, StatusCode};
/// use metrics_runtime::http::respond;
/// use metrics_runtime::{metrics_family, Counter, Format, Registry};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(App::new()).unwrap();
/// let response = respond(&registry, Format::OpenMetrics);
/// assert_eq!(response.status(), StatusCode::OK);
/// assert_eq!(response.headers()[CONTENT_TYPE], Format::OpenMetrics.content_type());
/// ```
pub fn respond(registry: &impl Scrape, format: Format) -> Response {
    match registry.scrape(format) {
        Ok(body) => (
            [
                (
                    CONTENT_TYPE,
                    HeaderValue::from_static(format.content_type()),
                ),
                (VARY, HeaderValue::from_static("Accept")),
            ],
            body,
        )
            .into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "encoding the metrics failed\n",
        )
            .into_response(),
    }
}

/// The format a `format=...` query parameter asks for: `Ok(None)` when there
/// is none, `Err(value)` when it names no format. Accepted values: `text`,
/// `prometheus` and `0.0.4` for [`Format::Text`]; `openmetrics` for
/// [`Format::OpenMetrics`].
///
/// ```
/// use metrics_runtime::http::format_override;
/// use metrics_runtime::Format;
///
/// assert_eq!(format_override(Some("format=text")), Ok(Some(Format::Text)));
/// assert_eq!(format_override(Some("x=1&format=openmetrics")), Ok(Some(Format::OpenMetrics)));
/// assert_eq!(format_override(None), Ok(None));
/// assert_eq!(format_override(Some("format=json")), Err("json".to_owned()));
/// ```
pub fn format_override(query: Option<&str>) -> Result<Option<Format>, String> {
    crate::scrape::format_override(query)
}
