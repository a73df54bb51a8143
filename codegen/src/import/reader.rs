//! The state, diagnostics and `$ref` plumbing the Swagger and OpenAPI readers share, and the trait through which each says what its format does differently.

use super::load::{Document, Documents, resolve};
use super::tree::{At, Key, Node, Value, pointer, unescape};
use crate::diagnostics::Diagnostic;
use crate::lower::type_name;
use crate::spec::Schema;
use std::collections::{HashMap, HashSet};

/// A named schema of some file: the file's index in [`Documents`] and its key under
/// `definitions` (Swagger) or `components/schemas` (OpenAPI).
pub(super) type SchemaId = (usize, String);

/// What a `$ref` to a named schema becomes.
#[derive(Debug, Clone)]
pub(super) enum Target {
    /// A definition of the spec model, by its name there.
    Model(String),
    /// No model of its own (a scalar, an array, a typed map, a bare object, an alias, an
    /// untagged `oneOf`): its schema is written in place of each reference.
    Inline,
}

/// The state every reader keeps across all files of its format in one run.
pub(super) struct ReaderCore<'a> {
    pub documents: &'a Documents,
    pub problems: Vec<Diagnostic>,
    /// What each named schema becomes.
    pub targets: HashMap<SchemaId, Target>,
    /// The spec names taken so far (named schemas, hoisted enums, added definitions), by their
    /// Rust type name.
    pub taken: HashMap<String, String>,
    /// The named schema that owns each model name.
    pub owners: HashMap<String, SchemaId>,
    /// Named schemas that are the same as one of another file, under the same key (a schema
    /// copied into two files): one model, written once.
    pub copies: HashSet<SchemaId>,
    /// The named schema each one extends.
    pub parents: HashMap<SchemaId, SchemaId>,
    /// Named schemas that some named schema extends.
    pub has_children: HashSet<SchemaId>,
    /// Whether Rust's `regex` reads each parameter pattern met so far: Azure repeats the same
    /// few patterns on every operation, and compiling one costs more than reading a schema.
    patterns: HashMap<String, bool>,
    /// The schemas being written in place of a `$ref` right now (file and JSON pointer), outermost
    /// first: a `$ref` back into one of them is a cycle.
    pub in_place: Vec<(usize, String)>,
    /// How many times a schema has been written in place of a `$ref` so far.
    pub in_place_copies: usize,
}

impl<'a> ReaderCore<'a> {
    pub fn new(documents: &'a Documents) -> ReaderCore<'a> {
        ReaderCore {
            documents,
            problems: Vec::new(),
            targets: HashMap::new(),
            taken: HashMap::new(),
            owners: HashMap::new(),
            copies: HashSet::new(),
            parents: HashMap::new(),
            has_children: HashSet::new(),
            patterns: HashMap::new(),
            in_place: Vec::new(),
            in_place_copies: 0,
        }
    }

    pub fn doc(&self, index: usize) -> &'a Document {
        &self.documents.docs[index]
    }

    pub fn warn(&mut self, doc: usize, at: At, path: &[&str], message: impl Into<String>) {
        let file = &self.documents.docs[doc].path;
        let diagnostic = Diagnostic::warning(file, at.line(), at.column(), message).at_pointer(pointer(path));
        self.problems.push(diagnostic);
    }

    /// The problems found, in file order, each once: a schema written in place of several
    /// references warns once per place, not per use.
    pub fn take_problems(&mut self) -> Vec<Diagnostic> {
        let mut problems = std::mem::take(&mut self.problems);
        problems.sort();
        problems.dedup();
        problems
    }

    pub fn error(&mut self, doc: usize, at: At, path: &[&str], message: impl Into<String>) {
        let file = &self.documents.docs[doc].path;
        let diagnostic = Diagnostic::error(file, at.line(), at.column(), message).at_pointer(pointer(path));
        self.problems.push(diagnostic);
    }

