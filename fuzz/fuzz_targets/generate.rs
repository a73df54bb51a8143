//! Feeds the generator arbitrary bytes, alone or spliced into the real spec: it must never
//! panic, and every spec it accepts must give files that parse as Rust.

#![no_main]

use datafactory_codegen::{SourceFile, generate};
use libfuzzer_sys::fuzz_target;

const REAL_SPEC: [(&str, &str); 2] = [
    ("spec/gateways.yaml", include_str!("../../spec/gateways.yaml")),
    ("spec/integration-runtimes.yaml", include_str!("../../spec/integration-runtimes.yaml")),
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let sources: Vec<SourceFile> = if mode % 2 == 0 {
        vec![SourceFile { path: "spec/fuzz.yaml".into(), text }]
    } else {
        // Splice the input into one of the real files at a position the input chooses.
        let (path, real) = REAL_SPEC[usize::from(mode / 2) % REAL_SPEC.len()];
        let at = real.char_indices().nth(usize::from(rest.first().copied().unwrap_or(0)) * 37 % real.len()).map_or(0, |(i, _)| i);
        let spliced = format!("{}{text}{}", &real[..at], &real[at..]);
        let other = REAL_SPEC.iter().filter(|(other, _)| *other != path);
        let mut sources: Vec<SourceFile> = other.map(|(path, text)| SourceFile { path: (*path).into(), text: (*text).into() }).collect();
        sources.push(SourceFile { path: path.into(), text: spliced });
        sources
    };
    if let Ok(files) = generate(&sources) {
        for file in files {
            assert!(syn::parse_file(&file.contents).is_ok(), "{} does not parse", file.path);
        }
    }
});
