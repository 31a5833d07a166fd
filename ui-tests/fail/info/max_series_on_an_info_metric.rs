use metrics_runtime::{metrics_family, Info};

#[metrics_family]
struct Node {
    /// Build information
    #[metric(labels(version: String), max_series = 10)]
    build: Info,
}

fn main() {
    let m = Node::new();
    m.build.set("1.4.2");
}
