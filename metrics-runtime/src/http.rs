//! Serving a registry over HTTP with [axum](https://docs.rs/axum) (feature
//! `axum`).
//!
//! [`router`] answers `GET /metrics` (and `HEAD`) with the whole registry,
//! in the format the scraper's `Accept` header asks for ([`Format::negotiate`]),
//! with the matching `Content-Type`. A `format` query parameter overrides the
//! negotiation: `?format=text` (the 0.0.4 text format) or
//! `?format=openmetrics`. Prometheus scrape configs can send it with
//! `params: { format: [text] }`.
//!
//! Why the override: Prometheus 2.x prefers OpenMetrics, in which
//! prometheus-client writes bucket bounds as floats (`le="32.0"`), and
//! Prometheus 2.x stores `le` as exposed; queries written against the 0.0.4
//! text format's `le="32"` then match nothing. Scraping with
//! `?format=text` keeps `le="32"`.
//!
//! ```
//! use std::sync::Arc;
//! use metrics_runtime::prometheus_client::registry::Registry;
//!
//! let registry = Arc::new(Registry::default());
//! let app: axum::Router = metrics_runtime::http::router(registry);
//! // Then, with axum's `tokio` feature:
//! // axum::serve(tokio::net::TcpListener::bind("127.0.0.1:9464").await?, app).await
//! ```

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{ACCEPT, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::registry::Registry;

use crate::encode::{encode, Format};

/// A router serving `registry` at `GET /metrics`; see the [module
/// docs](self). Merge or nest it into an application's router, or serve it
/// alone.
pub fn router(registry: Arc<Registry>) -> Router {
    Router::new()
        .route("/metrics", get(metrics_handler))
        .with_state(registry)
}

/// The handler behind [`router`], for mounting at another path:
/// `Router::new().route("/prom", get(metrics_handler)).with_state(registry)`.
pub async fn metrics_handler(
    State(registry): State<Arc<Registry>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let accept = headers.get(ACCEPT).and_then(|v| v.to_str().ok());
    match format_override(uri.query()) {
        Ok(forced) => respond(
            &registry,
            forced.unwrap_or_else(|| Format::negotiate(accept)),
        ),
        Err(bad) => (
            StatusCode::BAD_REQUEST,
            format!("unknown format `{bad}`; use `format=text` or `format=openmetrics`\n"),
        )
            .into_response(),
    }
}

/// The response for `registry` in `format`: `200` with the exposition and its
/// `Content-Type`, or `500` if encoding fails (a metric's encoder returned
/// an error).
pub fn respond(registry: &Registry, format: Format) -> Response {
    match encode(registry, format) {
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
            "text" | "prometheus" | "0.0.4" => Format::Text,
            "openmetrics" => Format::OpenMetrics,
            _ => return Err(value.to_owned()),
        });
    }
    Ok(found)
}
