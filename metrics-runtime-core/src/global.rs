//! The process-wide registry, and the `global!` statics that register into
//! it.
//!
//! See [`Registry::global`], [`Global`] and [`global!`](crate::global!).

use std::ops::Deref;
use std::sync::{Arc, Once, OnceLock};

use crate::describe::FamilyDescriptor;
use crate::own::Registry;
use crate::registry::MetricFamily;

static PROCESS: OnceLock<Registry> = OnceLock::new();
static EAGER: Once = Once::new();

/// The process-wide registry, without registering the `global!` statics.
fn process() -> &'static Registry {
    PROCESS.get_or_init(Registry::new)
}

impl Registry {
    /// The process-wide registry, which every [`global!`](crate::global!)
    /// static registers into. Serve or encode it like any other.
    ///
    /// The first call registers every `global!` static of the program (each
    /// submitted at link time through the [`inventory`] crate; no code of
    /// ours runs before `main`), so every series they declare is in the
    /// first scrape, at zero, even where no code has touched the static yet.
    ///
    /// # Panics
    ///
    /// On that first call, if two `global!` statics of different families
    /// export the same name (or one exports a name something registered into
    /// the process-wide registry before exports): the message is the
    /// [`RegisterError`](crate::RegisterError) naming both. Statics are
    /// declarations, so this is a mistake in the program, found by the first
    /// test that scrapes or records.
    ///
    /// ```
    /// use metrics_runtime::{global, metrics_family, Counter, Format, Registry};
    ///
    /// #[metrics_family(prefix = "jobs")]
    /// struct Jobs {
    ///     /// Jobs started
    ///     started: Counter,
    /// }
    ///
    /// global! {
    ///     /// The process's job metrics.
    ///     static JOBS: Jobs;
    /// }
    ///
    /// // Nothing has touched `JOBS`, and its series is exported all the same.
    /// let text = Registry::global().encode(Format::Text).unwrap();
    /// assert!(text.contains("jobs_started_total 0\n"));
    /// JOBS.started.inc();
    /// assert!(Registry::global().encode(Format::Text).unwrap().contains("jobs_started_total 1\n"));
    /// ```
    pub fn global() -> &'static Registry {
        let registry = process();
        EAGER.call_once(|| {
            let mut statics: Vec<&GlobalEntry> = inventory::iter::<GlobalEntry>().collect();
            // Link order is not a stable order; the exposition's should be.
            statics.sort_by_key(|entry| {
                let descriptor = entry.0.descriptor();
                (
                    descriptor.name,
                    descriptor.metrics.first().map(|m| (m.file, m.line)),
                )
            });
            for entry in statics {
                entry.0.force();
            }
        });
        registry
    }
}

/// The process-wide instance of a family, declared with
/// [`global!`](crate::global!): it dereferences to the family, registered in
/// [`Registry::global`] from that registry's first use (or this static's
/// first use, if that comes first).
///
/// Every `global!` static of one family is the same instance, the one
/// `Registry::global().get_or_create::<F>(())` returns.
///
/// ```
/// use std::sync::Arc;
///
/// use metrics_runtime::{global, metrics_family, Counter, Global, Registry};
///
/// #[metrics_family(prefix = "queue")]
/// struct Queue {
///     /// Messages enqueued
///     enqueued: Counter,
/// }
///
/// global! {
///     static QUEUE: Queue;
/// }
///
/// let queue: &Global<Queue> = &QUEUE;
/// queue.enqueued.inc(); // through `Deref`
/// let same: Arc<Queue> = Registry::global().get_or_create::<Queue>(()).unwrap();
/// assert!(std::ptr::eq(queue.get(), &*same));
/// assert_eq!(same.enqueued.get(), 1);
/// ```
pub struct Global<F> {
    instance: OnceLock<Arc<F>>,
    /// Registers the instance: the one place that needs `F: GlobalFamily`,
    /// so a family that cannot be global is reported once, where the
    /// static is declared.
    create: fn() -> Arc<F>,
    /// The family's declaration, for the same reason.
    descriptor: fn() -> &'static FamilyDescriptor,
}

