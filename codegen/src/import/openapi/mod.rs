//! OpenAPI 3.0 and 3.1 to the spec model: component schemas first (names, inheritance, unions),
//! then operations, one API per operation group (the first tag).

mod components;
mod operations;
mod schema;

use super::detect::Format;
use super::load::{Document, Documents};
use super::reader::{ReaderCore, SchemaId};
use super::text;
use super::tree::At;
use crate::diagnostics::Diagnostic;
use crate::lower::ParsedFile;
use crate::spec::{Schema, SpecFile};
use indexmap::IndexMap;
use std::collections::HashMap;

/// How a component's `oneOf` or `anyOf` becomes a union: the tag and one variant per member.
#[derive(Debug, Clone)]
struct UnionPlan {
    tag: String,
    tag_at: At,
    variants: Vec<Variant>,
    /// The schema every member extends and nothing else names, whose properties are the
    /// union's own (see `Reader::fold_shared_bases`).
    base: Option<SchemaId>,
}

#[derive(Debug, Clone)]
struct Variant {
    /// The discriminator value and where it is written.
    value: String,
    at: At,
    member: Member,
}

#[derive(Debug, Clone)]
enum Member {
    /// A component schema that becomes a variant (`extends` the union).
    Component(SchemaId),
    /// An inline member, by its index in the `oneOf`, that becomes a definition of its own.
    Inline(usize),
}

/// The reader's state across every OpenAPI file of one run.
struct Reader<'a> {
    core: ReaderCore<'a>,
    /// The discriminator value of each variant component.
    tag_values: HashMap<SchemaId, (String, At)>,
    /// Components whose `oneOf`/`anyOf` is a union.
    unions: HashMap<SchemaId, UnionPlan>,
    /// Schemas folded into a union as its base (no model of their own), and that union.
    folded: HashMap<SchemaId, SchemaId>,
}

/// Reads every OpenAPI 3.x document among `documents` into spec files: per file one holding its
/// component schemas, and per operation group (an operation's first tag) one API.
pub fn read(documents: &Documents, problems: &mut Vec<Diagnostic>) -> Vec<ParsedFile> {
    let mut reader = Reader {
        core: ReaderCore::new(documents),
        tag_values: HashMap::new(),
        unions: HashMap::new(),
        folded: HashMap::new(),
    };
    let openapi: Vec<usize> = (0..documents.docs.len())
        .filter(|&index| matches!(documents.docs[index].format, Format::OpenApi3 { .. }))
        .collect();
    if openapi.is_empty() {
        return Vec::new();
    }
    reader.name_components(&openapi);
    reader.fold_shared_bases(&openapi);
    reader.plan_unions(&openapi);
    let mut files: Vec<ParsedFile> = openapi
        .iter()
        .map(|&doc| ParsedFile {
            path: documents.docs[doc].path.clone(),
            spec: SpecFile { definitions: reader.definitions(doc), ..super::empty_file() },
        })
        .collect();
    files.extend(reader.operations(&openapi));
    problems.append(&mut reader.core.take_problems());
    files
}

/// `CloudError` and `CloudErrorBody`, for a document that has no `CloudError`: lowering checks
/// that every API has the error shape the runtime reports (Azure's), so it is added, with a
/// warning that says so.
pub fn service_error_file(document: &Document) -> (ParsedFile, Diagnostic) {
    let at = document.root.at;
    let string = |required: bool, description: &str| Schema {
        kind: Some(text("string", at)),
        description: Some(crate::spec::Description::Text(description.to_owned())),
        required,
        ..Schema::default()
    };
    let body = Schema {
        kind: Some(text("object", at)),
        description: Some(crate::spec::Description::Text("The error of an Azure-style error response.".into())),
        properties: IndexMap::from([
            (text("code", at), string(true, "The error code.")),
            (text("message", at), string(true, "The error message.")),
            (text("target", at), string(false, "The property the error is about.")),
        ]),
        ..Schema::default()
    };
    let error = Schema {
        kind: Some(text("object", at)),
        description: Some(crate::spec::Description::Text("An Azure-style error response.".into())),
        properties: IndexMap::from([(
            text("error", at),
            Schema { reference: Some(text("CloudErrorBody", at)), required: true, ..Schema::default() },
        )]),
        ..Schema::default()
    };
    let definitions = IndexMap::from([(text("CloudError", at), error), (text("CloudErrorBody", at), body)]);
    let file = ParsedFile { path: document.path.clone(), spec: SpecFile { definitions, ..super::empty_file() } };
    let message = "no `CloudError` schema: `CloudError` and `CloudErrorBody` (the Azure error shape the runtime reports) are added; error responses are documented, not typed";
    (file, Diagnostic::warning(&document.path, at.line(), at.column(), message).at_pointer("#".to_owned()))
}
