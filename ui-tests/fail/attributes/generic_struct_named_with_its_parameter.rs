use metrics_runtime::{metrics_family, Counter};
use std::marker::PhantomData;

#[metrics_family(prefix = "sync")]
struct Sync<T> {
    /// Attempts
    attempts: Counter,
    /// The engine's type
    engine: PhantomData<T>,
}

fn main() {
    // Written for the parameter declared: no error of its own.
    let m = Sync::<u8>::new();
    m.attempts.inc();
}
