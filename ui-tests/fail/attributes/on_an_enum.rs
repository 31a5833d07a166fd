use metrics_runtime::{metrics_family, Registry};

#[metrics_family]
enum Sync {
    Attempts,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Sync::new()).unwrap();
    let _ = (m, Sync::Attempts);
}
