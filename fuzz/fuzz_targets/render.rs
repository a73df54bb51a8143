//! The emitters and renderer on every input any reader accepts: the generated files parse as Rust.

#![no_main]

use datafactory_codegen::{Options, generate_from_inputs};
use datafactory_fuzz::{FILE_NAMES, split_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = split_files(&String::from_utf8_lossy(data));
    let mut loader = |path: &str| files.get(path).cloned().ok_or_else(|| format!("no file {path}"));
    let inputs = [FILE_NAMES[0].to_owned()];
    // Inputs that do not lower end here, cheaply: only valid specs reach the renderer.
    let Ok(generated) = generate_from_inputs(&inputs, &mut loader, &Options::default()) else { return };
    for file in generated.generated.files {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {error}\n{}", file.path, file.contents);
        }
    }
});
