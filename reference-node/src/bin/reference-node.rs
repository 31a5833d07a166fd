//! The reference node: registers the whole catalogue, simulates a node
//! recording into it, and serves `GET /metrics`.
//!
//! ```text
//! reference-node [serve] [--listen ADDR] [--seed N] [--trip FAULTS]
//! reference-node [serve] --once [--format text|openmetrics] [--ticks N] [--seed N] [--trip FAULTS]
//! reference-node catalog [--format markdown|json]
//! reference-node rules [--for DURATION]
//! reference-node lint-promql FILE
//! reference-node help
//! ```
//!
//! `catalog` prints the catalogue's reference, rendered from the
//! declarations; `rules` prints the alerting and recording rules they
//! declare as a Prometheus rule file; `lint-promql` checks a file of PromQL queries (one a line,
//! `#` comments) against it and exits non-zero on errors.
//!
//! `serve` (the default) listens on `127.0.0.1:9464` and answers OpenMetrics
//! or the 0.0.4 text format per the `Accept` header (`?format=text` or
//! `?format=openmetrics` overrides it), gzipped when the scraper asks. It
//! logs the address it bound to on stderr. Ctrl-C or SIGTERM stops it.
//! With the `protobuf` feature of metrics-runtime it also answers a
//! protobuf-first scraper (Prometheus with native histograms) in protobuf.
//! `--native` adds a native histogram beside the reference
//! (`reference_node::native`, `sync_native_duration_seconds`).
//! `--exemplars` adds a counter and a histogram with exemplars carrying the
//! simulator's trace ids (`reference_node::exemplars`,
//! `sync_traced_sessions_total`, `sync_traced_duration_seconds`), written in
//! OpenMetrics scrapes.
//! `--once` runs a short simulation without serving, prints one exposition
//! to stdout and exits. `--trip`
//! simulates a healthy node with only the named faults (see
//! `reference_node::sim::Trip`), to trip chosen alerts.
//!
//! The catalogue goes into a `metrics_runtime::Registry` of the node's own
//! (not the process-wide one): the catalogue is a library that tests build
//! many times in one process, each instance in a registry of its own.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use metrics_catalog::Catalog;
use metrics_runtime::{Format, RegisterError, Registry};
use reference_node::sim::{Faults, Simulation, TICK};
use reference_node::ReferenceMetrics;

const USAGE: &str = "\
usage:
  reference-node [serve] [--listen ADDR] [--seed N] [--trip FAULTS] [--native] [--exemplars]
      serve the simulated node's metrics at http://ADDR/metrics
      (default 127.0.0.1:9464; OpenMetrics or 0.0.4 text per the Accept
      header, or forced with ?format=text|openmetrics)
  reference-node [serve] --once [--format text|openmetrics] [--ticks N] [--seed N] [--trip FAULTS] [--native] [--exemplars]
      simulate N ticks of 100 ms (default 100), print one exposition, exit
  --trip FAULTS
      a healthy node with only these faults (comma-separated, or `none`):
      verification-failures, buffer-drops, snapshot-blocked, sync-failures,
      channel-drops, channel-leak, signing-key, retained, events-dropped;
      without it, every fault the reference alerts on recurs
  --native
      also serve a native histogram beside the reference,
      sync_native_duration_seconds (over protobuf when asked)
  --exemplars
      also serve sync_traced_sessions_total and sync_traced_duration_seconds,
      with the simulated sessions' trace ids as exemplars (OpenMetrics only)
  reference-node catalog [--format markdown|json]
      print the catalogue's reference, rendered from the declarations
  reference-node rules [--for DURATION]
      print the declared alerting and recording rules as a Prometheus rule
      file; --for replaces every alert's `for` (a test that cannot wait)
  reference-node lint-promql FILE
      check the PromQL queries in FILE (one a line, `#` comments) against
      the catalogue; exits 1 on errors
  reference-node help";

/// The default listen address: loopback only.
const DEFAULT_LISTEN: &str = "127.0.0.1:9464";
/// How long a stop waits for open connections to finish their requests.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// The default PRNG seed of the simulation.
const DEFAULT_SEED: u64 = 0x5EED;

