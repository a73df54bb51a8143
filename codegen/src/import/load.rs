//! Loading the input files and every file their `$ref`s name, each once (cycles of files are
//! fine), through the caller's [`Loader`]: the library itself reads no files.

use super::detect::{Format, detect};
use super::tree::{At, Node, Value};
use crate::diagnostics::{Diagnostic, Severity};
use crate::parse::{MAX_DEPTH, MAX_FILE_BYTES};
use std::collections::{HashMap, HashSet};

/// Reads a file for the importer: `path` is an input path as given, or one made from it and a
/// `$ref` (joined with `/`, `.` and `..` resolved). Returns the text or an error message.
pub trait Loader {
    fn load(&mut self, path: &str) -> Result<String, String>;
}

impl<F: FnMut(&str) -> Result<String, String>> Loader for F {
    fn load(&mut self, path: &str) -> Result<String, String> {
        self(path)
    }
}

/// One loaded file.
#[derive(Debug)]
pub struct Document {
    pub path: String,
    pub text: String,
    pub root: Node,
    pub format: Format,
}

/// Every loaded file, inputs first (in the caller's order), then referenced files in the order
/// they were first met.
#[derive(Debug, Default)]
pub struct Documents {
    pub docs: Vec<Document>,
    index: HashMap<String, usize>,
    /// The example files Swagger operations name (`x-ms-examples`), by path: not specs, but
    /// where the generated `Mock` takes its answers from.
    pub examples: HashMap<String, serde_json::Value>,
    /// Referenced files that could not be read (each warned about once, where first named):
    /// what a `$ref` into one names is unknown, and the readers go on without it.
    pub unreadable: HashSet<String>,
}

impl Documents {
    pub fn get(&self, path: &str) -> Option<&Document> {
        self.index.get(path).map(|&index| &self.docs[index])
    }

    pub fn index_of(&self, path: &str) -> Option<usize> {
        self.index.get(path).copied()
    }
}

/// Loads `inputs` and, transitively, every file a `$ref` names. Problems (an input that cannot
/// be read, a file that cannot be parsed, a remote reference) are errors naming the `$ref` that
/// led there. A referenced file that cannot be read is a warning: each `$ref` into it then
/// warns where it is used and is read as well as it can be (a schema as any JSON value, a
/// parameter left out), so that a document whose sibling file is missing still gives a crate.
pub fn load_all(inputs: &[String], loader: &mut dyn Loader, problems: &mut Vec<Diagnostic>) -> Documents {
    let mut documents = Documents::default();
    let mut queue: Vec<(String, Option<Diagnostic>)> = inputs.iter().map(|path| (normalize(path), None)).collect();
    let mut next = 0;
    while next < queue.len() {
        let (path, referrer) = queue[next].clone();
        next += 1;
        if documents.index.contains_key(&path) {
            continue;
        }
        let located = |message: String| match &referrer {
            Some(at) => Diagnostic { message, ..at.clone() },
            None => Diagnostic::error(&path, 0, 0, message),
        };
        let text = match loader.load(&path) {
            Ok(text) => text,
            Err(reason) if referrer.is_none() => {
                problems.push(located(format!("cannot read `{path}`: {reason}")));
                continue;
            }
            Err(reason) => {
                if documents.unreadable.insert(path.clone()) {
                    let message = format!(
                        "cannot read `{path}` ({reason}): the generator goes on without it, and each reference into it warns"
                    );
                    problems.push(Diagnostic { severity: Severity::Warning, ..located(message) });
                }
                continue;
            }
        };
        let (root, format) = match parse_document(&path, &text) {
            Ok(parsed) => parsed,
            Err(diagnostic) => {
                problems.push(diagnostic);
                continue;
            }
        };
        if format != Format::Own {
            let mut references = Vec::new();
            external_refs(&root, &mut Vec::new(), &mut references);
            for (reference, at, pointer) in references {
                let file = reference.split('#').next().unwrap_or_default();
                if file.is_empty() {
                    continue;
                }
                let place = Diagnostic::error(&path, at.line(), at.column(), String::new()).at_pointer(pointer);
                if file.contains("://") {
                    let message = format!(
                        "unsupported: the remote reference `{reference}`; download the file and refer to it by a relative path"
                    );
                    problems.push(Diagnostic { message, ..place });
                    continue;
                }
                queue.push((resolve(&path, file), Some(place)));
            }
        }
        documents.index.insert(path.clone(), documents.docs.len());
        documents.docs.push(Document { path, text, root, format });
    }
    load_examples(&mut documents, loader, problems);
    documents
}

