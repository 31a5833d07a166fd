//! Serving a registry from a background thread (feature `serve`), for a
//! service with no async runtime of its own.
//!
//! See [`serve`].

use std::io;
use std::net::{Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::encode::Scrape;
use crate::scrape::reply;

/// Serves `registry` at `http://127.0.0.1:{port}/metrics` from a background
/// thread, and returns once the port is bound. Loopback only: use
/// [`serve_on`] to listen elsewhere. Port 0 takes a free port
/// ([`Serving::addr`] says which).
///
/// `GET /metrics` (and `HEAD`) answers with the whole registry in the
/// format the scraper's `Accept` header asks for
/// ([`Format::negotiate`](crate::Format::negotiate)), or the one a
/// `?format=text` or `?format=openmetrics` parameter forces (any other
/// value: `400`), gzipped when `Accept-Encoding` allows gzip (Prometheus
/// asks on every scrape). Another path is `404`, another method `405`, a
/// registry that fails to encode `500`. Scrapes are answered one at a time.
///
/// The server runs until [`Serving::stop`]; dropping the [`Serving`] leaves
/// it running for the rest of the process.
///
/// ```
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
/// let serving = metrics_runtime::serve(registry, 0)?;
/// assert!(serving.addr().ip().is_loopback());
/// serving.stop();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn serve(registry: impl Scrape + Send + 'static, port: u16) -> io::Result<Serving> {
    serve_on(registry, (Ipv4Addr::LOCALHOST, port))
}

/// As [`serve`], listening on `addr`: for instance `"0.0.0.0:9464"` for
/// every IPv4 interface, so that a Prometheus on another host can scrape.
///
/// ```
/// use std::io::{Read, Write};
/// use std::net::TcpStream;
///
/// use metrics_runtime::{metrics_family, serve_on, Counter, Registry};
///
/// #[metrics_family]
/// struct App {
///     /// Requests served
///     requests: Counter,
/// }
///
/// let registry = Registry::new();
/// registry.register(App::new())?.requests.inc();
/// let serving = serve_on(registry, "127.0.0.1:0")?; // port 0: any free port
///
/// let mut scrape = TcpStream::connect(serving.addr())?;
/// scrape.write_all(b"GET /metrics?format=text HTTP/1.1\r\nConnection: close\r\n\r\n")?;
/// let mut response = String::new();
/// scrape.read_to_string(&mut response)?;
/// assert!(response.starts_with("HTTP/1.1 200"), "{response}");
/// assert!(response.ends_with("\nrequests_total 1\n"), "{response}");
/// serving.stop();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn serve_on(
    registry: impl Scrape + Send + 'static,
    addr: impl ToSocketAddrs,
) -> io::Result<Serving> {
    let server = Server::http(addr).map_err(io::Error::other)?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("the server is not on an IP address"))?;
    let server = Arc::new(server);
    let thread = std::thread::Builder::new()
        .name(format!("metrics {addr}"))
        .spawn({
            let server = Arc::clone(&server);
            move || {
                for request in server.incoming_requests() {
                    // A scraper that hung up is no concern of the server's.
                    let _ = answer(&registry, request);
                }
            }
        })?;
    Ok(Serving {
        addr,
        server,
        thread,
    })
}

/// A running server, from [`serve`] or [`serve_on`].
///
/// ```
/// use metrics_runtime::{serve, Registry, Serving};
///
/// let serving: Serving = serve(Registry::new(), 0)?;
/// let addr = serving.addr();
/// assert!(addr.ip().is_loopback());
/// assert_ne!(addr.port(), 0); // the free port taken
/// serving.stop(); // or drop it, to serve for the rest of the process
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Serving {
    addr: SocketAddr,
    server: Arc<Server>,
    thread: JoinHandle<()>,
}

impl std::fmt::Debug for Serving {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serving")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Serving {
    /// The address the server is bound to.
    ///
    /// ```
    /// use metrics_runtime::{serve_on, Registry};
    ///
    /// let serving = serve_on(Registry::new(), "127.0.0.1:0")?;
    /// assert_eq!(serving.addr().ip().to_string(), "127.0.0.1");
    /// assert_ne!(serving.addr().port(), 0);
    /// serving.stop();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server: no new scrape is answered, and this returns once
    /// the scrape being answered, if any, is done. tiny_http's accept thread
    /// closes the listening socket moments later (it is woken by a
    /// connection of its own), so binding the same port at once may still
    /// fail.
    ///
    /// ```
    /// use std::io::{Read, Write};
    /// use std::net::TcpStream;
    ///
    /// use metrics_runtime::{serve, Registry};
    ///
    /// let serving = serve(Registry::new(), 0)?;
    /// let mut scrape = TcpStream::connect(serving.addr())?;
    /// scrape.write_all(b"GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n")?;
    /// let mut response = String::new();
    /// scrape.read_to_string(&mut response)?;
    /// assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    /// serving.stop(); // returns once no scrape is being answered
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stop(self) {
        self.server.unblock();
        let _ = self.thread.join();
    }
}

fn answer(registry: &impl Scrape, request: Request) -> io::Result<()> {
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_owned())
    };
    let (path, query) = match request.url().split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (request.url().to_owned(), None),
    };
    if path != "/metrics" {
        return request.respond(Response::empty(404));
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request.respond(Response::empty(405).with_header(fixed("Allow", "GET,HEAD")));
    }
    let reply = reply(
        registry,
        query.as_deref(),
        header("Accept").as_deref(),
        header("Accept-Encoding").as_deref(),
    );
    let mut response = Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(fixed("Content-Type", reply.content_type));
    if reply.status == 200 {
        response.add_header(fixed("Vary", "Accept, Accept-Encoding"));
    }
    if reply.gzip {
        response.add_header(fixed("Content-Encoding", "gzip"));
    }
    request.respond(response)
}

/// A header whose name and value are ASCII constants.
fn fixed(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| unreachable!("`{name}: {value}` is a valid header"))
}
