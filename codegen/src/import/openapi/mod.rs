//! OpenAPI 3.0 and 3.1 to the spec model: component schemas first (names, inheritance, unions),
//! then operations, one API per operation group (the first tag).

mod components;
mod operations;
mod schema;

use super::detect::Format;
use super::load::{Document, Documents, resolve};
use super::text;
use super::tree::{At, Node, pointer, unescape};
use crate::diagnostics::Diagnostic;
use crate::lower::ParsedFile;
use crate::spec::{Schema, SpecFile};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

/// A component schema of some file: the file's index in [`Documents`] and its key under
/// `components/schemas`.
type SchemaId = (usize, String);

/// What a `$ref` to a component schema becomes.
#[derive(Debug, Clone)]
enum Target {
    /// A definition of the spec model, by its name there.
    Model(String),
    /// No model of its own (a scalar, an array, a typed map, an alias, an untagged `oneOf`):
    /// its schema is written in place of each reference.
    Inline,
}

/// How a component's `oneOf` or `anyOf` becomes a union: the tag and one variant per member.
#[derive(Debug, Clone)]
struct UnionPlan {
    tag: String,
    tag_at: At,
    variants: Vec<Variant>,
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
    documents: &'a Documents,
    problems: Vec<Diagnostic>,
    /// What each component schema becomes.
    targets: HashMap<SchemaId, Target>,
    /// The spec names taken so far, by their Rust type name.
    taken: HashMap<String, String>,
    /// The component that owns each model name.
    owners: HashMap<String, SchemaId>,
    /// The component each one extends: its first `allOf` reference to a model, or the union
    /// whose `oneOf` names it.
    parents: HashMap<SchemaId, SchemaId>,
    /// Components that some component extends.
    has_children: HashSet<SchemaId>,
    /// The discriminator value of each variant component.
    tag_values: HashMap<SchemaId, (String, At)>,
    /// Components whose `oneOf`/`anyOf` is a union.
    unions: HashMap<SchemaId, UnionPlan>,
    /// Whether Rust's `regex` reads each parameter pattern met so far.
    patterns: HashMap<String, bool>,
}

/// Reads every OpenAPI 3.x document among `documents` into spec files: per file one holding its
/// component schemas, and per operation group (an operation's first tag) one API.
pub fn read(documents: &Documents, problems: &mut Vec<Diagnostic>) -> Vec<ParsedFile> {
    let mut reader = Reader {
        documents,
        problems: Vec::new(),
        targets: HashMap::new(),
        taken: HashMap::new(),
        owners: HashMap::new(),
        parents: HashMap::new(),
        has_children: HashSet::new(),
        tag_values: HashMap::new(),
        unions: HashMap::new(),
        patterns: HashMap::new(),
    };
    let openapi: Vec<usize> = (0..documents.docs.len())
        .filter(|&index| matches!(documents.docs[index].format, Format::OpenApi3 { .. }))
        .collect();
    if openapi.is_empty() {
        return Vec::new();
    }
    reader.name_components(&openapi);
    reader.plan_unions(&openapi);
    let mut files: Vec<ParsedFile> = openapi
        .iter()
        .map(|&doc| ParsedFile {
            path: documents.docs[doc].path.clone(),
            spec: SpecFile { definitions: reader.definitions(doc), ..super::empty_file() },
        })
        .collect();
    files.extend(reader.operations(&openapi));
    // A schema written in place of several references warns once per place, not per use.
    reader.problems.sort();
    reader.problems.dedup();
    problems.append(&mut reader.problems);
    files
}

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

    /// The node a `$ref` names, with its file and pointer tokens.
    fn follow(&self, doc: usize, reference: &str) -> Option<(usize, &'a Node, Vec<String>)> {
        let (target, fragment) = self.locate(doc, reference)?;
        let node = self.doc(target).root.at_pointer(&fragment)?;
        let tokens = fragment.split('/').skip(1).map(|token| unescape(token).into_owned()).collect();
        Some((target, node, tokens))
    }

    /// The component schema a `$ref` names, if it names one (`#/components/schemas/Name`).
    fn component_of(&self, doc: usize, reference: &str) -> Option<SchemaId> {
        let (target, fragment) = self.locate(doc, reference)?;
        let name = unescape(fragment.strip_prefix("/components/schemas/")?).into_owned();
        self.schemas(target).get(&name).map(|_| (target, name))
    }

    /// The `components/schemas` object of a file (empty when it has none).
    fn schemas(&self, doc: usize) -> &'a Node {
        static EMPTY: Node = Node { value: super::tree::Value::Null, at: At::ZERO };
        self.doc(doc).root.get("components").and_then(|components| components.get("schemas")).unwrap_or(&EMPTY)
    }

    fn component_node(&self, (doc, name): &SchemaId) -> Option<&'a Node> {
        self.schemas(*doc).get(name)
    }

    /// The root of the hierarchy `id` belongs to as a variant: its highest ancestor that is a
    /// union (nested hierarchies join the outermost one).
    fn union_root(&self, id: &SchemaId) -> Option<SchemaId> {
        let mut found = None;
        let mut current = id;
        // `parents` has no cycles (see `name_components`); the bound is a second guard.
        for _ in 0..64 {
            let Some(parent) = self.parents.get(current) else { break };
            if self.discriminates(parent) {
                found = Some(parent.clone());
            }
            current = parent;
        }
        found
    }

    /// A component with a `discriminator` (or a `oneOf` union) and descendants.
    fn discriminates(&self, id: &SchemaId) -> bool {
        self.has_children.contains(id)
            && (self.unions.contains_key(id)
                || self.component_node(id).is_some_and(|node| node.get("discriminator").is_some()))
    }

    /// The root of a discriminated hierarchy: no ancestor of it is one.
    fn is_union(&self, id: &SchemaId) -> bool {
        self.discriminates(id) && self.union_root(id).is_none()
    }

    /// A spec name for a new definition (an inline `oneOf` member, a request body), free among
    /// every name taken, which it then takes.
    fn free_name(&mut self, wanted: &str) -> String {
        let base = crate::lower::type_name(wanted);
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|candidate| !self.taken.contains_key(&crate::lower::type_name(candidate)))
            .unwrap_or(base);
        self.taken.insert(crate::lower::type_name(&name), name.clone());
        name
    }
}

/// Any JSON value (`type: object` with nothing else).
fn json(at: At) -> Schema {
    Schema { kind: Some(text("object", at)), ..Schema::default() }
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
