//! The emitters and renderer on every input any reader accepts: the generated files parse as Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| datafactory_fuzz::render(data));
