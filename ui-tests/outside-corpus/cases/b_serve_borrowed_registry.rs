// expect: error
// mistake: serve borrowed registry (corpus B)
use metrics_runtime::{metrics_family, serve, Counter, Registry};

#[metrics_family(prefix = "app")]
pub struct AppMetrics {
    /// Requests served
    pub requests: Counter,
}

fn main() -> std::io::Result<()> {
    let registry = Registry::new();
    let m = registry.register(AppMetrics::new()).unwrap();
    let serving = serve(&registry, 9464)?;
    m.requests.inc();
    serving.stop();
    Ok(())
}
