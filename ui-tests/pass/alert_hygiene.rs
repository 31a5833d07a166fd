//! Names the expansion of declared alerts must not pick up from the user's
//! scope: the prelude, `core` and the runtime's own names shadowed.
#![allow(dead_code, non_camel_case_types, non_upper_case_globals)]

mod core {}
mod metrics_runtime {}
mod __private {}

struct Option;
const Some: u8 = 0;
const None: u8 = 0;
struct PhantomData;
fn panic() {}

#[derive(Clone, Copy, ::metrics_runtime::LabelValue)]
enum Class {
    SigningKey,
    ContextCleanup,
}

#[::metrics_runtime::metrics_family(
    prefix = "store",
    alert(
        name = "StoreAnyFailure",
        expr = "sum(rate(store_failures_total{class=~\"signing_key|context_cleanup\"}[5m])) > 0",
        severity = "warning",
        summary = "Failures",
    ),
)]
struct Store {
    /// Purge failures
    #[metric(
        labels(class: Class),
        alert(
            name = "StoreSigningKeyResidue",
            expr = "increase(store_failures_total{class=\"signing_key\"}[15m]) > 0",
            severity = "critical",
        )
    )]
    failures: ::metrics_runtime::Counter,
}

fn main() {
    let m = Store::new();
    m.failures.inc(Class::SigningKey);
    let d = <Store as ::metrics_runtime::MetricFamily>::descriptor();
    assert_eq!(d.metrics[0].alerts[0].name, "StoreSigningKeyResidue");
    assert_eq!(d.alerts[0].name, "StoreAnyFailure");
}
