//! What reading `paths` is the same for both formats: operation ids, operation groups into spec files, parameter overrides, response headers and the success check.

use super::reader::FormatReader;
use super::tree::{At, Key, Node, pointer};
use super::{description, empty_file, module_name, text};
use crate::diagnostics::{Diagnostic, Position};
use crate::lower::ParsedFile;
use crate::spec::{self, Description, Schema, SpecFile, Text};
use indexmap::IndexMap;
use std::collections::HashMap;

/// The keys of a path item that are operations.
pub(super) const METHODS: &[&str] = &["get", "put", "post", "patch", "delete", "head", "options"];

/// Where an operation is written: its file, path template, method and JSON pointer.
pub(super) struct Place<'a> {
    pub doc: usize,
    pub path: &'a Key,
    pub method: &'a Key,
    pub pointer: Vec<&'a str>,
}

/// One operation group's spec file while it is filled.
pub(super) struct Group {
    doc: usize,
    pub operations: IndexMap<Text, spec::Operation>,
    pub response_headers: IndexMap<Text, IndexMap<Text, spec::Header>>,
}

impl Group {
    /// An empty group whose spec file is named after file `doc`, where it is first met.
    pub fn new(doc: usize) -> Group {
        Group { doc, operations: IndexMap::new(), response_headers: IndexMap::new() }
    }
}

/// The operation ids met so far and where: an id must be unique across every file.
#[derive(Default)]
pub(super) struct OperationIds(HashMap<String, (usize, At)>);

/// The name and location of a parameter: an operation's own parameter overrides a path-level
/// one with the same.
pub(super) fn parameter_key(node: &Node) -> (&str, &str) {
    (node.str_of("name").unwrap_or_default(), node.str_of("in").unwrap_or_default())
}

/// The rules of operations both readers share, over what each says of its format.
pub(super) trait OperationRules<'a>: FormatReader<'a> {
    /// Takes operation id `id` (written at `at`, of the operation at `place`); `false`, with an
    /// error naming the first use, when it is taken.
    fn claim_operation_id(&mut self, ids: &mut OperationIds, id: &str, at: At, place: &Place<'_>) -> bool {
        let Some((first_doc, first_at)) = ids.0.get(id).copied() else {
            ids.0.insert(id.to_owned(), (place.doc, at));
            return true;
        };
        let mut diagnostic = Diagnostic::error(
            &self.doc(place.doc).path,
            at.line(),
            at.column(),
            format!("the operation id `{id}` is used twice"),
        )
        .at_pointer(pointer(&[&place.pointer[..], &["operationId"]].concat()));
        let first =
            Position { file: self.doc(first_doc).path.clone(), line: first_at.line(), column: first_at.column() };
        diagnostic.related = Some(Box::new((first, "first used here".to_owned())));
        self.core_mut().problems.push(diagnostic);
        false
    }

    /// One spec file per group with operations (the API block from file `info_doc`), each in
    /// its own module; renaming a group's module warns, except for the group `quiet`.
    fn group_files(
        &mut self,
        info_doc: usize,
        groups: IndexMap<String, Group>,
        quiet: Option<&str>,
    ) -> Vec<ParsedFile> {
        let mut files = Vec::new();
        let mut modules: Vec<String> = Vec::new();
        for (name, group) in groups {
            if group.operations.is_empty() {
                // Every operation of it was left out (each with a warning): no empty module.
                continue;
            }
            let (module, renamed) = module_name(&name, &modules);
            if let Some(message) = renamed.filter(|_| quiet != Some(name.as_str())) {
                let at = self.doc(group.doc).root.at;
                self.warn(group.doc, at, &["paths"], message);
            }
            modules.push(module.clone());
            // The group's own file describes its API where it has an `info` (several OpenAPI
            // documents given together); else the file with one (Swagger's entity-type files).
            let own_info = self.doc(group.doc).root.get("info").is_some();
            let api = self.api(if own_info { group.doc } else { info_doc }, &name, &module);
            let mut operations = group.operations;
            for operation in operations.values_mut() {
                if operation.api_version.as_ref().is_some_and(|version| version.value == api.version.value) {
                    operation.api_version = None;
                }
            }
            let spec =
                SpecFile { api: Some(api), operations, response_headers: group.response_headers, ..empty_file() };
            files.push(ParsedFile { path: self.doc(group.doc).path.clone(), spec });
        }
        files
    }

    /// The definitions made while reading operations (inline request bodies), each in a file of
    /// its own under the path of the document it came from.
    fn added_files(&self, added: Vec<(usize, Text, Schema)>) -> Vec<ParsedFile> {
        let mut files = Vec::new();
        for (doc, name, schema) in added {
            let definitions = IndexMap::from([(name, schema)]);
            let path = self.doc(doc).path.clone();
            files.push(ParsedFile { path, spec: SpecFile { definitions, ..empty_file() } });
        }
        files
    }