/// A parsed command line.
#[derive(Debug, PartialEq)]
enum Command {
    /// Serve, or print once.
    Serve(ServeArgs),
    /// Print the catalogue's reference.
    Catalog {
        /// JSON instead of Markdown.
        json: bool,
    },
    /// Print the declared rules as a Prometheus rule file.
    Rules {
        /// Replaces every alert's `for`.
        for_override: Option<String>,
    },
    /// Lint a file of PromQL queries against the catalogue.
    LintPromql(std::path::PathBuf),
    /// Print the usage.
    Help,
}

/// Options of `serve`.
#[derive(Debug, PartialEq)]
struct ServeArgs {
    listen: SocketAddr,
    once: bool,
    format: Format,
    ticks: u64,
    seed: u64,
    faults: Faults,
    native: bool,
    exemplars: bool,
}

fn parse(args: &[String]) -> Result<Command, String> {
    let rest = match args.first().map(String::as_str) {
        None => args,
        Some("serve") => &args[1..],
        Some("help" | "--help" | "-h") => return Ok(Command::Help),
        Some("catalog") => {
            return match &args[1..] {
                [] => Ok(Command::Catalog { json: false }),
                [flag, format] if flag == "--format" => match format.as_str() {
                    "markdown" => Ok(Command::Catalog { json: false }),
                    "json" => Ok(Command::Catalog { json: true }),
                    _ => Err(format!("`--format {format}`: use `markdown` or `json`")),
                },
                _ => Err("`catalog` takes only `--format markdown|json`".into()),
            }
        }
        Some("rules") => {
            return match &args[1..] {
                [] => Ok(Command::Rules { for_override: None }),
                [flag, duration] if flag == "--for" => {
                    if reference_node::sim::is_duration(duration) {
                        Ok(Command::Rules {
                            for_override: Some(duration.clone()),
                        })
                    } else {
                        Err(format!(
                            "`--for {duration}`: give a Prometheus duration such as `0s` or `5m`"
                        ))
                    }
                }
                _ => Err("`rules` takes only `--for DURATION`".into()),
            }
        }
        Some("lint-promql") => {
            return match &args[1..] {
                [file] => Ok(Command::LintPromql(file.into())),
                _ => Err("`lint-promql` takes one FILE of queries".into()),
            }
        }
        Some(flag) if flag.starts_with("--") => args,
        Some(other) => return Err(format!("unknown command `{other}`")),
    };
    parse_serve(rest).map(Command::Serve)
}

