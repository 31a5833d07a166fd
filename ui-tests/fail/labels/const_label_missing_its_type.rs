use metrics_runtime::{metrics_family, Counter, Registry};

#[metrics_family(const_labels(peer))]
struct Network {
    /// Messages
    messages: Counter,
}

fn main() {
    let registry = Registry::new();
    // The value the user meant to give, so no error of its own.
    let m = registry.register(Network::new("alice".to_owned())).unwrap();
    m.messages.inc();
}