    /// Warns that a parameter `in` a place the model has no parameters for is left out.
    fn unsupported_parameter(&mut self, doc: usize, node: &Node, place: &[&str]) {
        let message = format!(
            "parameters `in: {}` are not supported: `{}` is left out",
            node.str_of("in").unwrap_or("?"),
            node.str_of("name").unwrap_or("?")
        );
        self.warn(doc, node.at, place, message);
    }

    /// A response header typed as the model can: an integer (with its format), else text, with
    /// a warning when it is written as another type (or, with `format_warns`, as a string with
    /// a format). `node` gives the description and positions.
    #[allow(clippy::too_many_arguments)]
    fn response_header(
        &mut self,
        doc: usize,
        header: &Key,
        node: &Node,
        kind: Option<&str>,
        format: Option<&str>,
        place: &[&str],
        format_warns: bool,
    ) -> spec::Header {
        let (kind, format) = match (kind, format) {
            (Some("integer"), format @ (None | Some("int32") | Some("int64"))) => (Some("integer"), format),
            (None | Some("string"), None) => (None, None),
            (None | Some("string"), Some(_)) if !format_warns => (None, None),
            (kind, _) => {
                let message =
                    format!("the response header `{}` of type `{}` is read as text", header.name, kind.unwrap_or("?"));
                self.warn(doc, node.at, place, message);
                (None, None)
            }
        };
        spec::Header {
            description: description(node),
            kind: kind.map(|kind| text(kind, node.at)),
            format: format.map(|format| text(format, node.at)),
        }
    }

    /// A required string path parameter, with a warning, for each placeholder of the path
    /// template that no parameter declares: one whose `$ref` names a file that could not be
    /// read, or one its author left out. The operation is still callable, and its value sent.
    fn placeholder_parameters(&mut self, place: &Place<'_>, parameters: &mut Vec<spec::Parameter>) {
        let template = place.path.name.as_str();
        let placeholders = template.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name);
        for placeholder in placeholders {
            let declared = parameters.iter().any(|parameter| {
                parameter.location.as_ref().is_some_and(|location| location.value == "path")
                    && parameter.name.as_ref().is_some_and(|name| name.value == placeholder)
            });
            if declared || placeholder.is_empty() {
                continue;
            }
            let message =
                format!("no parameter declares the placeholder `{{{placeholder}}}`: it is read as a required string");
            self.warn(place.doc, place.path.at, &place.pointer[..2], message);
            parameters.push(spec::Parameter {
                reference: None,
                name: Some(text(placeholder, place.path.at)),
                location: Some(text("path", place.path.at)),
                description: None,
                required: true,
                pattern: None,
                min_length: None,
                max_length: None,
                api_version: false,
                auto: None,
                kind: None,
                format: None,
                items: None,
                values: None,
                client: false,
                skip_url_encoding: false,
            });
        }
    }

    /// `false`, with a warning, when an operation documents no success response: it is left out.
    fn documents_success(&mut self, id: &str, place: &Place<'_>, responses: &IndexMap<Text, spec::Response>) -> bool {
        // Without a success, redirects (`302`, not the range `3XX`) are the outcomes.
        let outcome = |status: &Text| {
            status.value.starts_with('2') || (status.value.starts_with('3') && status.value.parse::<u16>().is_ok())
        };
        if responses.keys().any(outcome) {
            return true;
        }
        let message = format!("`{id}` documents no success (2xx) or redirect (3xx) response: it is left out");
        self.warn(place.doc, place.method.at, &place.pointer, message);
        false
    }

    /// An operation with what both formats write the same way (description, method, path)
    /// and nothing else yet.
    fn operation_base(&self, place: &Place<'_>, operation: &Node) -> spec::Operation {
        let summary = operation.str_of("description").or_else(|| operation.str_of("summary")).unwrap_or_default();
        spec::Operation {
            description: Description::Text(summary.to_owned()),
            method: text(place.method.name.to_ascii_uppercase(), place.method.at),
            path: text(place.path.name.clone(), place.path.at),
            parameters: Vec::new(),
            request_body: None,
            responses: IndexMap::new(),
            examples: IndexMap::new(),
            // `x-idempotent` (as the export writes): whether a retry is safe, where the method alone does not say.
            idempotent: operation.get("x-idempotent").and_then(Node::as_bool),
            pageable: None,
            long_running: None,
            // The version of the file the operation is in; `group_files` drops it where it is
            // the version of the operation's API.
            api_version: self
                .doc(place.doc)
                .root
                .get("info")
                .and_then(|info| info.get("version"))
                .and_then(|version| Some(text(version.as_str()?.to_owned(), version.at))),
        }
    }
}

impl<'a, R: FormatReader<'a>> OperationRules<'a> for R {}
