//! The own YAML reader and lowering (no emit, no render) on any bytes: no panic, and the diagnostics render.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| datafactory_fuzz::read_spec(data));
