//! Stage 1: YAML text to spec types, with the position of any syntax or type error.

use crate::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::spec::SpecFile;

/// The largest spec file accepted: a guard against unbounded memory on hostile input.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// The deepest nesting of YAML collections accepted: a guard against stack exhaustion.
pub const MAX_DEPTH: usize = 64;

/// Parses one spec file.
pub fn parse(source: &SourceFile) -> Result<SpecFile, Diagnostic> {
    if source.text.len() > MAX_FILE_BYTES {
        let message = format!("the file has {} bytes, more than the limit of {MAX_FILE_BYTES}", source.text.len());
        return Err(Diagnostic::error(&source.path, 0, 0, message));
    }
    serde_saphyr::from_str_with_options::<SpecFile>(&source.text, options()).map_err(|yaml| {
        let (line, column) = yaml.location().map_or((0, 0), |at| (at.line(), at.column()));
        let (message, help) = explain(&first_line(&yaml.to_string()));
        let mut diagnostic = Diagnostic::error(&source.path, line, column, message);
        diagnostic.help = help;
        diagnostic
    })
}

/// The definition names a file declares, read leniently from a file that did not parse as a
/// spec (a type error somewhere): empty when it is not even YAML.
pub fn declared_definitions(source: &SourceFile) -> Vec<String> {
    if source.text.len() > MAX_FILE_BYTES {
        return Vec::new();
    }
    let Ok(serde_json::Value::Object(file)) = serde_saphyr::from_str_with_options(&source.text, options()) else {
        return Vec::new();
    };
    match file.get("definitions") {
        Some(serde_json::Value::Object(definitions)) => definitions.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// How spec files are read: depth stays bounded (node and event counts grow with the file, whose
/// size is bounded above), and a boolean is `true` or `false`, not YAML 1.1's `yes` or `on`.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: 20_000_000,
            max_events: 50_000_000,
        },
        strict_booleans: true,
    }
}

/// serde-saphyr's message, without the location and snippet it adds (ours are added later).
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim();
    let line = line.strip_prefix("error:").unwrap_or(line).trim();
    // "line 8 column 9: ..." repeats the position the diagnostic shows anyway.
    match line.strip_prefix("line ").and_then(|rest| rest.split_once(": ")) {
        Some((position, rest)) if position.contains(" column ") => rest.to_owned(),
        _ => line.to_owned(),
    }
}

/// The message in the spec's terms, and a hint on how to fix it.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((unknown, expected)) = rest.split_once('`')
    {
        let candidates: Vec<&str> = expected
            .split_once("expected one of ")
            .or_else(|| expected.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|key| key.trim_matches('`')).collect())
            .unwrap_or_default();
        let help = match crate::diagnostics::closest(unknown, candidates.iter().copied()) {
            Some(candidate) => format!("did you mean `{candidate}`?"),
            None => format!("the keys allowed here are: {}", candidates.join(", ")),
        };
        return (format!("unknown key `{unknown}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return (format!("the key `{key}` appears twice in this mapping"), Some("keep one of them".into()));
    }
    if let Some(found) = message.strip_prefix("expected ").and_then(|rest| rest.strip_suffix(" start")) {
        let expected = match found {
            "mapping" => "a mapping (`key: value` entries, or `{ key: value }`)",
            "sequence" => "a list (`- item` lines, or `[a, b]`)",
            other => other,
        };
        return (format!("{expected} is expected here"), None);
    }
    if message.starts_with("invalid u32") || message.starts_with("invalid u64") {
        return (message.to_owned(), Some("a whole number, such as `3`, is expected here".into()));
    }
    (message.to_owned(), None)
}
