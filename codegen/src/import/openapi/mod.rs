//! OpenAPI 3.0 and 3.1 to the spec model: component schemas first (names, inheritance, unions),
//! then operations, one API per operation group (the first tag).

mod components;
mod operations;
mod schema;

use super::detect::Format;
use super::load::Documents;
use super::reader::{ReaderCore, SchemaId};
use super::text;
use super::tree::At;
use crate::diagnostics::Diagnostic;
use crate::lower::ParsedFile;
use crate::spec::SpecFile;
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
