use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(const_labels(peer: String, port: u16))]
struct Network {
    /// Messages
    messages: Counter,
}

fn main() {
    let registry = Registry::new();
    let m = registry.register(Network::new("a".to_owned(), 9000)).unwrap();
    m.messages.inc();
}
