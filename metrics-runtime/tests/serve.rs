//! `serve` (feature `serve`), over a real socket on loopback: format
//! negotiation, `?format=`, gzip, HEAD, 405, 404, 400, and stopping.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

mod common;

use common::accept::{body_for, legacy_valid, with_escaping, CASES, ESCAPING};

use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
use metrics_runtime::{
    encode, metrics_family, serve, serve_on, Counter, Format, Histogram, Registry,
};

#[metrics_family(prefix = "served")]
struct Served {
    /// Requests
    requests: Counter,
    /// Latency
    #[metric(unit = "seconds", buckets = [0.1, 32])]
    latency: Histogram,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// One request over HTTP/1.1 with `Connection: close`; reads the whole
/// answer (identity or chunked body).
fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v == "chunked");
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap(), 16).unwrap();
            rest = &rest[end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Answer {
        status,
        headers,
        body,
    }
}

/// Whether a request to `addr` gets no answer (the listener may still
/// accept for a moment after `stop`, but nothing reads the request).
fn request_fails(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return true;
    };
    stream
        .set_read_timeout(Some(std::time::Duration::from_millis(300)))
        .unwrap();
    let _ = stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut raw = Vec::new();
    let answered = stream.read_to_end(&mut raw).is_ok() && raw.starts_with(b"HTTP/1.1 200");
    !answered
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a gzip body");
    text
}

fn registry() -> Registry {
    let registry = Registry::new();
    let served = registry.register(Served::new()).unwrap();
    served.requests.inc();
    served.latency.observe(40.0);
    registry
}

