use metrics_runtime::{metrics_family, Info};

#[metrics_family]
struct Node {
    /// Build information
    #[metric(labels(version: String))]
    build_info: Info,
}

fn main() {
    let m = Node::new();
    m.build_info.set("1.4.2");
}
