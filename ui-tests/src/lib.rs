//! Compile-pass and compile-fail cases of the DSL; see `tests/ui.rs`.
