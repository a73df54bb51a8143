//! Reading inputs of any supported format into the spec model (one hub: lowering is shared).
//!
//! Each reader turns its input into [`crate::spec`] values: the own YAML format through
//! [`crate::parse`], Swagger 2.0 through `swagger`. Files are read through the caller's
//! [`Loader`], so the library itself touches no file system.

mod detect;
mod load;
mod swagger;
pub mod tree;

pub use detect::Format;
pub use load::{Loader, normalize, resolve};

use crate::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::lower::ParsedFile;

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
                diagnostic.pointer =
                    document.root.pointer_at(diagnostic.line, diagnostic.column).map(String::into_boxed_str);
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
    files.extend(swagger::read(&documents, &mut problems));
    for document in &documents.docs {
        if let Format::OpenApi3 { minor } = document.format {
            let at = document.root.at;
            let message =
                format!("OpenAPI 3.{minor} is detected but not read yet: only Swagger 2.0 and the own format are");
            problems.push(Diagnostic::error(&document.path, at.line(), at.column(), message));
        }
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
