//! The axum handler (feature `axum`) on this crate's `Registry` and on a
//! prometheus-client registry: format negotiation, `?format=`, gzip.

use std::future::Future;
use std::io::Read as _;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

mod common;

use common::accept::{body_for, with_escaping, CASES, ESCAPING};

use axum::body::to_bytes;
use axum::extract::State;
use axum::http::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use metrics_runtime::http::metrics_handler;
use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{encode, metrics_family, Counter, Format, Registry, Scrape};

#[metrics_family(const_labels(peer: String))]
struct Peer {
    /// Dials
    dials: Counter,
}

/// Runs a future that never waits on I/O (the handler and an in-memory
/// body) to completion.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("the future did not complete");
}

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

fn get<R: Scrape + Clone + Send + Sync + 'static>(
    registry: R,
    uri: &str,
    headers: &[(axum::http::HeaderName, &str)],
) -> Got {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        // `append`: a header given twice is two values, as on the wire.
        map.append(name.clone(), HeaderValue::from_str(value).unwrap());
    }
    let response = run(metrics_handler(
        State(registry),
        map,
        uri.parse::<Uri>().unwrap(),
    ));
    let status = response.status();
    let headers = response.headers().clone();
    let body = run(to_bytes(response.into_body(), usize::MAX))
        .unwrap()
        .to_vec();
    Got {
        status,
        headers,
        body,
    }
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn our_registry_is_served_gzipped_when_asked() {
    let registry = Registry::new();
    registry
        .get_or_create::<Peer>("a".to_owned())
        .unwrap()
        .dials
        .inc();
    registry.get_or_create::<Peer>("b".to_owned()).unwrap();

    let got = get(
        registry.clone(),
        "/metrics",
        &[
            (ACCEPT_ENCODING, "gzip"),
            (ACCEPT, "application/openmetrics-text"),
        ],
    );
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers[CONTENT_ENCODING], "gzip");
    assert_eq!(got.headers[VARY], "Accept, Accept-Encoding");
    assert_eq!(
        got.headers[CONTENT_TYPE],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    assert_eq!(
        gunzip(&got.body),
        registry.encode(Format::OpenMetrics).unwrap()
    );

    let plain = get(registry.clone(), "/metrics", &[]);
    assert!(plain.headers.get(CONTENT_ENCODING).is_none());
    assert_eq!(
        plain.headers[CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(
        String::from_utf8(plain.body).unwrap(),
        registry.encode(Format::Text).unwrap()
    );

    let forced = get(
        registry.clone(),
        "/metrics?format=openmetrics",
        &[(ACCEPT_ENCODING, "br, gzip;q=0.5")],
    );
    assert_eq!(
        gunzip(&forced.body),
        registry.encode(Format::OpenMetrics).unwrap()
    );

    let bad = get(
        registry,
        "/metrics?format=json",
        &[(ACCEPT_ENCODING, "gzip")],
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.headers.get(CONTENT_ENCODING).is_none());
    assert_eq!(
        String::from_utf8(bad.body).unwrap(),
        if cfg!(feature = "protobuf") {
            "unknown format `json`; use `format=text`, `format=openmetrics` or `format=protobuf`\n"
        } else {
            "unknown format `json`; use `format=text` or `format=openmetrics`\n"
        }
    );
}

#[test]
fn each_value_of_a_header_given_twice_is_read() {
    let got = get(
        served(),
        "/metrics",
        &[(ACCEPT_ENCODING, "br"), (ACCEPT_ENCODING, "gzip")],
    );
    assert_eq!(got.headers[CONTENT_ENCODING], "gzip");
    assert!(gunzip(&got.body).contains("dials_total"));
}

#[test]
fn a_prometheus_client_registry_is_served_the_same_way() {
    let peer = Peer::new("a".to_owned());
    peer.dials.inc_by(3);
    let mut theirs = PcRegistry::default();
    peer.register(&mut theirs).unwrap();
    let theirs = Arc::new(theirs);
    let got = get(
        Arc::clone(&theirs),
        "/metrics",
        &[(ACCEPT_ENCODING, "gzip")],
    );
    assert_eq!(gunzip(&got.body), encode(&theirs, Format::Text).unwrap());
    assert!(gunzip(&got.body).contains("dials_total{peer=\"a\"} 3\n"));
    // The router builds for both, and for a prometheus-client registry
    // by value (the router shares it in an `Arc` of its own).
    let _: axum::Router = metrics_runtime::http::router(theirs);
    let _: axum::Router = metrics_runtime::http::router(Registry::new());
    let _: axum::Router = metrics_runtime::http::router(PcRegistry::default());
}

#[test]
fn the_router_answers_404_elsewhere_and_405_to_other_methods() {
    use axum::body::Body;
    use axum::http::{Method, Request};
    use tower_service::Service as _;

    let mut router = metrics_runtime::http::router(Registry::new());
    let mut call = |method: Method, uri: &str| {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap();
        run(router.call(request)).unwrap()
    };
    let ok = call(Method::GET, "/metrics");
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(call(Method::HEAD, "/metrics").status(), StatusCode::OK);
    assert_eq!(
        call(Method::POST, "/metrics").status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(call(Method::GET, "/").status(), StatusCode::NOT_FOUND);
    assert_eq!(
        call(Method::GET, "/metrics?format=yaml").status(),
        StatusCode::BAD_REQUEST
    );
}

fn served() -> Registry {
    let registry = Registry::new();
    registry
        .get_or_create::<Peer>("a".to_owned())
        .unwrap()
        .dials
        .inc();
    registry
}

#[test]
fn every_default_prometheus_accept_header_gets_a_body_its_content_type_names() {
    let registry = served();
    for case in CASES {
        let got = get(registry.clone(), "/metrics", &[(ACCEPT, case.accept)]);
        assert_eq!(got.status, StatusCode::OK, "{}", case.who);
        let content_type = got.headers[CONTENT_TYPE].to_str().unwrap();
        assert_eq!(content_type, case.expected(), "{}", case.who);
        assert_eq!(got.body, body_for(&registry, content_type), "{}", case.who);
    }
}

#[test]
fn every_escaping_scheme_leaves_the_body_as_it_is() {
    let registry = served();
    for scheme in ESCAPING {
        for (accept, content_type) in with_escaping(scheme) {
            let got = get(registry.clone(), "/metrics", &[(ACCEPT, &accept)]);
            assert_eq!(got.headers[CONTENT_TYPE], content_type, "{accept}");
            assert_eq!(got.body, body_for(&registry, content_type), "{accept}");
        }
    }
}

#[test]
fn format_protobuf_is_forced_or_refused_by_the_build() {
    let registry = served();
    let got = get(
        registry.clone(),
        "/metrics?format=protobuf",
        &[(ACCEPT, "text/plain")],
    );
    if cfg!(feature = "protobuf") {
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.headers[CONTENT_TYPE], common::accept::PROTOBUF);
        assert_eq!(got.body, body_for(&registry, common::accept::PROTOBUF));
    } else {
        assert_eq!(got.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            String::from_utf8(got.body).unwrap(),
            "`format=protobuf` needs the feature `protobuf` of metrics-runtime\n"
        );
    }
    // `?format=text` wins over a protobuf `Accept`.
    let text = get(
        registry.clone(),
        "/metrics?format=text",
        &[(ACCEPT, CASES[3].accept)],
    );
    assert_eq!(text.headers[CONTENT_TYPE], common::accept::TEXT);
}
