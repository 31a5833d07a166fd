//! Names the generated code must not pick up from the user's scope.
#![allow(dead_code, non_camel_case_types, non_upper_case_globals, unused_macros)]

mod prometheus_client {}
mod core {}
mod std {}
mod metrics_runtime {}
mod __private {}

type Result<T> = ::core::result::Result<T, ()>;
struct Ok;
struct Option;
const Some: u8 = 0;
const None: u8 = 0;
trait Default {}
trait Sized {}
struct PhantomData;
struct Registry;
struct Metric;
struct String;
macro_rules! panic {
    ($($t:tt)*) => {
        compile_error!("the user's panic! was used")
    };
}
macro_rules! unreachable {
    ($($t:tt)*) => {
        compile_error!("the user's unreachable! was used")
    };
}

use ::metrics_runtime::{label, metrics_family, Counter, Gauge, Histogram, LabelValue};

#[derive(Clone, Copy, Debug, PartialEq, LabelValue)]
enum Branch {
    Namespace,
    Subgroup,
}

#[metrics_family(prefix = "hygiene")]
struct Hygiene {
    /// Labelled
    #[metric(labels(branch: Branch))]
    labelled: Counter,
    /// Free-form
    #[metric(labels(id: ::std::string::String), max_series = 10)]
    free: Gauge,
    /// Histogram
    #[metric(buckets = [1, 2])]
    latency: Histogram,
}

fn main() {
    let m = <Hygiene as ::core::default::Default>::default();
    m.labelled.inc(label!(Branch, "subgroup"));
    m.free.inc("x");
    m.latency.observe(1.5);
    let mut registry = ::metrics_runtime::prometheus_client::registry::Registry::default();
    ::core::assert!(m.register(&mut registry).is_ok());
    ::core::assert_eq!(m.labelled.get(Branch::Subgroup), 1);
}
