use metrics_runtime::{metrics_family, Counter, LabelValue, Registry};

#[derive(Clone, Copy, LabelValue)]
enum Route {
    Home,
    #[label(rename = "__overflow__")]
    Other,
}

#[metrics_family(prefix = "app")]
struct App {
    /// Requests served
    #[metric(labels(route: Route))]
    requests: Counter,
}

fn main() {
    let registry = Registry::new();
    let metrics = registry.register(App::new()).unwrap();
    metrics.requests.inc(Route::Other);
}
