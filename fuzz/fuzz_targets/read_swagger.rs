//! The Swagger 2.0 reader (JSON or YAML, `$ref`s across files) and lowering on any bytes: no panic, and the diagnostics render.

#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};

fuzz_target!(|data: &[u8]| datafactory_fuzz::read_import(data, "swagger"));

// JSON inputs are mutated as JSON trees (see `datafactory_fuzz::mutate`), others byte by byte.
fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    datafactory_fuzz::mutate::mutate_json(data, size, max_size, seed, libfuzzer_sys::fuzzer_mutate)
});
