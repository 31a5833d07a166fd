use metrics_runtime::{metrics_family, Info};

#[derive(Clone, Copy)]
struct Version(u32);

#[metrics_family]
struct Node {
    /// Build information
    #[metric(labels(version: Version))]
    build: Info,
}

fn main() {
    let m = Node::new();
    m.build.set(Version(3));
}
