//! Benchmarks of metrics-runtime against its peers; see `benches/` and BENCHMARKS.md.
