//! Reading inputs of any supported format into the spec model (one hub: lowering is shared).
//!
//! Each reader turns its input into [`crate::spec`] values: the own YAML format through
//! [`crate::parse`], Swagger 2.0 through `swagger`, OpenAPI 3.0 and 3.1 through `openapi`. Files are read through the caller's
//! [`Loader`], so the library itself touches no file system.

mod detect;
mod json;
mod load;
mod openapi;
mod operations_common;
mod reader;
mod schema_common;
mod spec_yaml;
mod swagger;
pub mod tree;

pub use detect::Format;
pub use json::parse as parse_json;
pub use load::{Loader, normalize, parse_document, parse_yaml, resolve};
pub use spec_yaml::spec_yaml;

use crate::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::lower::ParsedFile;
use crate::spec::{Description, Text};
use tree::{At, Node};

/// What reading gave: spec files for lowering, the texts for rendering diagnostics, and the
/// warnings met on the way.
pub struct Imported {
    pub files: Vec<ParsedFile>,
    /// Every file read, inputs and referenced files alike.
    pub sources: Vec<SourceFile>,
    pub warnings: Vec<Diagnostic>,
    documents: load::Documents,
}

impl Imported {
    /// Names the JSON pointer of each diagnostic about a Swagger or OpenAPI file that does not
    /// name one yet (those found by lowering know only the line and column).
    pub fn add_pointers(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in
            diagnostics.iter_mut().filter(|diagnostic| diagnostic.pointer.is_none() && diagnostic.line > 0)
        {
            let Some(document) = self.documents.get(&diagnostic.file) else { continue };
            if document.format != Format::Own {
                diagnostic.pointer = document.root.pointer_at(diagnostic.line, diagnostic.column).map(Box::new);
            }
        }
    }
}

/// Reads `inputs` (paths, as given to `loader`) and the files they refer to. `strict` makes
/// every warning of the readers an error. Fails with every error found, warnings included, and
/// the texts of the files read (to render them).
pub fn read(
    inputs: &[String],
    loader: &mut dyn Loader,
    strict: bool,
) -> Result<Imported, (Diagnostics, Vec<SourceFile>)> {
    let mut problems = Vec::new();
    let documents = load::load_all(inputs, loader, &mut problems);
    let mut files = Vec::new();
    for document in documents.docs.iter().filter(|document| document.format == Format::Own) {
        let source = SourceFile { path: document.path.clone(), text: document.text.clone() };
        match crate::parse::parse(&source) {
            Ok(spec) => files.push(ParsedFile { path: source.path, spec }),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    let own = files.len();
    files.extend(swagger::read(&documents, &mut problems));
    files.extend(openapi::read(&documents, &mut problems));
    // What a reader made says so: its operation ids follow their input's conventions, not the
    // own format's `Group_Action` rule, and its gaps in descriptions are not the user's.
    for file in &mut files[own..] {
        file.spec.imported_from.get_or_insert_with(|| file.path.clone());
    }
    if strict {
        for problem in &mut problems {
            problem.severity = Severity::Error;
        }
    }
    let sources = documents
        .docs
        .iter()
        .map(|document| SourceFile { path: document.path.clone(), text: document.text.clone() })
        .collect();
    let (errors, warnings): (Vec<_>, Vec<_>) =
        problems.into_iter().partition(|problem| problem.severity == Severity::Error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        all.sort();
        return Err((Diagnostics(all), sources));
    }
    Ok(Imported { files, sources, warnings, documents })
}

/// A spec file with nothing in it yet.
fn empty_file() -> crate::spec::SpecFile {
    crate::spec::SpecFile {
        imported_from: None,
        api: None,
        parameters: indexmap::IndexMap::new(),
        response_headers: indexmap::IndexMap::new(),
        operations: indexmap::IndexMap::new(),
        definitions: indexmap::IndexMap::new(),
    }
}

/// A spec string with the position it comes from.
fn text(value: impl Into<String>, at: At) -> Text {
    let location = at.location();
    serde_saphyr::Spanned::new(value.into(), location, location)
}

/// A schema's or operation's description, else its title.
fn description(node: &Node) -> Option<Description> {
    node.str_of("description").or_else(|| node.str_of("title")).map(|text| Description::Text(text.to_owned()))
}

/// A description followed by a paragraph of `note` (what an extension or a list of values says),
/// or the note alone.
fn with_note(description: Option<Description>, note: &str) -> Description {
    Description::Text(match description {
        Some(Description::Text(text)) => format!("{text}\n\n{note}"),
        _ => note.to_owned(),
    })
}

/// Module names the generated crate uses itself, and `Client` methods an API would shadow.
/// `default` is Cargo's feature of that name.
const TAKEN_MODULES: &[&str] = &["models", "runtime", "generated", "new", "builder", "send", "clone", "fmt", "default"];

/// The module of an operation group, and a note when its natural name is taken (then it is
/// `<name>_api`).
fn module_name(group: &str, modules: &[String]) -> (String, Option<String>) {
    let module = crate::lower::value_name(group).trim_start_matches("r#").to_owned();
    if TAKEN_MODULES.contains(&module.as_str()) || modules.contains(&module) || module.ends_with('_') {
        let renamed = format!("{}_api", module.trim_end_matches('_'));
        let message = format!("the operation group `{group}` cannot be the module `{module}`: it is `{renamed}`");
        return (renamed, Some(message));
    }
    (module, None)
}

/// The spec files of an import as the own YAML format (`--emit-spec`), each named after the
/// file it comes from and what it holds (`datafactory-pipelines.yaml`,
/// `datafactory-definitions.yaml`); reading them back gives the same model.
pub fn emit_spec(imported: &Imported) -> Vec<SourceFile> {
    let mut written: Vec<SourceFile> = Vec::new();
    for file in &imported.files {
        let stem = file.path.rsplit('/').next().unwrap_or(&file.path);
        let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
        let part = file.spec.api.as_ref().map_or("definitions", |api| api.name.value.as_str());
        let base = format!("{stem}-{part}");
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .map(|name| format!("{name}.yaml"))
            .find(|name| !written.iter().any(|known| &known.path == name))
            .unwrap_or_default();
        let mut spec = file.spec.clone();
        // Re-emitting an emitted file keeps the first origin.
        spec.imported_from.get_or_insert_with(|| file.path.clone());
        written.push(SourceFile { text: spec_yaml(&spec, &file.path), path: name });
    }
    written
}
