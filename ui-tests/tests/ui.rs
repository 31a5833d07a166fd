//! Compile-pass and compile-fail cases; regenerate snapshots with
//! `TRYBUILD=overwrite cargo test -p ui-tests` and read every `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}