/// Loads every example file a Swagger operation names in its `x-ms-examples`. They are not the
/// generator's input: one that cannot be read or is not JSON is a warning, and the `Mock` then
/// answers that operation with the least valid body.
fn load_examples(documents: &mut Documents, loader: &mut dyn Loader, problems: &mut Vec<Diagnostic>) {
    let mut wanted: Vec<(String, Diagnostic)> = Vec::new();
    for document in documents.docs.iter().filter(|document| document.format == Format::Swagger2) {
        // Operations are in `paths` and in Azure's `x-ms-paths`.
        let paths = ["paths", "x-ms-paths"].into_iter().filter_map(|key| document.root.get(key));
        let operations = paths.flat_map(Node::members).flat_map(|(_, item)| item.members());
        let examples = operations.filter_map(|(_, operation)| operation.get("x-ms-examples"));
        for (_, example) in examples.flat_map(Node::members) {
            let Some(reference) = example.get("$ref") else { continue };
            let Some(file) = reference.as_str().and_then(|text| text.split('#').next()).filter(|file| !file.is_empty())
            else {
                continue;
            };
            if file.contains("://") {
                continue;
            }
            let place = Diagnostic::warning(&document.path, reference.at.line(), reference.at.column(), String::new());
            wanted.push((resolve(&document.path, file), place));
        }
    }
    for (path, place) in wanted {
        if documents.examples.contains_key(&path) {
            continue;
        }
        let parsed = loader.load(&path).and_then(|text| {
            if text.len() > MAX_FILE_BYTES {
                return Err(format!("it has {} bytes, more than the limit of {MAX_FILE_BYTES}", text.len()));
            }
            serde_json::from_str(&text).map_err(|error| format!("it is not JSON: {error}"))
        });
        match parsed {
            Ok(example) => {
                documents.examples.insert(path, example);
            }
            Err(reason) => {
                let message = format!("the example `{path}` is not read ({reason}); the mock answers without it");
                problems.push(Diagnostic { message, ..place });
            }
        }
    }
}

/// Parses a file of any format into a tree and tells its format. Plain JSON is read by a fast
/// JSON reader; anything else (and JSON that reader is unsure of) by the YAML parser, which
/// gives the same positions.
pub fn parse_document(path: &str, text: &str) -> Result<(Node, Format), Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        let message = format!("the file has {} bytes, more than the limit of {MAX_FILE_BYTES}", text.len());
        return Err(Diagnostic::error(path, 0, 0, message));
    }
    let root = match super::json::parse(text) {
        Some(root) => root,
        None => parse_yaml(path, text)?,
    };
    let format = detect(&root).map_err(|message| Diagnostic::error(path, root.at.line(), root.at.column(), message))?;
    Ok((root, format))
}

/// Parses JSON or YAML text into a tree with the YAML parser (its depth and size limits are
/// the own format's).
pub fn parse_yaml(path: &str, text: &str) -> Result<Node, Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        let message = format!("the file has {} bytes, more than the limit of {MAX_FILE_BYTES}", text.len());
        return Err(Diagnostic::error(path, 0, 0, message));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: 20_000_000,
            max_events: 50_000_000,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let (line, column) = error.location().map_or((0, 0), |at| (at.line(), at.column()));
        let message = error.to_string();
        let message = message.lines().next().unwrap_or_default().trim().trim_start_matches("error:").trim();
        Diagnostic::error(path, line, column, message.to_owned())
    })
}