fn parse_serve(args: &[String]) -> Result<ServeArgs, String> {
    let mut out = ServeArgs {
        listen: DEFAULT_LISTEN.parse().expect("the default address parses"),
        once: false,
        format: Format::Text,
        ticks: 100,
        seed: DEFAULT_SEED,
        faults: Faults::All,
        native: false,
        exemplars: false,
    };
    let mut format_given = false;
    let mut ticks_given = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match arg.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                out.listen = v.parse().map_err(|e| {
                    format!("`--listen {v}`: {e}; give an address such as {DEFAULT_LISTEN}")
                })?;
            }
            "--once" => out.once = true,
            "--format" => {
                let v = value("--format")?;
                out.format = match v.as_str() {
                    "text" => Format::Text,
                    "openmetrics" => Format::OpenMetrics,
                    _ => return Err(format!("`--format {v}`: use `text` or `openmetrics`")),
                };
                format_given = true;
            }
            "--ticks" => {
                let v = value("--ticks")?;
                out.ticks = v.parse().map_err(|e| format!("`--ticks {v}`: {e}"))?;
                ticks_given = true;
            }
            "--seed" => {
                let v = value("--seed")?;
                out.seed = v.parse().map_err(|e| format!("`--seed {v}`: {e}"))?;
            }
            "--trip" => {
                let v = value("--trip")?;
                out.faults = Faults::parse(&v).map_err(|e| format!("`--trip {v}`: {e}"))?;
            }
            "--native" => out.native = true,
            "--exemplars" => out.exemplars = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !out.once && (format_given || ticks_given) {
        return Err("`--format` and `--ticks` apply to `--once` only".into());
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("reference-node: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Catalog { json } => {
            let catalog = Catalog::from_families(reference_node::families());
            let text = if json {
                catalog.to_json()
            } else {
                catalog.to_markdown()
            };
            print!("{text}");
            Ok(())
        }
        Command::Rules { for_override } => {
            let catalog = Catalog::from_families(reference_node::families());
            let mut file = catalog.rule_file();
            if let Some(duration) = &for_override {
                file = file.with_for(duration);
            }
            print!("{}", file.to_yaml());
            Ok(())
        }
        Command::LintPromql(path) => {
            let catalog = Catalog::from_families(reference_node::families());
            let code = promql_lint::run_cli(&path, &catalog, &mut std::io::stdout());
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
        }
        Command::Serve(args) if args.once => once(&args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reference-node: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The catalogue, registered into a fresh registry.
fn catalogue() -> Result<(Arc<ReferenceMetrics>, Registry), String> {
    let metrics = ReferenceMetrics::new();
    let registry = Registry::new();
    register(&registry, &metrics).map_err(|e| format!("registering the catalogue: {e}"))?;
    Ok((Arc::new(metrics), registry))
}

/// Every family of `metrics` into `registry`, as clones sharing their
/// series. In the order a prometheus-client registry writes them (the
/// family without a prefix first, then the prefixed ones as registered), so
/// the node's exposition is the golden files'.
fn register(registry: &Registry, metrics: &ReferenceMetrics) -> Result<(), RegisterError> {
    registry.register(metrics.context.clone())?;
    registry.register(metrics.sync.clone())?;
    registry.register(metrics.network_event_channel.clone())?;
    registry.register(metrics.governance.clone())?;
    registry.register(metrics.self_purge.clone())?;
    Ok(())
}

/// The family with exemplars (`--exemplars`), registered beside the
/// reference.
fn traced(
    registry: &Registry,
    exemplars: bool,
) -> Result<Option<Arc<reference_node::exemplars::TracedSyncMetrics>>, String> {
    if !exemplars {
        return Ok(None);
    }
    registry
        .register(reference_node::exemplars::TracedSyncMetrics::new())
        .map(Some)
        .map_err(|e| format!("registering the metrics with exemplars: {e}"))
}

fn once(args: &ServeArgs) -> Result<(), String> {
    let (metrics, registry) = catalogue()?;
    let native = match args.native {
        true => Some(
            registry
                .register(reference_node::native::NativeSyncMetrics::new())
                .map_err(|e| format!("registering the native histogram: {e}"))?,
        ),
        false => None,
    };
    let traced = traced(&registry, args.exemplars)?;
    let mut rng = reference_node::sim::Rng::new(args.seed ^ 0x6e61_7469_7665);
    let mut sim = Simulation::with_faults(metrics, args.seed, args.faults.clone());
    for _ in 0..args.ticks {
        sim.step();
        if let Some(native) = &native {
            native.record(&mut rng);
        }
        if let Some(traced) = &traced {
            traced.record(&mut rng);
        }
    }
    let text = registry
        .encode(args.format)
        .map_err(|e| format!("encoding: {e}"))?;
    print!("{text}");
    Ok(())
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the runtime: {e}"))?;
    runtime.block_on(serve_async(args))
}

async fn serve_async(args: ServeArgs) -> Result<(), String> {
    let (metrics, registry) = catalogue()?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("binding {}: {e}", args.listen))?;
    let bound = listener
        .local_addr()
        .map_err(|e| format!("reading the bound address: {e}"))?;
    eprintln!("reference-node: serving http://{bound}/metrics");

    let native = if args.native {
        let native = reference_node::native::NativeSyncMetrics::new();
        registry
            .register(native)
            .map_err(|e| format!("registering the native histogram: {e}"))
            .map(Some)?
    } else {
        None
    };
    let traced = traced(&registry, args.exemplars)?;
    let mut sim = Simulation::with_faults(metrics, args.seed, args.faults.clone());
    let mut rng = reference_node::sim::Rng::new(args.seed ^ 0x6e61_7469_7665);
    let simulation = tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            sim.step();
            if let Some(native) = &native {
                native.record(&mut rng);
            }
            if let Some(traced) = &traced {
                traced.record(&mut rng);
            }
        }
    });

    let app = metrics_runtime::http::router(registry);
    let stop = Arc::new(tokio::sync::Notify::new());
    let server = {
        let stop = Arc::clone(&stop);
        axum::serve(listener, app)
            .with_graceful_shutdown(async move { stop.notified().await })
            .into_future()
    };
    tokio::pin!(server);
    let served = tokio::select! {
        served = &mut server => served,
        () = shutdown_signal() => {
            // Stop accepting; let in-flight scrapes finish, but not forever.
            stop.notify_one();
            match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
                Ok(served) => served,
                Err(_) => {
                    eprintln!("reference-node: connections still open after {SHUTDOWN_GRACE:?}; closing them");
                    Ok(())
                }
            }
        }
    };
    simulation.abort();
    served.map_err(|e| format!("serving: {e}"))?;
    eprintln!("reference-node: stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: only SIGTERM stops us.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => eprintln!("reference-node: interrupted, stopping"),
        () = terminate => eprintln!("reference-node: terminated, stopping"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_node_exposes_the_golden_catalogue() {
        let (_, registry) = catalogue().unwrap();
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
        for (format, file) in [
            (Format::Text, "exposition.txt"),
            (Format::OpenMetrics, "exposition.openmetrics.txt"),
        ] {
            let expected = std::fs::read_to_string(golden.join(file)).unwrap();
            assert!(
                registry.encode(format).unwrap() == expected,
                "the node's exposition differs from tests/golden/{file}"
            );
        }
    }

    #[test]
    fn the_catalogue_goes_in_once() {
        let (metrics, registry) = catalogue().unwrap();
        let err = register(&registry, &metrics).unwrap_err();
        assert!(matches!(err, RegisterError::Instance { .. }), "{err}");
    }

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn defaults_serve_on_loopback() {
        let Ok(Command::Serve(a)) = parse(&args("")) else {
            panic!("no arguments is serve");
        };
        assert_eq!(a.listen.to_string(), "127.0.0.1:9464");
        assert!(a.listen.ip().is_loopback());
        assert!(!a.once);
        assert_eq!(parse(&args("serve")), parse(&args("")));
    }

    #[test]
    fn options() {
        let Ok(Command::Serve(a)) = parse(&args("--once --format openmetrics --ticks 7 --seed 3"))
        else {
            panic!("valid options");
        };
        assert!(a.once);
        assert_eq!((a.format, a.ticks, a.seed), (Format::OpenMetrics, 7, 3));
        let Ok(Command::Serve(a)) = parse(&args("serve --listen 127.0.0.1:0")) else {
            panic!("valid options");
        };
        assert_eq!(a.listen.port(), 0);
        assert_eq!(a.faults, Faults::All);
        let Ok(Command::Serve(a)) = parse(&args("--trip channel-drops,signing-key")) else {
            panic!("valid options");
        };
        assert_eq!(
            a.faults,
            Faults::Only(vec![
                reference_node::sim::Trip::ChannelDrops,
                reference_node::sim::Trip::SigningKey
            ])
        );
        let Ok(Command::Serve(a)) = parse(&args("--trip none")) else {
            panic!("valid options");
        };
        assert_eq!(a.faults, Faults::Only(Vec::new()));
        assert!(parse(&args("--trip sync-failure")).is_err());
        assert_eq!(parse(&args("help")), Ok(Command::Help));
        assert_eq!(
            parse(&args("catalog")),
            Ok(Command::Catalog { json: false })
        );
        assert_eq!(
            parse(&args("catalog --format json")),
            Ok(Command::Catalog { json: true })
        );
        assert!(parse(&args("catalog --format yaml")).is_err());
        assert_eq!(
            parse(&args("lint-promql q.promql")),
            Ok(Command::LintPromql("q.promql".into()))
        );
        assert!(parse(&args("lint-promql")).is_err());
        assert_eq!(
            parse(&args("rules")),
            Ok(Command::Rules { for_override: None })
        );
        assert_eq!(
            parse(&args("rules --for 0s")),
            Ok(Command::Rules {
                for_override: Some("0s".into())
            })
        );
        assert!(parse(&args("rules --for soon")).is_err());
        assert!(parse(&args("rules --format yaml")).is_err());
    }

    #[test]
    fn mistakes_are_reported() {
        assert_eq!(
            parse(&args("--listen")),
            Err("`--listen` needs a value".to_owned())
        );
        assert!(parse(&args("--listen nowhere")).is_err());
        assert_eq!(
            parse(&args("--once --format json")),
            Err("`--format json`: use `text` or `openmetrics`".to_owned())
        );
        assert_eq!(
            parse(&args("--format text")),
            Err("`--format` and `--ticks` apply to `--once` only".to_owned())
        );
        assert_eq!(
            parse(&args("frobnicate")),
            Err("unknown command `frobnicate`".to_owned())
        );
        assert_eq!(
            parse(&args("--bogus")),
            Err("unknown argument `--bogus`".to_owned())
        );
    }
}
