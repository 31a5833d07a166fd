// expect: error
// mistake: serve port as string (corpus B)
use metrics_runtime::{global, metrics_family, serve, Counter, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

global! {
    /// The app's metrics.
    pub static APP: AppMetrics;
}

fn main() -> std::io::Result<()> {
    let serving = serve(Registry::global(), "0.0.0.0:9464")?;
    APP.requests.inc();
    serving.stop();
    Ok(())
}
