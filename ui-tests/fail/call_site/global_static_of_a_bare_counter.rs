use metrics_runtime::{global, Counter};

// A metric goes inside a `#[metrics_family]` struct; that struct is the static.
global! {
    /// Cache hits.
    pub static HITS: Counter;
}

fn main() {
    HITS.inc();
}
