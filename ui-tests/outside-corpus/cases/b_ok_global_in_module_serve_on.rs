// expect: ok
// mistake: none, an unusual but correct use: global in module serve on (corpus B)
mod telemetry {
    use metrics_runtime::{global, metrics_family, Counter, Histogram};

    /// The job runner's metrics.
    #[metrics_family(prefix = "runner")]
    pub struct RunnerMetrics {
        /// Jobs started
        pub started: Counter,
        /// Time a job took
        #[metric(unit = "seconds")]
        pub duration: Histogram,
    }

    global! {
        /// The process's runner metrics.
        pub static RUNNER: RunnerMetrics;
    }
}

use metrics_runtime::{serve_on, Registry};

fn main() -> std::io::Result<()> {
    let serving = serve_on(Registry::global(), "127.0.0.1:0")?;
    telemetry::RUNNER.started.inc();
    let timer = telemetry::RUNNER.duration.start_timer();
    drop(timer);
    serving.stop();
    Ok(())
}
