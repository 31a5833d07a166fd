//! The reference node's metrics catalogue, declared with `#[metrics_family]`.

pub mod self_purge;
