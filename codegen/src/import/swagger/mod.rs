//! Swagger 2.0 to the spec model: definitions first (names, inheritance), then operations.

mod definitions;
mod operations;
mod schema;

use super::load::{Document, Documents, resolve};
use super::tree::{Node, pointer};
use crate::diagnostics::Diagnostic;
use crate::import::tree::At;
use crate::lower::ParsedFile;
use crate::spec::{Schema, SpecFile, Text};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

/// A definition of some file: the file's index in [`Documents`] and its key under `definitions`.
type DefinitionId = (usize, String);

/// What a `$ref` to a definition becomes.
#[derive(Debug, Clone)]
enum Target {
    /// A definition of the spec model, by its name there.
    Model(String),
    /// A definition that is no model of its own (a typed map, an array, a scalar, a bare
    /// object): its schema is written in place of each reference.
    Inline,
}

/// The reader's state across every Swagger file of one run.
struct Reader<'a> {
    documents: &'a Documents,
    problems: Vec<Diagnostic>,
    /// What each definition becomes, by file and key.
    targets: HashMap<DefinitionId, Target>,
    /// The spec names taken so far (definitions and hoisted enums), by their Rust type name.
    taken: HashMap<String, String>,
    /// The definition each one extends (its first `allOf` reference to a definition).
    parents: HashMap<DefinitionId, DefinitionId>,
    /// Definitions that some definition extends.
    has_children: HashSet<DefinitionId>,
    /// Named enums (`x-ms-enum.name`) hoisted out of properties into definitions: spec name to
    /// the file and place they were first met at, their values, and their schema.
    hoisted: IndexMap<String, (usize, At, Vec<String>, Schema)>,
    /// The definition that owns each model name.
    owners: HashMap<String, DefinitionId>,
    /// Definitions that are the same as one of another file, under the same name: one model.
    copies: HashSet<DefinitionId>,
    /// Whether Rust's `regex` reads each parameter pattern met so far: Azure repeats the same
    /// few patterns on every operation, and compiling one costs more than reading a schema.
    patterns: HashMap<String, bool>,
}

/// Reads every Swagger document among `documents` into spec files: per file one holding its
/// definitions, and per operation group (the `Group` of `Group_Action` operation ids) one API.
/// Problems, errors and warnings alike, are appended to `problems`.
pub fn read(documents: &Documents, problems: &mut Vec<Diagnostic>) -> Vec<ParsedFile> {
    let mut reader = Reader {
        documents,
        problems: Vec::new(),
        targets: HashMap::new(),
        taken: HashMap::new(),
        parents: HashMap::new(),
        has_children: HashSet::new(),
        hoisted: IndexMap::new(),
        owners: HashMap::new(),
        copies: HashSet::new(),
        patterns: HashMap::new(),
    };
    let swagger: Vec<usize> = (0..documents.docs.len())
        .filter(|&index| documents.docs[index].format == super::detect::Format::Swagger2)
        .collect();
    reader.name_definitions(&swagger);
    let mut definitions: Vec<IndexMap<Text, Schema>> = swagger.iter().map(|&doc| reader.definitions(doc)).collect();
    for (name, (doc, at, _, schema)) in std::mem::take(&mut reader.hoisted) {
        if let Some(position) = swagger.iter().position(|&known| known == doc) {
            definitions[position].insert(text(name, at), schema);
        }
    }
    let mut files: Vec<ParsedFile> = swagger
        .iter()
        .zip(definitions)
        .map(|(&doc, definitions)| ParsedFile {
            path: documents.docs[doc].path.clone(),
            spec: SpecFile { definitions, ..empty_file() },
        })
        .collect();
    files.extend(reader.operations(&swagger));
    problems.append(&mut reader.problems);
    files
}

use super::{description, empty_file, text};

impl<'a> Reader<'a> {
    fn doc(&self, index: usize) -> &'a Document {
        &self.documents.docs[index]
    }

    fn warn(&mut self, doc: usize, at: At, path: &[&str], message: impl Into<String>) {
        let file = &self.documents.docs[doc].path;
        let diagnostic = Diagnostic::warning(file, at.line(), at.column(), message).at_pointer(pointer(path));
        self.problems.push(diagnostic);
    }

    fn error(&mut self, doc: usize, at: At, path: &[&str], message: impl Into<String>) {
        let file = &self.documents.docs[doc].path;
        let diagnostic = Diagnostic::error(file, at.line(), at.column(), message).at_pointer(pointer(path));
        self.problems.push(diagnostic);
    }

    /// The file and JSON pointer a `$ref` written in file `doc` names, if that file was loaded.
    fn locate(&self, doc: usize, reference: &str) -> Option<(usize, String)> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target =
            if file.is_empty() { doc } else { self.documents.index_of(&resolve(&self.doc(doc).path, file))? };
        Some((target, fragment.to_owned()))
    }

    /// The definition a `$ref` names, if it names one (`#/definitions/Name`).
    fn definition_of(&self, doc: usize, reference: &str) -> Option<DefinitionId> {
        let (target, fragment) = self.locate(doc, reference)?;
        let name = fragment.strip_prefix("/definitions/")?;
        let name = name.replace("~1", "/").replace("~0", "~");
        self.doc(target).root.get("definitions")?.get(&name).map(|_| (target, name))
    }

    /// The root of the discriminated hierarchy `id` belongs to as a variant: its highest
    /// ancestor with a `discriminator` (nested hierarchies join the outermost one).
    fn union_root(&self, id: &DefinitionId) -> Option<DefinitionId> {
        let mut found = None;
        let mut current = id;
        // `parents` has no cycles (see `name_definitions`); the bound is a second guard.
        for _ in 0..64 {
            let Some(parent) = self.parents.get(current) else { break };
            if self.has_children.contains(parent)
                && self.definition_node(parent).is_some_and(|node| node.get("discriminator").is_some())
            {
                found = Some(parent.clone());
            }
            current = parent;
        }
        found
    }

    /// The root of a discriminated hierarchy: a `discriminator`, descendants, and no ancestor
    /// that is a union.
    fn is_union(&self, id: &DefinitionId) -> bool {
        self.definition_node(id).is_some_and(|node| node.get("discriminator").is_some())
            && self.has_children.contains(id)
            && self.union_root(id).is_none()
    }

    fn definition_node(&self, (doc, name): &DefinitionId) -> Option<&'a Node> {
        self.doc(*doc).root.get("definitions")?.get(name)
    }
}
