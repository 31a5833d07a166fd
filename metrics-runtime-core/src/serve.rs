//! Serving a registry from a background thread (feature `serve`), for a
//! service with no async runtime of its own.
//!
//! See [`serve`].

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::encode::Scrape;
use crate::scrape::{reply, Reply};

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
/// registry that fails to encode `500`. Scrapes are encoded one at a time.
///
/// What one client can take is bounded: at most 16 connections at once
/// (past that, the connection that has waited longest for its request is
/// closed to make room, so idle or trickling connections cannot lock
/// scrapes out), a request head of at most 16 KiB (`431` past it), 10
/// seconds for a request head to arrive and for each write of an answer,
/// and a minute for a whole answer (a connection idle that long, or a
/// client that stops reading, is closed). Each connection has a thread of
/// its own, so a slow client delays no other scrape, and a panic while
/// encoding is answered `500`. Connections are kept alive between scrapes,
/// as Prometheus keeps them; a request with a body is answered and its
/// connection closed.
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
    serve_with(registry, addr, Limits::DEFAULT)
}

/// What one client can take of the server.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// Connections served at once.
    connections: usize,
    /// Bytes of a request's head: its request line and headers.
    head: usize,
    /// For a request head to arrive, and for each write of an answer (a
    /// whole answer: six times this).
    timeout: Duration,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        connections: 16,
        head: 16 * 1024,
        timeout: Duration::from_secs(10),
    };
}

/// What the accept thread and the connections' threads share.
struct Shared<R> {
    /// Locked for the encoding only, not for the writing of the answer.
    registry: Mutex<R>,
    limits: Limits,
    stopping: AtomicBool,
    /// What `Conn::waiting` counts from.
    started: Instant,
    /// The open connections.
    open: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    next: u64,
    connections: HashMap<u64, Conn>,
}

/// One open connection, as the accept loop and `stop` see it.
struct Conn {
    /// A handle on its socket, to end it.
    stream: TcpStream,
    /// Its thread, to wait for when stopping.
    thread: Option<JoinHandle<()>>,
    /// 0 while it answers; else when it began waiting for a request head
    /// (nanoseconds since `Shared::started`, plus one).
    waiting: Arc<AtomicU64>,
}

/// Takes a connection out of `Shared::open` when its thread ends, however
/// it ends.
struct Leave<R: Scrape + Send + 'static> {
    shared: Arc<Shared<R>>,
    id: u64,
}

impl<R: Scrape + Send + 'static> Drop for Leave<R> {
    fn drop(&mut self) {
        lock(&self.shared.open).connections.remove(&self.id);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while encoding leaves nothing half-written in the registry.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn serve_with<R: Scrape + Send + 'static>(
    registry: R,
    addr: impl ToSocketAddrs,
    limits: Limits,
) -> io::Result<Serving> {
    let listener = TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared {
        registry: Mutex::new(registry),
        limits,
        stopping: AtomicBool::new(false),
        started: Instant::now(),
        open: Mutex::new(Open::default()),
    });
    let accept = std::thread::Builder::new()
        .name(format!("metrics {addr}"))
        .spawn({
            let shared = Arc::clone(&shared);
            move || accept_loop(&shared, &listener)
        })?;
    let stop = Box::new(move || {
        shared.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop with a connection of our own (tried again,
        // should the first not get through).
        for _ in 0..3 {
            let wake = TcpStream::connect_timeout(&wake_address(addr), Duration::from_secs(1));
            if wake.is_ok() {
                break;
            }
        }
        let _ = accept.join();
        // No reads are answered any more; an answer being written is
        // finished (within its write bounds), then its thread ends.
        let connections: Vec<_> = lock(&shared.open).connections.drain().collect();
        for (_, conn) in connections {
            let _ = conn.stream.shutdown(Shutdown::Read);
            if let Some(thread) = conn.thread {
                let _ = thread.join();
            }
        }
    });
    Ok(Serving { addr, stop })
}