    /// A `$ref` that names nothing loaded: where its file could not be read (the loader warned
    /// once for the file), a warning that the reader goes on `instead`, as the author of a
    /// document with a missing file would rather have most of a crate than none; else the
    /// error `message`.
    pub fn unresolved(&mut self, doc: usize, at: At, path: &[&str], reference: &str, message: String, instead: &str) {
        match self.in_unreadable_file(doc, reference) {
            true => self.warn(doc, at, path, format!("`{reference}` is in a file that could not be read: {instead}")),
            false => self.error(doc, at, path, message),
        }
    }

    /// Whether a `$ref` written in file `doc` names a file that could not be read.
    pub fn in_unreadable_file(&self, doc: usize, reference: &str) -> bool {
        let file = reference.split('#').next().unwrap_or_default();
        !file.is_empty() && self.documents.unreadable.contains(&resolve(&self.doc(doc).path, file))
    }

    /// The file and JSON pointer a `$ref` written in file `doc` names, if that file was loaded.
    pub fn locate(&self, doc: usize, reference: &str) -> Option<(usize, String)> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target =
            if file.is_empty() { doc } else { self.documents.index_of(&resolve(&self.doc(doc).path, file))? };
        Some((target, fragment.to_owned()))
    }

    /// The node a `$ref` names, with its file and JSON pointer (escaped, as written).
    pub fn locate_node(&self, doc: usize, reference: &str) -> Option<(usize, &'a Node, String)> {
        let (target, fragment) = self.locate(doc, reference)?;
        let node = self.doc(target).root.at_pointer(&fragment)?;
        Some((target, node, fragment))
    }

    pub fn is_model_target(&self, id: &SchemaId) -> bool {
        matches!(self.targets.get(id), Some(Target::Model(_)))
    }

    /// Whether following `parents` from `from` arrives at `to`.
    pub fn reaches(&self, from: &SchemaId, to: &SchemaId) -> bool {
        let mut current = Some(from);
        let mut steps = 0;
        while let Some(id) = current {
            if id == to || steps > 10_000 {
                return true;
            }
            steps += 1;
            current = self.parents.get(id);
        }
        false
    }

    /// The first numbered name (`Key2`, `Key3`, …) whose Rust type name is free, for a key
    /// whose own one is taken.
    pub fn numbered_name(&self, key: &str) -> String {
        (2..)
            .map(|n| format!("{key}{n}"))
            .find(|candidate| !self.taken.contains_key(&type_name(candidate)))
            .unwrap_or_default()
    }

    /// Makes the named schema `id` the model `name`.
    pub fn claim(&mut self, id: SchemaId, name: String) {
        self.owners.insert(name.clone(), id.clone());
        self.taken.insert(type_name(&name), name.clone());
        self.targets.insert(id, Target::Model(name));
    }

    /// Records that `id` (written at `key`) extends `parent`, unless `parent` already extends
    /// it: then the `allOf` at `all_of` is left out, with an error.
    pub fn extend(&mut self, doc: usize, key: &Key, id: SchemaId, parent: SchemaId, all_of: &[&str]) {
        if self.reaches(&parent, &id) {
            let message = format!("`{}` extends itself through `{}`: the `allOf` is left out", key.name, parent.1);
            self.error(doc, key.at, all_of, message);
            return;
        }
        self.has_children.insert(parent.clone());
        self.parents.insert(id, parent);
    }

    /// A spec name for a new definition, free among every name taken, which it then takes.
    pub fn free_name(&mut self, wanted: &str) -> String {
        let base = type_name(wanted);
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|candidate| !self.taken.contains_key(&type_name(candidate)))
            .unwrap_or(base);
        self.taken.insert(type_name(&name), name.clone());
        name
    }

    /// Whether Rust's `regex` reads `pattern` (each pattern is compiled once per run).
    pub fn pattern_readable(&mut self, pattern: &str) -> bool {
        if let Some(&readable) = self.patterns.get(pattern) {
            return readable;
        }
        let readable = regex::Regex::new(pattern).is_ok();
        self.patterns.insert(pattern.to_owned(), readable);
        readable
    }

    /// `required: [names]` marks the named properties; a name that is inherited or that no
    /// property has cannot be marked here, with a warning. With `tag_implied`, the schema's
    /// discriminator is required without a word (OpenAPI: the union base adds it). A property
    /// the service never returns (`writeOnly`, or an `x-ms-mutability` without `read`) is
    /// required in requests only, so it stays optional: else no answer could be read.
    pub fn mark_required(&mut self, doc: usize, node: &Node, path: &[&str], schema: &mut Schema, tag_implied: bool) {
        let Some(required) = node.get("required") else { return };
        for (index, name) in required.items().iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            match schema.properties.iter_mut().find(|(key, _)| key.value == name) {
                Some((_, property)) if node.get("properties").and_then(|all| all.get(name)).is_some_and(write_only) => {
                    let note = "Required in a request.";
                    property.description = Some(super::with_note(property.description.take(), note));
                }
                Some((_, property)) => property.required = true,
                None if tag_implied && schema.discriminator.as_ref().is_some_and(|tag| tag.value == name) => {}
                None => {
                    let index = index.to_string();
                    let place = [path, &["required", index.as_str()]].concat();
                    let message = format!(
                        "`{name}` is required but is not a property of this schema (an inherited one cannot be made required here): it stays optional"
                    );
                    self.warn(doc, required.at, &place, message);
                }
            }
        }
    }
}

