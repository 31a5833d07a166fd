use metrics_runtime::{global, metrics_family, Counter};

#[metrics_family(const_labels(peer: String))]
struct Network {
    /// Messages
    messages: Counter,
}

global! {
    static NETWORK: Network;
}

fn main() {
    NETWORK.messages.inc();
}