#[test]
fn negotiates_the_format_and_gzips_when_asked() {
    let registry = registry();
    let serving = serve(registry.clone(), 0).unwrap();
    let addr = serving.addr();
    assert!(addr.ip().is_loopback(), "{addr}");

    let plain = request(addr, "GET", "/metrics", &[]);
    assert_eq!(plain.status, 200);
    assert_eq!(
        plain.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), registry.encode(Format::Text).unwrap());
    assert!(plain.text().contains("le=\"32\""));

    // What Prometheus 2.42 sends on every scrape.
    let prometheus = request(
        addr,
        "GET",
        "/metrics",
        &[
            ("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
            ("Accept-Encoding", "gzip"),
        ],
    );
    assert_eq!(prometheus.status, 200);
    assert_eq!(
        prometheus.header("content-type"),
        Some("application/openmetrics-text; version=1.0.0; charset=utf-8")
    );
    assert_eq!(prometheus.header("content-encoding"), Some("gzip"));
    assert_eq!(prometheus.header("vary"), Some("Accept, Accept-Encoding"));
    assert_eq!(
        gunzip(&prometheus.body),
        registry.encode(Format::OpenMetrics).unwrap()
    );

    let forced = request(
        addr,
        "GET",
        "/metrics?format=text",
        &[("Accept-Encoding", "gzip, deflate")],
    );
    assert_eq!(
        forced.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    assert_eq!(gunzip(&forced.body), registry.encode(Format::Text).unwrap());

    let refused = request(addr, "GET", "/metrics", &[("Accept-Encoding", "gzip;q=0")]);
    assert_eq!(refused.header("content-encoding"), None);
    assert_eq!(refused.text(), registry.encode(Format::Text).unwrap());
    serving.stop();
}

#[test]
fn answers_head_and_refuses_other_methods_paths_and_formats() {
    let serving = serve(registry(), 0).unwrap();
    let addr = serving.addr();
    let head = request(addr, "HEAD", "/metrics", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = request(addr, "POST", "/metrics", &[]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET,HEAD"));
    assert_eq!(request(addr, "GET", "/", &[]).status, 404);
    assert_eq!(request(addr, "GET", "/metrics/x", &[]).status, 404);
    let bad = request(
        addr,
        "GET",
        "/metrics?format=json",
        &[("Accept-Encoding", "gzip")],
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.text(),
        if cfg!(feature = "protobuf") {
            "unknown format `json`; use `format=text`, `format=openmetrics` or `format=protobuf`\n"
        } else {
            "unknown format `json`; use `format=text` or `format=openmetrics`\n"
        }
    );
    serving.stop();
}

#[test]
fn stopping_frees_the_port_and_other_sources_serve_too() {
    let serving = serve(registry(), 0).unwrap();
    let addr = serving.addr();
    serving.stop();
    assert!(
        TcpStream::connect(addr).is_err() || request_fails(addr),
        "nothing answers after stop"
    );
    // The port is free again, moments later.
    let mut again = None;
    for _ in 0..100 {
        if let Ok(serving) = serve_on(registry(), addr) {
            again = Some(serving);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let again = again.expect("the port is free within a second of stop");
    assert_eq!(again.addr(), addr);
    assert_eq!(request(addr, "GET", "/metrics", &[]).status, 200);
    again.stop();

    // A prometheus-client registry, shared.
    let served = Served::new();
    let mut theirs = PcRegistry::default();
    served.register(&mut theirs).unwrap();
    let theirs = Arc::new(theirs);
    let serving = serve(Arc::clone(&theirs), 0).unwrap();
    let answer = request(serving.addr(), "GET", "/metrics", &[]);
    assert_eq!(answer.text(), encode(&theirs, Format::Text).unwrap());
    serving.stop();

    // The process-wide registry.
    Registry::global()
        .register(Served::new())
        .unwrap()
        .requests
        .inc_by(7);
    let serving = serve(Registry::global(), 0).unwrap();
    let answer = request(serving.addr(), "GET", "/metrics", &[]);
    assert!(
        answer.text().contains("served_requests_total 7\n"),
        "{}",
        answer.text()
    );
    serving.stop();
}

#[test]
fn binding_a_taken_port_is_an_error() {
    let serving = serve(registry(), 0).unwrap();
    assert!(serve_on(registry(), serving.addr()).is_err());
    serving.stop();
}

#[test]
fn every_default_prometheus_accept_header_gets_a_body_its_content_type_names() {
    let registry = registry();
    let serving = serve(registry.clone(), 0).unwrap();
    let addr = serving.addr();
    for case in CASES {
        let got = request(addr, "GET", "/metrics", &[("Accept", case.accept)]);
        assert_eq!(got.status, 200, "{}", case.who);
        let content_type = got.header("content-type").unwrap();
        assert_eq!(content_type, case.expected(), "{}", case.who);
        assert_eq!(got.body, body_for(&registry, content_type), "{}", case.who);
        // Gzipped the same.
        let zipped = request(
            addr,
            "GET",
            "/metrics",
            &[("Accept", case.accept), ("Accept-Encoding", "gzip")],
        );
        assert_eq!(
            zipped.header("content-type"),
            Some(content_type),
            "{}",
            case.who
        );
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&zipped.body[..])
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, got.body, "{}", case.who);
    }
    serving.stop();
}

#[test]
fn every_escaping_scheme_leaves_the_body_as_it_is() {
    let registry = registry();
    let serving = serve(registry.clone(), 0).unwrap();
    let addr = serving.addr();
    for scheme in ESCAPING {
        for (accept, content_type) in with_escaping(scheme) {
            let got = request(addr, "GET", "/metrics", &[("Accept", &accept)]);
            assert_eq!(got.header("content-type"), Some(content_type), "{accept}");
            assert_eq!(got.body, body_for(&registry, content_type), "{accept}");
        }
    }
    // Because every name and label name written is legacy-valid.
    for (format, openmetrics) in [(Format::OpenMetrics, true), (Format::Text, false)] {
        let parsed = common::parse(&registry.encode(format).unwrap(), openmetrics).unwrap();
        assert!(!parsed.samples.is_empty());
        for sample in &parsed.samples {
            assert!(legacy_valid(&sample.name, false), "{}", sample.name);
            for (label, _) in &sample.labels {
                assert!(legacy_valid(label, true), "{label}");
            }
        }
    }
    serving.stop();
}
