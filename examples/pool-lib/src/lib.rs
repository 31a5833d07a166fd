//! A library with metrics of its own: a (toy) connection pool. The library
//! declares its family, [`PoolMetrics`]; the application owns the registry
//! and hands it to the library, which registers one instance per pool, told
//! apart by the constant label `pool`.
//!
//! ```
//! use example_pool_lib::Pool;
//! use metrics_runtime::{Format, Registry};
//!
//! let registry = Registry::new(); // the application's
//! let pool = Pool::new("primary", 2, &registry)?;
//! let connection = pool.checkout().expect("a free connection");
//! assert!(registry.encode(Format::Text)?.contains("pool_connections_in_use{pool=\"primary\"} 1\n"));
//! drop(connection);
//! assert!(registry.encode(Format::Text)?.contains("pool_connections_in_use{pool=\"primary\"} 0\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! An application still serving a prometheus-client registry registers the
//! family itself, with the generated `register`, and hands it over:
//!
//! ```
//! use std::sync::Arc;
//!
//! use example_pool_lib::{Pool, PoolMetrics};
//! use metrics_runtime::prometheus_client::registry::Registry as PcRegistry;
//! use metrics_runtime::{encode, Format};
//!
//! let mut registry = PcRegistry::default();
//! let metrics = PoolMetrics::new("replica".to_owned());
//! metrics.register(&mut registry)?;
//! let pool = Pool::with_metrics(1, Arc::new(metrics));
//! let _connection = pool.checkout();
//! assert!(pool.checkout().is_none()); // exhausted, and counted
//! let text = encode(&registry, Format::Text)?;
//! assert!(text.contains("pool_checkouts_total{pool=\"replica\",result=\"exhausted\"} 1\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use metrics_runtime::{metrics_family, Counter, Gauge, LabelValue, RegisterError, Registry};

/// What a checkout got.
#[derive(Clone, Copy, Debug, LabelValue)]
pub enum Checkout {
    /// A connection.
    Granted,
    /// Nothing: every connection was in use.
    Exhausted,
}

/// A pool's metrics; each pool is one instance, labelled `pool`.
#[metrics_family(prefix = "pool", const_labels(pool: String))]
#[derive(Debug)]
pub struct PoolMetrics {
    /// Checkouts, by result
    #[metric(labels(result: Checkout))]
    pub checkouts: Counter,
    /// Connections checked out now
    pub connections_in_use: Gauge,
    /// Connections the pool holds
    pub connections: Gauge,
}

/// A pool of `size` connections (here, numbers).
#[derive(Debug)]
pub struct Pool {
    size: usize,
    in_use: AtomicUsize,
    metrics: Arc<PoolMetrics>,
}

/// A connection checked out of a [`Pool`]; dropping it returns it.
#[derive(Debug)]
pub struct Connection<'a> {
    pool: &'a Pool,
}

impl Pool {
    /// A pool named `name`, its metrics in the application's `registry`: the
    /// instance labelled `pool="{name}"`, created now or, for a pool made
    /// again under the same name, the one already there. Fails only if
    /// something else in `registry` already exports one of the family's
    /// names.
    pub fn new(name: &str, size: usize, registry: &Registry) -> Result<Self, RegisterError> {
        let metrics = registry.get_or_create::<PoolMetrics>(name.to_owned())?;
        Ok(Self::with_metrics(size, metrics))
    }

    /// A pool recording into `metrics`, registered by the application
    /// wherever it likes.
    pub fn with_metrics(size: usize, metrics: Arc<PoolMetrics>) -> Self {
        metrics
            .connections
            .set(i64::try_from(size).unwrap_or(i64::MAX));
        Self {
            size,
            in_use: AtomicUsize::new(0),
            metrics,
        }
    }

    /// A free connection, or `None` if all are in use.
    pub fn checkout(&self) -> Option<Connection<'_>> {
        let granted = self
            .in_use
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.size).then_some(n + 1)
            })
            .is_ok();
        if granted {
            self.metrics.checkouts.inc(Checkout::Granted);
            self.metrics.connections_in_use.inc();
            Some(Connection { pool: self })
        } else {
            self.metrics.checkouts.inc(Checkout::Exhausted);
            None
        }
    }
}

impl Drop for Connection<'_> {
    fn drop(&mut self) {
        self.pool.in_use.fetch_sub(1, Ordering::AcqRel);
        self.pool.metrics.connections_in_use.dec();
    }
}
