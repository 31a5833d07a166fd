//! A service with no async runtime: worker threads take jobs from a queue
//! and record into a `global!` static, and `metrics_runtime::serve` serves
//! the process-wide registry from a background thread, in one line.
//!
//! It works through a fixed batch of jobs, then fetches `GET /metrics` from
//! its own server and prints that scrape:
//!
//! ```sh
//! cargo run -p example-plain-service                 # OpenMetrics
//! cargo run -p example-plain-service -- text         # the 0.0.4 text format
//! ```

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use metrics_runtime::{global, metrics_family, Counter, Gauge, Histogram, LabelValue, Registry};

/// How a job ended.
#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Outcome {
    /// Done.
    Done,
    /// Failed, and will be tried again.
    Retried,
    /// Failed for good.
    Failed,
}

/// The worker pool's metrics.
#[metrics_family(prefix = "jobs")]
pub struct JobMetrics {
    /// Jobs finished, by outcome
    #[metric(labels(outcome: Outcome))]
    pub finished: Counter,
    /// Jobs waiting in the queue
    pub queued: Gauge,
    /// Time a job took
    #[metric(unit = "seconds", buckets = exponential(0.0001, 4, 8))]
    pub duration: Histogram,
}

global! {
    /// The process's job metrics, in `Registry::global()` from its first use.
    pub static JOBS: JobMetrics;
}

/// Jobs in the batch, and worker threads.
const JOBS_IN_BATCH: u64 = 60;
const WORKERS: usize = 3;

/// One job: every seventh fails and is retried, every thirteenth fails.
fn work(job: u64) -> Outcome {
    let started = Instant::now();
    std::thread::sleep(Duration::from_micros(200 + job % 5 * 100));
    JOBS.duration.observe_duration(started.elapsed());
    if job.is_multiple_of(13) {
        Outcome::Failed
    } else if job.is_multiple_of(7) {
        Outcome::Retried
    } else {
        Outcome::Done
    }
}

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

fn main() -> std::io::Result<()> {
    let accept = match std::env::args().nth(1).as_deref() {
        None | Some("openmetrics") => "application/openmetrics-text",
        Some("text") => "text/plain",
        Some(other) => {
            eprintln!("usage: example-plain-service [openmetrics|text], not {other:?}");
            std::process::exit(2);
        }
    };
    // The one line. Port 0 takes a free loopback port; a service would
    // name its own, e.g. `serve(Registry::global(), 9464)`.
    let serving = metrics_runtime::serve(Registry::global(), 0)?;
    eprintln!("serving http://{}/metrics", serving.addr());

    let (send, queue) = mpsc::channel::<u64>();
    for job in 1..=JOBS_IN_BATCH {
        JOBS.queued.inc();
        send.send(job).expect("the queue is open");
    }
    drop(send);
    let queue = Arc::new(Mutex::new(queue));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok(job) = next else { break };
                JOBS.queued.dec();
                JOBS.finished.inc(work(job));
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a worker panicked");
    }

    print!("{}", scrape(serving.addr(), accept)?);
    serving.stop();
    Ok(())
}
