//! Stage 1: YAML text to spec types, with the position of any syntax or type error.

use crate::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::spec::SpecFile;

/// The largest spec file accepted: a guard against unbounded memory on hostile input.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Parses one spec file.
pub fn parse(source: &SourceFile) -> Result<SpecFile, Diagnostic> {
    let error = |line, column, message| Diagnostic { file: source.path.clone(), line, column, message };
    if source.text.len() > MAX_FILE_BYTES {
        return Err(error(
            0,
            0,
            format!("the file has {} bytes, more than the limit of {MAX_FILE_BYTES}", source.text.len()),
        ));
    }
    serde_saphyr::from_str::<SpecFile>(&source.text).map_err(|yaml| {
        let (line, column) = yaml.location().map_or((0, 0), |at| (at.line(), at.column()));
        error(line, column, first_line(&yaml.to_string()))
    })
}

/// serde-saphyr's message, without the location and snippet lines it appends (ours are added later).
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}
