//! The application side of a library with metrics: it owns the registry,
//! hands it to `example-pool-lib` (two pools, two instances of the
//! library's family), registers its own family beside them, and serves the
//! whole registry with `metrics_runtime::serve`.
//!
//! It runs a fixed batch of requests, each needing a connection, then
//! fetches `GET /metrics` from its own server and prints that scrape:
//!
//! ```sh
//! cargo run -p example-pool-app                 # OpenMetrics
//! cargo run -p example-pool-app -- text         # the 0.0.4 text format
//! ```

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use example_pool_lib::Pool;
use metrics_runtime::{metrics_family, Counter, Registry};

/// The application's own metrics.
#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests handled
    pub requests: Counter,
    /// Requests turned away for want of a connection
    pub rejected: Counter,
}

/// Requests in the batch.
const REQUESTS: u64 = 20;

/// `GET /metrics` over HTTP/1.0, asking for `accept`: the body.
fn scrape(addr: SocketAddr, accept: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET /metrics HTTP/1.0\r\nHost: {addr}\r\nAccept: {accept}\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    match response.split_once("\r\n\r\n") {
        Some((head, body))
            if head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200") =>
        {
            Ok(body.to_owned())
        }
        _ => Err(std::io::Error::other(format!("scrape failed: {response}"))),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let accept = match std::env::args().nth(1).as_deref() {
        None | Some("openmetrics") => "application/openmetrics-text",
        Some("text") => "text/plain",
        Some(other) => {
            eprintln!("usage: example-pool-app [openmetrics|text], not {other:?}");
            std::process::exit(2);
        }
    };
    // The application's registry: the library registers into it.
    let registry = Registry::new();
    let app = registry.register(AppMetrics::new())?;
    let primary = Pool::new("primary", 2, &registry)?;
    let replica = Pool::new("replica", 1, &registry)?;

    // Reads go to the replica, falling back to the primary; every fifth
    // request is a write, which needs the primary. A request holds its
    // connection while the next two arrive, so the pools run short.
    let mut held = std::collections::VecDeque::new();
    for request in 0..REQUESTS {
        app.requests.inc();
        let connection = if request.is_multiple_of(5) {
            primary.checkout()
        } else {
            replica.checkout().or_else(|| primary.checkout())
        };
        if connection.is_none() {
            app.rejected.inc();
        }
        held.push_back(connection);
        if held.len() > 2 {
            held.pop_front();
        }
    }
    drop(held);

    let serving = metrics_runtime::serve(registry, 0)?;
    eprintln!("serving http://{}/metrics", serving.addr());
    print!("{}", scrape(serving.addr(), accept)?);
    serving.stop();
    Ok(())
}
