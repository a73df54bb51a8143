//! The own YAML reader and lowering (no emit, no render) on any bytes: no panic, and the diagnostics render.

#![no_main]

use datafactory_codegen::{SourceFile, lower_sources};
use datafactory_fuzz::source;
use libfuzzer_sys::fuzz_target;

/// Small real specs to splice inputs into or to set beside them: lowering reaches deep only
/// from text that is mostly valid, and these are small enough to keep every run fast.
const FIXTURES: [(&str, &str); 4] = [
    ("spec/union.yaml", include_str!("../../tests/fixtures/union.yaml")),
    ("spec/operation.yaml", include_str!("../../tests/fixtures/operation.yaml")),
    ("spec/secret.yaml", include_str!("../../tests/fixtures/secret.yaml")),
    ("spec/map.yaml", include_str!("../../tests/fixtures/map.yaml")),
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let (path, fixture) = FIXTURES[usize::from(mode >> 2) % FIXTURES.len()];
    let sources: Vec<SourceFile> = match mode % 4 {
        // The input alone.
        0 | 1 => vec![source("spec/fuzz.yaml", &text)],
        // The input spliced into a fixture at a line the input's first byte chooses.
        2 => {
            let lines: Vec<&str> = fixture.split_inclusive('\n').collect();
            let at = usize::from(rest.first().copied().unwrap_or(0)) % (lines.len() + 1);
            vec![source(path, &format!("{}{text}{}", lines[..at].concat(), lines[at..].concat()))]
        }
        // The input as a second file beside a fixture: one namespace of definitions.
        _ => vec![source(path, fixture), source("spec/fuzz.yaml", &text)],
    };
    if let Err(errors) = lower_sources(&sources) {
        drop(errors.render(&sources));
    }
});