/// Where a connection reaches a server bound to `addr`: loopback for an
/// unspecified address.
fn wake_address(addr: SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V4(a) if a.ip().is_unspecified() => (Ipv4Addr::LOCALHOST, a.port()).into(),
        SocketAddr::V6(a) if a.ip().is_unspecified() => (Ipv6Addr::LOCALHOST, a.port()).into(),
        other => other,
    }
}

fn accept_loop<R: Scrape + Send + 'static>(shared: &Arc<Shared<R>>, listener: &TcpListener) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of descriptors, say: wait rather than spin.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let mut open = lock(&shared.open);
        // At the bound, the connection that has waited longest for its
        // request makes room (its thread sees its socket end, and leaves);
        // if every one is answering, the new one is closed unanswered.
        if open.connections.len() >= shared.limits.connections {
            let longest = open
                .connections
                .iter()
                .map(|(id, conn)| (conn.waiting.load(Ordering::SeqCst), *id))
                .filter(|(waiting, _)| *waiting != 0)
                .min();
            let Some((_, id)) = longest else {
                continue;
            };
            if let Some(conn) = open.connections.remove(&id) {
                let _ = conn.stream.shutdown(Shutdown::Both);
            }
        }
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        let id = open.next;
        open.next += 1;
        let waiting = Arc::new(AtomicU64::new(0));
        let thread = std::thread::Builder::new()
            .name("metrics connection".to_owned())
            .spawn({
                let leave = Leave {
                    shared: Arc::clone(shared),
                    id,
                };
                let waiting = Arc::clone(&waiting);
                move || connection(&leave.shared, stream, &waiting)
            });
        if let Ok(thread) = thread {
            let conn = Conn {
                stream: handle,
                thread: Some(thread),
                waiting,
            };
            open.connections.insert(id, conn);
        }
    }
}

/// Serves the requests of one connection until it closes, misbehaves, or
/// the server stops.
fn connection<R: Scrape>(shared: &Shared<R>, mut stream: TcpStream, waiting: &AtomicU64) {
    let limits = shared.limits;
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(limits.timeout)).is_err() {
        return;
    }
    let mut buffer = Vec::with_capacity(1024);
    loop {
        let since = shared.started.elapsed().as_nanos() as u64 + 1;
        waiting.store(since, Ordering::SeqCst);
        let head = read_head(&mut stream, &mut buffer, limits);
        waiting.store(0, Ordering::SeqCst);
        let (answer, keep_alive) = match head {
            None => return,
            Some(Head::TooLarge) => (Answer::empty(431), Connection::Close),
            Some(Head::Complete(len)) => {
                let answer = respond(shared, &buffer[..len]);
                buffer.drain(..len);
                answer
            }
        };
        let stopping = shared.stopping.load(Ordering::SeqCst);
        let keep_alive = if stopping {
            Connection::Close
        } else {
            keep_alive
        };
        if write_answer(&mut stream, &answer, keep_alive, limits).is_err() {
            return;
        }
        if keep_alive == Connection::Close {
            return linger(stream);
        }
    }
}

