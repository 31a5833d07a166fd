//! An axum HTTP service with the metrics every HTTP service wants: requests
//! by method, route and status class (two enum labels beside a free-form
//! one, in one metric), a latency histogram and an in-flight
//! gauge, recorded by one middleware and served by
//! `metrics_runtime::http::router` beside the application's routes.
//!
//! For a moment it sends a fixed list of requests to itself over loopback,
//! then fetches `GET /metrics` from itself and prints that scrape:
//!
//! ```sh
//! cargo run -p example-axum-service                 # OpenMetrics
//! cargo run -p example-axum-service -- text         # the 0.0.4 text format
//! ```

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use metrics_runtime::{metrics_family, Counter, Gauge, Histogram, LabelValue, Registry};

/// The request's method: a closed set, so a label enum.
#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Method {
    /// `GET`.
    #[label(rename = "GET")]
    Get,
    /// `POST`.
    #[label(rename = "POST")]
    Post,
    /// `PUT`.
    #[label(rename = "PUT")]
    Put,
    /// `DELETE`.
    #[label(rename = "DELETE")]
    Delete,
    /// Any other method.
    #[label(rename = "OTHER")]
    Other,
}

impl From<&axum::http::Method> for Method {
    fn from(method: &axum::http::Method) -> Self {
        match *method {
            axum::http::Method::GET => Method::Get,
            axum::http::Method::POST => Method::Post,
            axum::http::Method::PUT => Method::Put,
            axum::http::Method::DELETE => Method::Delete,
            _ => Method::Other,
        }
    }
}

/// The class of the response's status code.
#[derive(Clone, Copy, Debug, LabelValue)]
pub enum StatusClass {
    /// `1xx`.
    #[label(rename = "1xx")]
    Informational,
    /// `2xx`.
    #[label(rename = "2xx")]
    Success,
    /// `3xx`.
    #[label(rename = "3xx")]
    Redirection,
    /// `4xx`.
    #[label(rename = "4xx")]
    ClientError,
    /// `5xx`.
    #[label(rename = "5xx")]
    ServerError,
}

impl From<StatusCode> for StatusClass {
    fn from(status: StatusCode) -> Self {
        match status.as_u16() {
            100..=199 => StatusClass::Informational,
            200..=299 => StatusClass::Success,
            300..=399 => StatusClass::Redirection,
            400..=499 => StatusClass::ClientError,
            _ => StatusClass::ServerError,
        }
    }
}

/// The route label of a request no route matched (its raw path would be an
/// unbounded label).
pub const UNMATCHED: &str = "unmatched";

/// The service's HTTP metrics.
#[metrics_family(prefix = "http")]
pub struct HttpMetrics {
    /// Requests answered, by method, route template and status class
    #[metric(labels(method: Method, route: String, status: StatusClass), max_series = 500)]
    pub requests: Counter,
    /// Time from request to response
    #[metric(
        labels(method: Method),
        unit = "seconds",
        buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    )]
    pub request_duration: Histogram,
    /// Requests being answered now
    pub requests_in_flight: Gauge,
}

/// One request in flight: counted from `start` until dropped, so a request
/// whose client hangs up (its future dropped mid-way) is not counted forever.
struct InFlight<'a>(&'a HttpMetrics);

impl<'a> InFlight<'a> {
    fn start(metrics: &'a HttpMetrics) -> Self {
        metrics.requests_in_flight.inc();
        Self(metrics)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.requests_in_flight.dec();
    }
}

/// Records every request that goes through it into `metrics`.
async fn record(State(metrics): State<Arc<HttpMetrics>>, request: Request, next: Next) -> Response {
    let method = Method::from(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let started = Instant::now();
    let in_flight = InFlight::start(&metrics);
    let response = next.run(request).await;
    drop(in_flight);
    metrics
        .request_duration
        .observe_duration(method, started.elapsed());
    metrics
        .requests
        .inc(method, &route, StatusClass::from(response.status()));
    response
}

async fn get_user(Path(id): Path<u32>) -> Result<String, StatusCode> {
    match id {
        0 => Err(StatusCode::INTERNAL_SERVER_ERROR),
        1..=100 => Ok(format!("user {id}\n")),
        _ => Err(StatusCode::NOT_FOUND),
    }
}

async fn create_user() -> StatusCode {
    StatusCode::CREATED
}

async fn health() -> &'static str {
    "ok\n"
}

/// The application's routes, each request recorded, and `/metrics`, which
/// is not (a scrape is not the service's traffic).
fn app(registry: &Registry) -> Router {
    let metrics = registry
        .register(HttpMetrics::new())
        .expect("the registry holds nothing else with these names");
    Router::new()
        .route("/users/{id}", get(get_user).delete(get_user))
        .route("/users", post(create_user))
        .route("/health", get(health))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(middleware::from_fn_with_state(metrics, record))
        .merge(metrics_runtime::http::router(registry.clone()))
}

/// The requests the service sends itself: (method, path), each once a round.
const TRAFFIC: &[(&str, &str)] = &[
    ("GET", "/users/1"),
    ("GET", "/users/2"),
    ("GET", "/users/404"),
    ("GET", "/users/0"),
    ("DELETE", "/users/3"),
    ("PUT", "/users/3"),
    ("POST", "/users"),
    ("GET", "/health"),
    ("GET", "/no/such/page"),
];

/// How many times the service goes through [`TRAFFIC`].
const ROUNDS: usize = 5;

/// One HTTP/1.0 request over a fresh connection: the status and the body.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    accept: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nAccept: {accept}\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("a response without a header end"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {head:?}")))?;
    Ok((status, body.to_owned()))
}

/// The traffic, then one scrape in the format `accept` asks for.
fn drive(addr: SocketAddr, accept: &str) -> std::io::Result<String> {
    for _ in 0..ROUNDS {
        for (method, path) in TRAFFIC {
            request(addr, method, path, "*/*")?;
        }
    }
    match request(addr, "GET", "/metrics", accept)? {
        (200, scrape) => Ok(scrape),
        (status, body) => Err(std::io::Error::other(format!("scrape: {status} {body}"))),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let accept = match std::env::args().nth(1).as_deref() {
        None | Some("openmetrics") => "application/openmetrics-text",
        Some("text") => "text/plain",
        Some(other) => {
            eprintln!("usage: example-axum-service [openmetrics|text], not {other:?}");
            std::process::exit(2);
        }
    };
    let registry = Registry::new();
    // Loopback, on a free port.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    eprintln!("serving http://{addr}/metrics");
    let server = tokio::spawn(std::future::IntoFuture::into_future(axum::serve(
        listener,
        app(&registry),
    )));
    // The client blocks, so it runs off the runtime's thread.
    let scrape = tokio::task::spawn_blocking(move || drive(addr, accept))
        .await
        .map_err(std::io::Error::other)??;
    server.abort();
    print!("{scrape}");
    Ok(())
}
