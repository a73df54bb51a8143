//! The runtime's decoding on any bytes: response bodies, the union, timestamps, durations, `Retry-After`; no panic, no secret in error text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| datafactory_fuzz::decode(data));