/// Whether the service never returns a property: OpenAPI's `writeOnly`, or Azure's
/// `x-ms-mutability` without `read`.
fn write_only(property: &Node) -> bool {
    let mutability = property.get("x-ms-mutability").map(Node::items);
    property.flag("writeOnly")
        || mutability.is_some_and(|list| !list.is_empty() && !list.iter().any(|item| item.as_str() == Some("read")))
}

/// What a format's reader says about its format; the logic both formats share is written once
/// over it (here, and in `schema_common`).
pub(super) trait FormatReader<'a> {
    /// Where a file keeps its named schemas: `definitions`, `components/schemas`.
    const NAMED_SCHEMAS: &'static [&'static str];
    /// The same place as the start of a JSON pointer, with the trailing `/`.
    const NAMED_SCHEMAS_POINTER: &'static str;

    /// What the format calls a named schema, in messages: `definition`, `schema`.
    const NAMED_SCHEMA: &'static str;
    /// Whether `prefixItems` (JSON Schema tuples) can be written: an array with them has no one
    /// `items` schema.
    const TUPLES: bool;

    fn core(&self) -> &ReaderCore<'a>;
    fn core_mut(&mut self) -> &mut ReaderCore<'a>;

    /// One schema to a spec schema: a `definition` is a named schema that is a model (its
    /// `allOf` is read by the caller); anything else is written where it is used.
    fn convert(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema;

    /// The spec schema of an array's items or a map's values (OpenAPI: one that may be `null`
    /// is JSON, as the model has no nullable items).
    fn element(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize) -> Schema {
        self.convert(doc, node, path, depth, false)
    }

    /// An integer format other than `int32` and `int64`: the format it is read as (`None`: the
    /// 64-bit default without a word), or the warning that says it is not known.
    fn other_integer_format(&self, format: &str) -> Result<Option<&'static str>, String>;

    /// Marks the properties `required` names (see [`ReaderCore::mark_required`]).
    fn mark_required(&mut self, doc: usize, node: &Node, path: &[&str], schema: &mut Schema);

    /// Whether a named schema with descendants is the root of a discriminated hierarchy (if no
    /// ancestor of it is one).
    fn discriminates(&self, id: &SchemaId) -> bool;

    /// The discriminator value of `id`, a variant extending `parent`, written at `key`.
    fn variant_value(&self, id: &SchemaId, parent: &SchemaId, key: &Key, node: &'a Node) -> (String, At);

    /// The schema an `allOf` member `$ref` (written at `at`) names whose properties are copied:
    /// it is not the one parent inherited (`model` when it names a model). `None`, with an
    /// error, when it names nothing that was loaded.
    fn copied_member(
        &mut self,
        doc: usize,
        at: At,
        path: &[&str],
        reference: &str,
        model: bool,
    ) -> Option<(usize, &'a Node)>;

    /// The `api` block of the operation group `group` (module `module`), from file `doc`.
    fn api(&mut self, doc: usize, group: &str, module: &str) -> crate::spec::Api;

    /// The node a `$ref` names, with its file and pointer tokens (for places in diagnostics).
    fn follow(&self, doc: usize, reference: &str) -> Option<(usize, &'a Node, Vec<String>)>;

    /// The spec schema of a property, array item, map value, body or response.
    fn schema(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize) -> Schema {
        self.convert(doc, node, path, depth, false)
    }

    /// The spec schema of a named schema that is a model.
    fn definition_schema(&mut self, doc: usize, node: &'a Node, path: &[&str]) -> Schema {
        self.convert(doc, node, path, 0, true)
    }

    fn doc(&self, index: usize) -> &'a Document {
        self.core().doc(index)
    }

    fn warn(&mut self, doc: usize, at: At, path: &[&str], message: impl Into<String>) {
        self.core_mut().warn(doc, at, path, message);
    }

    fn error(&mut self, doc: usize, at: At, path: &[&str], message: impl Into<String>) {
        self.core_mut().error(doc, at, path, message);
    }

    /// The named schemas of a file (an empty node when it has none).
    fn named_schemas(&self, doc: usize) -> &'a Node {
        static EMPTY: Node = Node { value: Value::Null, at: At::ZERO };
        let mut node = &self.doc(doc).root;
        for key in Self::NAMED_SCHEMAS {
            match node.get(key) {
                Some(inner) => node = inner,
                None => return &EMPTY,
            }
        }
        node
    }

    /// Names the named schema `key` of file `doc`, a model: its key; the same schema under the
    /// same key in another file is that file's model (a copy, not written again); a key whose
    /// Rust type name another already has gets the first free numbered name, with a warning.
    fn name_model(&mut self, doc: usize, key: &Key, node: &Node) {
        let id = (doc, key.name.clone());
        let wanted = type_name(&key.name);
        let name = match self.core().taken.get(&wanted).cloned() {
            None => key.name.clone(),
            Some(first) => {
                let owner = self.core().owners.get(&first).cloned();
                let same = owner.as_ref().is_some_and(|owner| {
                    owner.1 == key.name
                        && self.named_schema_node(owner).is_some_and(|other| other.to_json() == node.to_json())
                });
                if same {
                    self.core_mut().targets.insert(id.clone(), Target::Model(first));
                    self.core_mut().copies.insert(id);
                    return;
                }
                let free = self.core().numbered_name(&key.name);
                let message = format!(
                    "the {} `{}` would be the Rust type `{wanted}`, which `{first}` already is: it is named `{free}`",
                    Self::NAMED_SCHEMA,
                    key.name
                );
                let path: Vec<&str> = Self::NAMED_SCHEMAS.iter().copied().chain([key.name.as_str()]).collect();
                self.warn(doc, key.at, &path, message);
                free
            }
        };
        self.core_mut().claim(id, name);
    }

    fn named_schema_node(&self, (doc, name): &SchemaId) -> Option<&'a Node> {
        self.named_schemas(*doc).get(name)
    }

    /// The named schema a `$ref` names, if it names one (`#/definitions/Name`,
    /// `#/components/schemas/Name`).
    fn named_schema_of(&self, doc: usize, reference: &str) -> Option<SchemaId> {
        let (target, fragment) = self.core().locate(doc, reference)?;
        let name = unescape(fragment.strip_prefix(Self::NAMED_SCHEMAS_POINTER)?).into_owned();
        self.named_schemas(target).get(&name).map(|_| (target, name))
    }

    /// The root of the discriminated hierarchy `id` belongs to as a variant: its highest
    /// ancestor that discriminates (nested hierarchies join the outermost one).
    fn union_root(&self, id: &SchemaId) -> Option<SchemaId> {
        let mut found = None;
        let mut current = id;
        // `parents` has no cycles (see `ReaderCore::extend`); the bound is a second guard.
        for _ in 0..64 {
            let Some(parent) = self.core().parents.get(current) else { break };
            if self.discriminates(parent) {
                found = Some(parent.clone());
            }
            current = parent;
        }
        found
    }

    /// The root of a discriminated hierarchy: no ancestor of it is one.
    fn is_union(&self, id: &SchemaId) -> bool {
        self.discriminates(id) && self.union_root(id).is_none()
    }
}