impl<F: GlobalFamily + Send + Sync + 'static> Global<F> {
    /// Not public API: declare statics with `global!`, which also submits
    /// them to the process-wide registry.
    #[doc(hidden)]
    pub const fn __new() -> Self {
        Self {
            instance: OnceLock::new(),
            create: create::<F>,
            descriptor: descriptor::<F>,
        }
    }
}

fn descriptor<F: MetricFamily>() -> &'static FamilyDescriptor {
    F::descriptor()
}

fn create<F: GlobalFamily + Send + Sync + 'static>() -> Arc<F> {
    process()
        .get_or_create::<F>(())
        .unwrap_or_else(|e| panic!("registering a `global!` static: {e}"))
}

impl<F> Global<F> {
    /// The family's process-wide instance.
    ///
    /// # Panics
    ///
    /// If the process-wide registry refuses the family (see
    /// [`Registry::global`]).
    ///
    /// ```
    /// use metrics_runtime::{global, metrics_family, Counter};
    ///
    /// #[metrics_family(prefix = "jobs")]
    /// struct Jobs {
    ///     /// Jobs started
    ///     started: Counter,
    /// }
    ///
    /// global! {
    ///     static JOBS: Jobs;
    /// }
    ///
    /// let jobs: &Jobs = JOBS.get();
    /// jobs.started.inc();
    /// assert_eq!(JOBS.started.get(), 1); // the same instance
    /// ```
    pub fn get(&self) -> &F {
        self.instance.get_or_init(self.create)
    }
}

impl<F> Deref for Global<F> {
    type Target = F;

    fn deref(&self) -> &F {
        self.get()
    }
}

impl<F: std::fmt::Debug> std::fmt::Debug for Global<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Global").field(self.get()).finish()
    }
}

/// A family that can be a process-wide [`Global`]: one without constant
/// labels. `#[metrics_family]` implements it.
///
/// A family without constant labels can be a `global!` static:
///
/// ```
/// use metrics_runtime::{global, metrics_family, Counter};
///
/// #[metrics_family]
/// struct Jobs {
///     /// Jobs started
///     started: Counter,
/// }
///
/// global! {
///     static JOBS: Jobs;
/// }
///
/// JOBS.started.inc();
/// assert_eq!(JOBS.started.get(), 1);
/// ```
///
/// One with constant labels cannot, and neither can a bare metric: the
/// error, at the static's type, says `` only a `#[metrics_family]` struct
/// without `const_labels` can be a `global!` static ``.
///
/// ```compile_fail,E0277
/// use metrics_runtime::{global, metrics_family, Counter};
///
/// #[metrics_family(const_labels(peer: String))]
/// struct Peer {
///     /// Messages sent
///     sent: Counter,
/// }
///
/// global! {
///     static PEER: Peer;
/// }
/// ```
///
/// ```compile_fail,E0277
/// use metrics_runtime::{global, Counter};
///
/// global! {
///     static HITS: Counter; // a metric goes inside a family
/// }
/// ```
// No `{Self}` in the words: the error is at the type as written, and a
// bare `Counter` would print as the `Metric<(), CounterCell>` it stands for.
#[diagnostic::on_unimplemented(
    message = "only a `#[metrics_family]` struct without `const_labels` can be a `global!` static",
    label = "not a `#[metrics_family]` struct without `const_labels`",
    note = "a `global!` static is the one instance of a family; a metric (a `Counter`, `Gauge`, ...) is not one: make it a field of a `#[metrics_family]` struct and that struct the static; a family with `const_labels` has an instance per label values: get each with `Registry::global().get_or_create::<Family>(labels)`"
)]
pub trait GlobalFamily: MetricFamily<ConstLabels = ()> {}

/// A `global!` static, as the process-wide registry finds it.
#[doc(hidden)]
pub struct GlobalEntry(pub &'static dyn Eager);

inventory::collect!(GlobalEntry);

/// What the process-wide registry does with each static on its first use.
#[doc(hidden)]
pub trait Eager: Sync {
    /// Registers the static's instance.
    fn force(&self);
    /// The family's declaration.
    fn descriptor(&self) -> &'static FamilyDescriptor;
}

// No family bound: `__new` has it, so `global!` of a type that cannot be
// global is reported once, there, and not again on the submission.
impl<F: Send + Sync + 'static> Eager for Global<F> {
    fn force(&self) {
        self.get();
    }

    fn descriptor(&self) -> &'static FamilyDescriptor {
        (self.descriptor)()
    }
}

