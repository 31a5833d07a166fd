use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family]
enum Jobs {
    #[metric(name = "started")]
    Started(Counter),
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Jobs::new()).unwrap();
    let _ = (m, Jobs::Started);
}