/// Closes a connection after its last answer without a reset: a socket
/// closed with input unread (a body, a request after `Connection: close`)
/// is reset, and a reset can throw away an answer not yet delivered. Our
/// side is shut first, then what the client still sends is read and
/// dropped, briefly and boundedly.
fn linger(mut stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut chunk = [0u8; 4096];
    let mut left: usize = 64 * 1024;
    while left > 0 {
        let Some(wait) = deadline.checked_duration_since(Instant::now()) else {
            return;
        };
        if stream
            .set_read_timeout(Some(wait.max(Duration::from_millis(1))))
            .is_err()
        {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// What becomes of a connection after an answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Connection {
    Close,
    /// Kept open, as HTTP/1.1 does unless told otherwise.
    KeepAlive,
    /// Kept open for an HTTP/1.0 client that asked, which is told so.
    KeepAliveSaid,
}

enum Head {
    /// The head is the first `usize` bytes of the buffer.
    Complete(usize),
    TooLarge,
}

/// Reads until `buffer` holds a whole request head; `None` if the client
/// closes, or takes longer than the timeout.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>, limits: Limits) -> Option<Head> {
    let deadline = Instant::now() + limits.timeout;
    let mut searched = 0;
    loop {
        if let Some(end) = head_end(buffer, searched) {
            return Some(Head::Complete(end));
        }
        searched = buffer.len();
        if buffer.len() >= limits.head {
            return Some(Head::TooLarge);
        }
        let left = deadline.checked_duration_since(Instant::now())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        let mut chunk = [0u8; 4096];
        let room = (limits.head - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The length of the request head at the start of `buffer` if it is all
/// there: up to its empty line, `\r\n\r\n` or, as httparse also reads
/// it, bare `\n\n`. Only line ends from `from` on are looked at (those
/// before were, on an earlier read).
fn head_end(buffer: &[u8], from: usize) -> Option<usize> {
    (from..buffer.len())
        .filter(|&i| buffer[i] == b'\n')
        .find(|&i| {
            let before = &buffer[..i];
            before.ends_with(b"\n") || before.ends_with(b"\n\r")
        })
        .map(|i| i + 1)
}

/// An answer to write: a status, its headers and a body.
struct Answer {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: Vec<u8>,
    /// A `HEAD` request's answer: headers only.
    head_only: bool,
}

impl Answer {
    fn empty(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            head_only: false,
        }
    }
}

/// The answer to the request whose head is `head`, and whether the
/// connection stays open after it.
fn respond<R: Scrape>(shared: &Shared<R>, head: &[u8]) -> (Answer, Connection) {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return (Answer::empty(431), Connection::Close),
        _ => return (Answer::empty(400), Connection::Close),
    }
    // Every value of a header named more than once, as one list.
    let header = |name: &str| {
        let values: Vec<&str> = request
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .filter_map(|h| std::str::from_utf8(h.value).ok())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    let has = |name: &str, token: &str| {
        header(name).is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    // HTTP/1.1 keeps a connection open unless told otherwise, 1.0 only
    // when asked; a body, which no request here has, is not read, so its
    // connection closes after the answer.
    let body = header("Content-Length").is_some_and(|n| n.trim() != "0")
        || header("Transfer-Encoding").is_some();
    let keep_alive = match request.version {
        _ if body => Connection::Close,
        Some(1) if has("Connection", "close") => Connection::Close,
        Some(1) => Connection::KeepAlive,
        _ if has("Connection", "keep-alive") => Connection::KeepAliveSaid,
        _ => Connection::Close,
    };
    let target = request.path.unwrap_or("/");
    // The absolute form (`http://host/metrics`), which a proxy sends; a
    // target that starts with `/` is a path, whatever its query holds.
    let target = match target.split_once("://") {
        Some((_, rest)) if !target.starts_with('/') => {
            rest.find(['/', '?']).map_or("/", |at| &rest[at..])
        }
        _ => target,
    };
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    if path != "/metrics" {
        return (Answer::empty(404), keep_alive);
    }
    let head_only = match request.method {
        Some("GET") => false,
        Some("HEAD") => true,
        _ => {
            let mut answer = Answer::empty(405);
            answer.headers.push(("Allow", "GET,HEAD"));
            return (answer, keep_alive);
        }
    };
    // A panic in a source's encoding (a collector of the user's, say) is
    // this request's `500`, and the connection's end; the server goes on.
    let replied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        reply(
            &*lock(&shared.registry),
            query,
            header("Accept").as_deref(),
            header("Accept-Encoding").as_deref(),
        )
    }));
    let Ok(Reply {
        status,
        content_type,
        gzip,
        body,
    }) = replied
    else {
        return (Answer::empty(500), Connection::Close);
    };
    let mut headers = vec![("Content-Type", content_type)];
    if status == 200 {
        headers.push(("Vary", "Accept, Accept-Encoding"));
    }
    if gzip {
        headers.push(("Content-Encoding", "gzip"));
    }
    let answer = Answer {
        status,
        headers,
        body,
        head_only,
    };
    (answer, keep_alive)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// Writes `answer`, each write within the timeout.
fn write_answer(
    stream: &mut TcpStream,
    answer: &Answer,
    connection: Connection,
    limits: Limits,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
    for (name, value) in &answer.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("Content-Length: ");
    head.push_str(itoa::Buffer::new().format(answer.body.len()));
    head.push_str(match connection {
        Connection::KeepAlive => "\r\n\r\n",
        Connection::KeepAliveSaid => "\r\nConnection: keep-alive\r\n\r\n",
        Connection::Close => "\r\nConnection: close\r\n\r\n",
    });
    stream.write_all(head.as_bytes())?;
    if !answer.head_only {
        // In pieces, so a client reading a byte at a time cannot hold the
        // thread past the timeout for each piece.
        let deadline = Instant::now() + limits.timeout * 6;
        for piece in answer.body.chunks(64 * 1024) {
            if Instant::now() > deadline {
                return Err(io::ErrorKind::TimedOut.into());
            }
            stream.write_all(piece)?;
        }
    }
    stream.flush()
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
    stop: Box<dyn FnOnce() + Send + Sync>,
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

    /// Stops the server: it takes no new connection, reads no new request
    /// from a socket, and this returns once every answer being written is
    /// done (within the bounds of [`serve`]: ten seconds a write, a minute
    /// an answer) and the listening socket is closed, so the port can be
    /// bound again at once.
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
        (self.stop)();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An exposition of `len` bytes; of [`PANICS`] bytes, a panic instead.
    struct Sized(usize);

    const PANICS: usize = 7;

    impl Scrape for Sized {
        fn scrape(&self, _: crate::Format) -> Result<String, std::fmt::Error> {
            assert!(self.0 != PANICS, "a collector of the user's panicked");
            let mut text = "# a comment line of a fixed length\n".repeat(self.0 / 35 + 1);
            text.truncate(self.0);
            Ok(text)
        }
    }

    const LIMITS: Limits = Limits {
        connections: 3,
        head: 1024,
        timeout: Duration::from_millis(300),
    };

    fn start(len: usize) -> Serving {
        serve_with(Sized(len), (Ipv4Addr::LOCALHOST, 0), LIMITS).unwrap()
    }

    /// One request on a connection of its own: the status line, or `None`
    /// if the connection was closed unanswered.
    fn scrape(addr: SocketAddr, request: &[u8]) -> Option<String> {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(request).ok()?;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        answer.lines().next().map(str::to_owned)
    }

    const GET: &[u8] = b"GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n";

    #[test]
    fn a_client_that_stops_reading_delays_no_other_scrape_nor_the_stop() {
        const BODY: usize = 8 << 20;
        let serving = start(BODY);
        let mut stuck = TcpStream::connect(serving.addr()).unwrap();
        // Four pipelined requests whose 32 MiB of answers, never read, are
        // far more than the sockets' buffers hold.
        stuck
            .write_all(&b"GET /metrics HTTP/1.1\r\n\r\n".repeat(4))
            .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        // Answered while the other is stuck (`scrape` gives up after 5 s).
        assert_eq!(
            scrape(serving.addr(), GET).as_deref(),
            Some("HTTP/1.1 200 OK")
        );
        // The stuck answer's write times out, so this returns, and the
        // server has given up on that connection.
        serving.stop();
        stuck
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut got = Vec::new();
        let _ = stuck.read_to_end(&mut got);
        assert!(
            got.len() < 4 * BODY,
            "{} bytes: all four answers",
            got.len()
        );
    }

    #[test]
    fn a_panic_while_encoding_is_a_500_and_frees_its_connection() {
        let serving = start(PANICS);
        for _ in 0..2 * LIMITS.connections {
            assert_eq!(
                scrape(serving.addr(), GET).as_deref(),
                Some("HTTP/1.1 500 Internal Server Error")
            );
        }
        serving.stop();
    }

    #[test]
    fn a_head_that_never_ends_is_closed_after_the_timeout() {
        let serving = start(10);
        let started = Instant::now();
        let mut slow = TcpStream::connect(serving.addr()).unwrap();
        slow.write_all(b"GET /metrics HTTP/1.1\r\nX-Slow: ")
            .unwrap();
        slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut rest = Vec::new();
        // Closed, unanswered, once the head's time is up (well before the
        // 5 s this read waits).
        assert_eq!(slow.read_to_end(&mut rest).unwrap(), 0);
        assert!(started.elapsed() >= Duration::from_millis(250));
        serving.stop();
    }

    #[test]
    fn a_head_past_its_bound_is_431_and_bounded_in_memory() {
        let serving = start(10);
        let mut request = b"GET /metrics HTTP/1.1\r\nX-Big: ".to_vec();
        request.extend(std::iter::repeat_n(b'a', 4096));
        request.extend_from_slice(b"\r\n\r\n");
        assert_eq!(
            scrape(serving.addr(), &request).as_deref(),
            Some("HTTP/1.1 431 Request Header Fields Too Large")
        );
        serving.stop();
    }

    #[test]
    fn at_the_bound_the_longest_waiting_connection_makes_room() {
        let serving = start(10);
        let mut idle: Vec<TcpStream> = Vec::new();
        for _ in 0..LIMITS.connections {
            idle.push(TcpStream::connect(serving.addr()).unwrap());
            std::thread::sleep(Duration::from_millis(20));
        }
        // Idle connections holding every place lock no scrape out.
        assert_eq!(
            scrape(serving.addr(), GET).as_deref(),
            Some("HTTP/1.1 200 OK")
        );
        // The first, which had waited longest, was closed for it, before
        // its own time was up.
        idle[0]
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut rest = Vec::new();
        assert_eq!(idle[0].read_to_end(&mut rest).unwrap_or(0), 0);
        serving.stop();
    }

    #[test]
    fn a_kept_alive_connection_answers_pipelined_requests_in_order() {
        let serving = start(35); // one whole line
        let mut stream = TcpStream::connect(serving.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\n\r\nGET /other HTTP/1.1\r\n\r\nHEAD http://host:9464/metrics HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let statuses: Vec<&str> = answer
            .lines()
            .filter(|l| l.starts_with("HTTP/1.1"))
            .collect();
        assert_eq!(
            statuses,
            [
                "HTTP/1.1 200 OK",
                "HTTP/1.1 404 Not Found",
                "HTTP/1.1 200 OK"
            ],
            "{answer}"
        );
        // The first body, then nothing for HEAD.
        assert_eq!(answer.matches("# a comment").count(), 1, "{answer}");
        serving.stop();
    }

    #[test]
    fn bare_line_ends_a_query_holding_a_url_and_http_1_0_keep_alive() {
        let serving = start(35);
        assert_eq!(
            scrape(
                serving.addr(),
                b"GET /metrics HTTP/1.1\nConnection: close\n\n"
            )
            .as_deref(),
            Some("HTTP/1.1 200 OK")
        );
        assert_eq!(
            scrape(
                serving.addr(),
                b"GET /metrics?next=http://x/y HTTP/1.1\r\nConnection: close\r\n\r\n"
            )
            .as_deref(),
            Some("HTTP/1.1 200 OK")
        );
        let mut stream = TcpStream::connect(serving.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .write_all(b"GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .unwrap();
        let mut answer = [0u8; 512];
        let n = stream.read(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer[..n]);
        assert!(
            answer.contains("\r\nConnection: keep-alive\r\n"),
            "{answer}"
        );
        serving.stop();
    }

    #[test]
    fn each_value_of_a_header_named_twice_is_read() {
        let serving = start(10);
        let mut stream = TcpStream::connect(serving.addr()).unwrap();
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\nAccept-Encoding: br\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.contains("\r\nContent-Encoding: gzip\r\n"),
            "{answer}"
        );
        serving.stop();
    }
}
