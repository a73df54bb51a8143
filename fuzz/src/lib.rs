//! What the fuzz targets share: in-memory input files, reading them, and the secret oracle.

use datafactory_codegen::{Options, SourceFile, lower_from_inputs};
use std::collections::BTreeMap;

/// Where one input is cut into several files: the text after the n-th separator is the file
/// `FILE_NAMES[n]`, so `$ref`s across files (and cycles of them) are reachable.
pub const FILE_SEPARATOR: &str = "\n#--file--\n";

/// The paths the files of one input are given; the first is the input the reader starts from.
pub const FILE_NAMES: [&str; 3] = ["main.json", "defs/types.json", "common.yaml"];

/// The files of one input, by path.
pub fn split_files(text: &str) -> BTreeMap<String, String> {
    FILE_NAMES
        .iter()
        .zip(text.split(FILE_SEPARATOR))
        .map(|(path, text)| ((*path).to_owned(), text.to_owned()))
        .collect()
}

/// Reads and lowers `files` through the import readers, from `FILE_NAMES[0]`, then renders the
/// diagnostics or warnings as the CLI would (their positions point into the texts read).
pub fn read_and_render_diagnostics(files: &BTreeMap<String, String>) {
    let mut loader = |path: &str| files.get(path).cloned().ok_or_else(|| format!("no file {path}"));
    let inputs = [FILE_NAMES[0].to_owned()];
    match lower_from_inputs(&inputs, &mut loader, &Options::default()) {
        Ok((_, warnings, sources)) => warnings.iter().for_each(|warning| drop(warning.render(&sources))),
        Err((errors, sources)) => drop(errors.render(&sources)),
    }
}

/// The one secret the decode target looks for: distinctive, so that no fixed text of an error
/// message can contain it by chance.
pub const SECRET: &str = "ADF#fuzzed-secret@value";

/// Whether `body` is JSON (strictly) that holds [`SECRET`] as the string value of a property
/// named `name` (after escapes are decoded), at any depth. Only then is the secret known to be
/// one; a body that is not JSON has no certain reading, and is checked for panics alone.
pub fn holds_secret(body: &[u8], name: &str) -> bool {
    fn walk(value: &serde_json::Value, name: &str) -> bool {
        match value {
            serde_json::Value::Object(map) => {
                map.iter().any(|(key, value)| (key == name && value.as_str() == Some(SECRET)) || walk(value, name))
            }
            serde_json::Value::Array(items) => items.iter().any(|item| walk(item, name)),
            _ => false,
        }
    }
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|value| walk(&value, name))
}

/// Every text an error offers: `Display`, `Debug`, and the public texts of its parts.
pub fn error_texts(error: &datafactory::Error) -> String {
    use datafactory::Error;
    let mut texts = format!("{error}\n{error:?}");
    if let Error::Decode(decode) = error {
        texts.push_str(&format!("\n{}\n{}", decode.message, decode.excerpt));
    }
    if let Error::Service(service) = error {
        texts.push_str(&format!("\n{:?}", service.cloud_error));
    }
    texts
}

/// The spec files of the repository, for targets that splice inputs into real ones.
pub fn source(path: &str, text: &str) -> SourceFile {
    SourceFile { path: path.to_owned(), text: text.to_owned() }
}
