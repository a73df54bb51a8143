//! Swagger 2.0 to the spec model: definitions first (names, inheritance), then operations.

mod definitions;
mod operations;
mod schema;

use super::load::Documents;
use super::reader::ReaderCore;
use super::tree::At;
use super::{empty_file, text};
use crate::diagnostics::Diagnostic;
use crate::lower::ParsedFile;
use crate::spec::{Schema, SpecFile, Text};
use indexmap::IndexMap;

/// The reader's state across every Swagger file of one run.
struct Reader<'a> {
    core: ReaderCore<'a>,
    /// Named enums (`x-ms-enum.name`) hoisted out of properties into definitions: spec name to
    /// the file and place they were first met at, and their schema.
    hoisted: IndexMap<String, (usize, At, Schema)>,
}

/// Reads every Swagger document among `documents` into spec files: per file one holding its
/// definitions, and per operation group (the `Group` of `Group_Action` operation ids) one API.
/// Problems, errors and warnings alike, are appended to `problems`.
pub fn read(documents: &Documents, problems: &mut Vec<Diagnostic>) -> Vec<ParsedFile> {
    let mut reader = Reader { core: ReaderCore::new(documents), hoisted: IndexMap::new() };
    let swagger: Vec<usize> = (0..documents.docs.len())
        .filter(|&index| documents.docs[index].format == super::detect::Format::Swagger2)
        .collect();
    reader.name_definitions(&swagger);
    let mut definitions: Vec<IndexMap<Text, Schema>> = swagger.iter().map(|&doc| reader.definitions(doc)).collect();
    for (name, (doc, at, schema)) in std::mem::take(&mut reader.hoisted) {
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
    problems.append(&mut reader.core.take_problems());
    files
}
