//! The Swagger 2.0 reader (JSON or YAML, `$ref`s across files) and lowering on any bytes: no panic, and the diagnostics render.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| datafactory_fuzz::read_import(data, "swagger"));