/// Every `$ref` string naming another file, with its position and JSON pointer. The examples
/// (`x-ms-examples`) are not the generator's input and are not followed.
fn external_refs(node: &Node, path: &mut Vec<String>, found: &mut Vec<(String, At, String)>) {
    match &node.value {
        Value::Object(members) => {
            for (key, value) in members {
                if key.name == "x-ms-examples" || key.name == "examples" || key.name == "example" {
                    continue;
                }
                path.push(key.name.clone());
                match (key.name.as_str(), value.as_str()) {
                    ("$ref", Some(reference)) if !reference.starts_with('#') => {
                        found.push((reference.to_owned(), value.at, super::tree::pointer(path)))
                    }
                    _ => external_refs(value, path, found),
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                external_refs(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The path of `relative` as seen from the file `base`.
pub fn resolve(base: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        return normalize(relative);
    }
    match base.rfind('/') {
        Some(slash) => normalize(&format!("{}/{relative}", &base[..slash])),
        None => normalize(relative),
    }
}

/// `a/./b/../c` is `a/c`; leading `..` that cannot be resolved stay.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute { format!("/{joined}") } else { joined }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_relative_to_the_referring_file() {
        assert_eq!(resolve("a/b/main.json", "./entityTypes/X.json"), "a/b/entityTypes/X.json");
        assert_eq!(resolve("a/b/entityTypes/X.json", "../main.json"), "a/b/main.json");
        assert_eq!(resolve("main.json", "../../common/types.json"), "../../common/types.json");
        assert_eq!(resolve("/abs/main.json", "../x.json"), "/x.json");
        assert_eq!(normalize("./a//b/../c"), "a/c");
    }

    #[test]
    fn a_cycle_of_files_loads_each_once() {
        let files = [
            ("dir/a.json", r##"{"swagger": "2.0", "definitions": {"A": {"$ref": "./sub/b.json#/definitions/B"}}}"##),
            ("dir/sub/b.json", r##"{"swagger": "2.0", "definitions": {"B": {"$ref": "../a.json#/definitions/A"}}}"##),
        ];
        let mut loads = Vec::new();
        let mut loader = |path: &str| {
            loads.push(path.to_owned());
            files.iter().find(|(name, _)| *name == path).map(|(_, text)| text.to_string()).ok_or("missing".to_owned())
        };
        let mut problems = Vec::new();
        let documents = load_all(&["dir/a.json".to_owned()], &mut loader, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(documents.docs.len(), 2);
        assert_eq!(loads, ["dir/a.json", "dir/sub/b.json"]);
    }

    #[test]
    fn a_missing_input_is_an_error() {
        let mut loader = |_: &str| Err::<String, _>("not found".to_owned());
        let mut problems = Vec::new();
        load_all(&["main.json".to_owned()], &mut loader, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].severity, Severity::Error);
    }

    #[test]
    fn a_missing_referenced_file_is_one_warning_at_the_first_reference() {
        let text = "{\"swagger\": \"2.0\",\n \"definitions\": {\"A\": {\"$ref\": \"./gone.json#/definitions/B\"},\n \"C\": {\"$ref\": \"./gone.json#/definitions/D\"}}}";
        let mut loader =
            |path: &str| if path == "main.json" { Ok(text.to_owned()) } else { Err("not found".to_owned()) };
        let mut problems = Vec::new();
        load_all(&["main.json".to_owned()], &mut loader, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].file.as_str(), problems[0].line), ("main.json", 2));
        assert_eq!(problems[0].pointer.as_deref().map(String::as_str), Some("#/definitions/A/$ref"));
        assert!(problems[0].message.contains("cannot read `gone.json`"), "{}", problems[0].message);
        assert_eq!(problems[0].severity, Severity::Warning);
    }
}
