//! Compile-pass and compile-fail cases; regenerate snapshots with
//! `TRYBUILD=overwrite cargo test -p ui-tests` and read every `.stderr`.
//!
//! Fail cases are grouped by topic (`fail/names`, `fail/buckets`,
//! `fail/attributes`, `fail/labels`, `fail/call_site`), one file per
//! mistake, named for it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/**/*.rs");
}
