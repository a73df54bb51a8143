//! The fuzz targets' properties (fuzz/src/lib.rs, which the targets call) in the ordinary test
//! suite, on stable and without cargo-fuzz: every checked-in seed of fuzz/seeds/ holds them, and every input a fuzzer
//! ever crashed on becomes a test below, minimised and inline.
//!
//! Campaigns so far (fuzz/README.md) found no crash; the first one found goes in `crashes`.

use datafactory_tests::root;

// The targets' properties themselves, compiled here too (the fuzz crate is a workspace of its own).
#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod properties;

use properties::{decode, read_import, read_spec};

/// Every seed of one target, through `property`.
fn replay(target: &str, property: fn(&[u8])) {
    let folder = root().join("fuzz/seeds").join(target);
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        property(&std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display())));
        count += 1;
    }
    assert!(count > 0, "no seeds in {}", folder.display());
}

#[test]
fn the_read_spec_seeds_hold_its_properties() {
    replay("read_spec", read_spec);
}

#[test]
fn the_read_swagger_seeds_hold_its_properties() {
    replay("read_swagger", |data| read_import(data, "swagger"));
}

#[test]
fn the_read_openapi_seeds_hold_its_properties() {
    replay("read_openapi", |data| read_import(data, "openapi"));
}

#[test]
fn the_decode_seeds_hold_its_properties() {
    replay("decode", decode);
}

// Crashes: one test per input a fuzzer crashed on, the minimised input inline and the target's
// property called on it (`#[test] fn <what_broke>() { decode(b"...") }`). None found yet.
