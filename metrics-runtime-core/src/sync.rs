//! The synchronisation primitives of the stores and cells.
//!
//! Normally the standard library's. Under `--cfg loom` they are loom's, so
//! the model check in `tests/loom.rs` explores the interleavings of the real
//! recording, lookup, removal and encoding code:
//! `RUSTFLAGS="--cfg loom" cargo test -p metrics-runtime --test loom --release`.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize};
#[cfg(loom)]
pub(crate) use loom::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize};
#[cfg(not(loom))]
pub(crate) use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub(crate) use std::sync::atomic::Ordering;
