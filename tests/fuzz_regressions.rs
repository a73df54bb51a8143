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

/// The import targets' tree mutator keeps a JSON input JSON (every file of it), never writes past
/// the room it is given, and hands what is not JSON to the byte-level mutator.
#[test]
fn the_tree_mutator_keeps_json_inputs_json() {
    use properties::FILE_SEPARATOR;
    use properties::mutate::mutate_json;
    let never = |_: &mut [u8], _: usize, _: usize| -> usize { usize::MAX };
    let mut mutated_json = 0;
    for target in ["read_openapi", "read_swagger"] {
        for entry in std::fs::read_dir(root().join("fuzz/seeds").join(target)).expect("seeds") {
            let seed = std::fs::read(entry.expect("an entry").path()).expect("a seed");
            let text = String::from_utf8_lossy(&seed).into_owned();
            let is_json =
                text.split(FILE_SEPARATOR).all(|file| serde_json::from_str::<serde_json::Value>(file).is_ok());
            let mut data = seed.clone();
            data.resize(256 * 1024, 0);
            for round in 0..200u32 {
                let size = mutate_json(&mut data, seed.len(), 256 * 1024, round, never);
                if size == usize::MAX {
                    // The byte-level mutator's turn: one in sixteen, and every input that is not JSON.
                    continue;
                }
                assert!(is_json, "{target}: a seed that is not JSON went through the tree mutator");
                let out = std::str::from_utf8(&data[..size]).expect("UTF-8");
                for file in out.split(FILE_SEPARATOR) {
                    serde_json::from_str::<serde_json::Value>(file).expect("still JSON");
                }
                mutated_json += 1;
                data[..seed.len()].copy_from_slice(&seed);
            }
        }
    }
    assert!(mutated_json > 1000, "the tree mutator ran {mutated_json} times");
    // Little room: what does not fit goes to the byte-level mutator, and nothing is written past it.
    let small = br#"{"openapi":"3.0.3","paths":{"/a":{}}}"#;
    let room = small.len() / 2;
    for round in 0..64u32 {
        let mut data = small.to_vec();
        let size = mutate_json(&mut data, small.len(), room, round, never);
        assert!(size == usize::MAX || size <= room, "round {round}: {size} bytes in {room}");
        assert_eq!(&data[room..], &small[room..], "round {round}: written past the room");
    }
}

// Crashes: one test per input a fuzzer crashed on, the minimised input inline and the target's
// property called on it (`#[test] fn <what_broke>() { decode(b"...") }`).

/// The diagnostics of reading `swagger` (one file) through the Swagger reader, errors or warnings.
fn swagger_diagnostics(swagger: &str) -> Vec<String> {
    let mut loader = |_: &str| Ok::<String, String>(swagger.to_owned());
    let inputs = ["main.json".to_owned()];
    match restgen::lower_from_inputs(&inputs, &mut loader, &restgen::Options::default()) {
        Ok((_, warnings, _)) => warnings.iter().map(ToString::to_string).collect(),
        Err((errors, _)) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

/// `read_swagger`, out of memory (4.5 GB in 200 s of fuzzing): a schema written in place of its
/// references (a typed map) that refers to itself twice was copied into itself, doubling at every
/// level down to the depth limit. Minimised: now the inner references are JSON, with a warning.
#[test]
fn a_schema_written_in_place_that_refers_to_itself_twice_is_not_copied_without_end() {
    let swagger = r##"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
      "definitions": {"Holder": {"type": "object", "properties": {"map": {"$ref": "#/definitions/TypedMap"}}},
        "TypedMap": {"type": "object", "additionalProperties": {"type": "object",
        "properties": {"a": {"$ref": "#/definitions/TypedMap"}, "b": {"$ref": "#/definitions/TypedMap"}}}}}}"##;
    read_import(swagger.as_bytes(), "swagger");
    let found = swagger_diagnostics(swagger);
    assert!(
        found.iter().any(|d| d.contains("`#/definitions/TypedMap` refers to itself through schemas written in place")),
        "{found:?}"
    );
}

/// The same explosion without a cycle: twenty schemas written in place, each referring to the
/// next three times, would be 3^16 copies before the depth limit; past the bound the rest are
/// JSON, with one error.
#[test]
fn schemas_written_in_place_are_copied_a_bounded_number_of_times() {
    let mut definitions: Vec<String> = (0..20)
        .map(|level| {
            let next = format!("#/definitions/M{}", level + 1);
            format!(
                r#""M{level}": {{"type": "object", "additionalProperties": {{"type": "object", "properties": {{"a": {{"$ref": "{next}"}}, "b": {{"$ref": "{next}"}}, "c": {{"$ref": "{next}"}}}}}}}}"#
            )
        })
        .collect();
    definitions.push(r#""M20": {"type": "string"}"#.to_owned());
    definitions
        .push(r##""Holder": {"type": "object", "properties": {"map": {"$ref": "#/definitions/M0"}}}"##.to_owned());
    let swagger = format!(
        r#"{{"swagger": "2.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "definitions": {{{}}}}}"#,
        definitions.join(", ")
    );
    let found = swagger_diagnostics(&swagger);
    let bounded = found.iter().filter(|d| d.contains("make more than 100000 copies")).count();
    assert_eq!(bounded, 1, "{}", found.join("\n"));
}
