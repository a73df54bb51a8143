//! Snapshots prove the text; the compiler proves it is Rust. Every fixture is generated into a
//! scratch crate beside the real runtime (the `operation` fixture defines the `CloudError` it
//! needs), and `cargo check` must pass with warnings denied.

use datafactory_tests::{fixture, root};

#[test]
fn every_fixture_compiles() {
    let sources: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("fixtures folder")
        .map(|entry| fixture(&entry.expect("entry").path()))
        .collect();
    let dir = root().join("target/fixture-crate");
    xtask::scratch::write_crate(&root(), &dir, "fixture-crate", &sources).unwrap_or_else(|error| panic!("{error}"));
    let checked = xtask::scratch::check_crate(&dir, &root().join("target/scratch-crates-target"));
    if let Err(errors) = checked {
        panic!("the fixtures' generated code does not compile:\n{errors}");
    }
}
