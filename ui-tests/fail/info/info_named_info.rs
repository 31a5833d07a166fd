use metrics_runtime::{metrics_family, Info};

#[metrics_family(prefix = "node")]
struct Node {
    /// Build information
    #[metric(name = "info", labels(version: String))]
    build: Info,
}

fn main() {
    let m = Node::new();
    m.build.set("1.4.2");
}
