//! The Swagger 2.0 reader (JSON or YAML, `$ref`s across files) and lowering on any bytes: no panic, and the diagnostics render.

#![no_main]

use datafactory_fuzz::{read_and_render_diagnostics, split_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Without the marker the input is read as the own format, which `read_spec` covers.
    if !text.contains("swagger") {
        return;
    }
    read_and_render_diagnostics(&split_files(&text));
});
