use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(const_labels(instance: String))]
struct Worker {
    /// Jobs done
    jobs: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.get_or_create::<Worker>("w-1".to_owned()).unwrap();
    m.jobs.inc();
}