/// Declares process-wide instances of families: statics that dereference to
/// the family, registered into [`Registry::global`] so that their series are
/// in its first scrape whether or not any code has recorded into them.
///
/// ```
/// use metrics_runtime::{global, metrics_family, Counter, Format, Gauge, Registry};
///
/// #[metrics_family(prefix = "cache")]
/// pub struct Cache {
///     /// Cache hits
///     hits: Counter,
///     /// Entries held
///     entries: Gauge,
/// }
///
/// global! {
///     /// The process's cache metrics.
///     pub static CACHE: Cache;
/// }
///
/// CACHE.hits.inc();
/// CACHE.entries.set(3);
/// let text = Registry::global().encode(Format::Text).unwrap();
/// assert!(text.contains("cache_hits_total 1\n"));
/// assert!(text.contains("cache_entries 3\n"));
/// ```
///
/// The static's type is [`Global<Cache>`](Global). Works on the platforms
/// `inventory` supports (Linux, macOS, Windows, the BSDs, WebAssembly and
/// others); a static in a crate the linker leaves out entirely does not
/// exist, and neither does the code that would record into it.
#[macro_export]
macro_rules! global {
    ($($(#[$attr:meta])* $vis:vis static $name:ident: $family:ty;)+) => {$(
        $crate::global!(@static $(#[$attr])* $vis $name $family);
    )+};
    // Item by item once one of them is a mistake, so the statics before
    // and after it are declared.
    ($(#[$attr:meta])* $vis:vis static $name:ident: $family:ty; $($rest:tt)+) => {
        $crate::global!(@static $(#[$attr])* $vis $name $family);
        $crate::global!($($rest)+);
    };
    // The mistakes a reader of the README makes, each with its fix; the
    // static is declared all the same, so code using it adds no error.
    // A value is put in a `__private::GlobalValue`, whose bound no type
    // meets, so the error is at the value (a `compile_error!` of a
    // `macro_rules` is at the whole `global! { .. }`); in a closure, so the
    // value is type-checked but not evaluated in const context.
    ($(#[$attr:meta])* $vis:vis static $name:ident: $family:ty = $init:expr; $($rest:tt)*) => {
        const _: fn() = || {
            let _ = $crate::__private::GlobalValue::<$family> { value: $init };
        };
        $crate::global!(@static $(#[$attr])* $vis $name $family);
        $crate::global!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $family:ty) => {
        const _: () = $crate::__private::global_semicolon::<$family>();
        $crate::global!(@static $(#[$attr])* $vis $name $family);
    };
    ($(#[$attr:meta])* $vis:vis static mut $name:ident: $family:ty; $($rest:tt)*) => {
        const _: () = $crate::__private::global_not_mut::<$family>();
        $crate::global!(@static $(#[$attr])* $vis $name $family);
        $crate::global!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis $name:ident: $family:ty; $($rest:tt)*) => {
        const _: () = $crate::__private::global_static::<$family>();
        $crate::global!(@static $(#[$attr])* $vis $name $family);
        $crate::global!($($rest)*);
    };
    () => {};
    // The family is named through `__private::global_family`'s check, so
    // a type that cannot be global is reported once, on the declaration
    // (the submission's `Eager` does not ask for a family); named in the
    // check's turbofish, so rustc points at the type as written.
    (@static $(#[$attr:meta])* $vis:vis $name:ident $family:ty) => {
        $(#[$attr])*
        $vis static $name: $crate::Global<$family> = $crate::Global::<
            <[$family; $crate::__private::global_family::<$family>()] as $crate::__private::Checked>::Type,
        >::__new();
        $crate::__private::inventory::submit! {
            $crate::__private::GlobalEntry(&$name)
        }
    };
}
