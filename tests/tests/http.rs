//! The runtime's axum handler (feature `axum`) on the reference catalogue:
//! the format follows `Accept`, `?format=` overrides it, and the
//! `Content-Type` says which one came back.

use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::State;
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use metrics_runtime::http::metrics_handler;
use metrics_runtime::prometheus_client::registry::Registry;
use metrics_runtime::{encode, Format};
use reference_node::ReferenceMetrics;

/// What Prometheus 2.42 sends.
const PROMETHEUS_ACCEPT: &str = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

fn registry() -> Arc<Registry> {
    let metrics = ReferenceMetrics::new();
    let mut registry = Registry::default();
    metrics.register(&mut registry).unwrap();
    metrics.context.execution_duration.observe("ctx-1", 40.0);
    Arc::new(registry)
}

async fn get(accept: Option<&str>, uri: &str) -> (StatusCode, String, String) {
    let mut headers = HeaderMap::new();
    if let Some(accept) = accept {
        headers.insert(ACCEPT, HeaderValue::from_str(accept).unwrap());
    }
    let response = metrics_handler(State(registry()), headers, uri.parse::<Uri>().unwrap()).await;
    let status = response.status();
    let content_type = response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn plain_request_gets_text() {
    let (status, content_type, body) = get(None, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    assert_eq!(body, encode(&registry(), Format::Text).unwrap());
    assert!(body.contains("le=\"32\""));
}

#[tokio::test]
async fn openmetrics_accept_gets_openmetrics() {
    for accept in [
        "application/openmetrics-text; version=1.0.0",
        PROMETHEUS_ACCEPT,
    ] {
        let (status, content_type, body) = get(Some(accept), "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            content_type,
            "application/openmetrics-text; version=1.0.0; charset=utf-8"
        );
        assert_eq!(body, encode(&registry(), Format::OpenMetrics).unwrap());
        assert!(body.ends_with("# EOF\n"));
    }
}

#[tokio::test]
async fn format_parameter_overrides_accept() {
    let (_, content_type, body) = get(Some(PROMETHEUS_ACCEPT), "/metrics?format=text").await;
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    assert!(body.contains("execution_duration_seconds_bucket{context_id=\"ctx-1\",le=\"32\"} 0"));
    let (_, content_type, _) = get(None, "/metrics?format=openmetrics").await;
    assert!(content_type.starts_with("application/openmetrics-text"));
}

#[tokio::test]
async fn unknown_format_is_a_bad_request() {
    let (status, _, body) = get(None, "/metrics?format=json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        // The workspace's runtime has `protobuf` (the reference node's).
        if metrics_runtime::Scrape::scrape_protobuf(&metrics_runtime::Registry::new()).is_some() {
            "unknown format `json`; use `format=text`, `format=openmetrics` or `format=protobuf`\n"
        } else {
            "unknown format `json`; use `format=text` or `format=openmetrics`\n"
        }
    );
}
