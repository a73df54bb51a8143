//! `generated/` must be what the spec produces: the same check as `cargo xtask regenerate --check`.

#[test]
fn generated_crate_is_fresh() {
    if let Err(failure) = xtask::regenerate(&datafactory_tests::root(), xtask::Mode::Check) {
        panic!("{failure}");
    }
}
