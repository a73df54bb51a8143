//! Swagger `paths` to spec operations, one API (spec file) per operation group.

use super::{Reader, text};
use crate::import::operations_common::{Group, METHODS, OperationIds, OperationRules, Place, parameter_key};
use crate::import::reader::FormatReader;
use crate::import::tree::{Node, Value};
use crate::import::{description, with_note};
use crate::lower::{ParsedFile, is_json_media, media_essence, value_name};
use crate::spec::{self, Description, Schema, Text};
use indexmap::IndexMap;

impl<'a> Reader<'a> {
    /// Every operation of every file, grouped by the `Group` of `Group_Action` operation ids
    /// (or, without `_`, by the first tag): one spec file, so one module and Cargo feature, each.
    pub(super) fn operations(&mut self, swagger: &[usize]) -> Vec<ParsedFile> {
        let mut groups: IndexMap<String, Group> = IndexMap::new();
        let mut ids = OperationIds::default();
        let mut added: Vec<(usize, Text, Schema)> = Vec::new();
        let mut info = None;
        for &doc in swagger {
            let root = &self.doc(doc).root;
            // `x-ms-paths` holds more path items, whose keys may carry a literal query.
            let sections: Vec<(&str, &Node)> =
                ["paths", "x-ms-paths"].into_iter().filter_map(|key| Some((key, root.get(key)?))).collect();
            if sections.iter().any(|(_, paths)| !paths.members().is_empty()) && info.is_none() {
                info = Some(doc);
            }
            for (section, path, item) in sections
                .iter()
                .flat_map(|(section, paths)| paths.members().iter().map(move |(path, item)| (*section, path, item)))
            {
                let shared = item.get("parameters").map(Node::items).unwrap_or_default();
                for (method, operation) in item.members() {
                    if !METHODS.contains(&method.name.as_str()) {
                        continue;
                    }
                    let pointer = vec![section, path.name.as_str(), method.name.as_str()];
                    let place = Place { doc, path, method, pointer };
                    let id = match operation.get("operationId").and_then(Node::as_str) {
                        Some(id) => id.to_owned(),
                        None => {
                            let id = format!(
                                "{}_{}",
                                group_of_tags(operation),
                                value_name(&format!("{} {}", method.name, path.name))
                            );
                            self.warn(doc, method.at, &place.pointer, format!("no `operationId`: named `{id}`"));
                            id
                        }
                    };
                    let id_at = operation.get("operationId").map_or(method.at, |id| id.at);
                    if !self.claim_operation_id(&mut ids, &id, id_at, &place) {
                        continue;
                    }
                    let group_name = match id.split_once('_') {
                        Some((group, _)) if !group.is_empty() => group.to_owned(),
                        _ => group_of_tags(operation),
                    };
                    let group = groups.entry(group_name).or_insert_with(|| Group::new(doc));
                    let converted =
                        self.operation(&id, &place, operation, shared, &mut group.response_headers, &mut added);
                    if let Some(converted) = converted {
                        group.operations.insert(text(id, id_at), converted);
                    }
                }
            }
        }
        let Some(info_doc) = info else { return Vec::new() };
        let mut files = self.added_files(added);
        files.extend(self.group_files(info_doc, groups, None));
        files
    }

    /// The media types an operation `consumes` or `produces` (`key`): its own list, else the
    /// document's.
    fn media_types(&self, doc: usize, operation: &'a Node, key: &str) -> Vec<&'a str> {
        let list = operation.get(key).or_else(|| self.doc(doc).root.get(key));
        list.map(Node::items).unwrap_or_default().iter().filter_map(Node::as_str).collect()
    }

    /// The `api` block of one group, from the file's `info`, `host`, `schemes` and security.
    pub(super) fn swagger_api(&mut self, doc: usize, group: &str, module: &str) -> spec::Api {
        let root = &self.doc(doc).root;
        let info = root.get("info");
        let title = info.and_then(|info| info.str_of("title")).unwrap_or("API");
        let version = info.and_then(|info| info.get("version"));
        let version_text = version.and_then(Node::as_str).unwrap_or_default();
        let scheme =
            root.get("schemes").and_then(|schemes| schemes.items().first()).and_then(Node::as_str).unwrap_or("https");
        let host = root.get("host");
        let base_url = match host.and_then(Node::as_str) {
            Some(host) => {
                format!("{scheme}://{host}{}", root.str_of("basePath").unwrap_or_default().trim_end_matches('/'))
            }
            None => {
                self.warn(
                    doc,
                    root.at,
                    &[],
                    "no `host`: the base URL is `https://localhost` (set another at run time)",
                );
                "https://localhost".to_owned()
            }
        };
        let mut security = IndexMap::new();
        for (name, scheme) in root.get("securityDefinitions").map(Node::members).unwrap_or_default() {
            security.insert(
                text(name.name.clone(), name.at),
                spec::SecurityScheme {
                    kind: text(scheme.str_of("type").unwrap_or("unknown"), scheme.at),
                    description: description(scheme),
                    flow: scheme.str_of("flow").map(str::to_owned),
                    authorization_url: scheme.str_of("authorizationUrl").map(str::to_owned),
                    scopes: scheme
                        .get("scopes")
                        .map(Node::members)
                        .unwrap_or_default()
                        .iter()
                        .map(|(scope, text)| (scope.name.clone(), text.as_str().unwrap_or_default().to_owned()))
                        .collect(),
                    name: scheme.str_of("name").map(str::to_owned),
                    location: scheme.str_of("in").map(str::to_owned),
                },
            );
        }
        spec::Api {
            name: text(module, root.at),
            title: format!("{title}: {group}"),
            description: info.and_then(description),
            version: text(version_text, version.map_or(root.at, |version| version.at)),
            base_url: text(base_url, host.map_or(root.at, |host| host.at)),
            security,
        }
    }

    /// `formData` parameters as a form body: a definition `<Action>Body` with a property per
    /// field, sent `application/x-www-form-urlencoded`, or `multipart/form-data` when a field is
    /// a file (`type: file`, a `format: binary` string of the definition) or the operation
    /// consumes only that.
    fn form_body(
        &mut self,
        id: &str,
        site: &Place<'a>,
        consumes: &[&str],
        fields: &[(usize, &'a Node, Vec<String>)],
        added: &mut Vec<(usize, Text, Schema)>,
    ) -> Option<spec::RequestBody> {
        let is_media = |wanted: &str| consumes.iter().any(|media| media_essence(media) == wanted);
        let has_file = fields.iter().any(|(_, node, _)| node.str_of("type") == Some("file"));
        let at = site.method.at;
        let multipart = has_file || (is_media("multipart/form-data") && !is_media("application/x-www-form-urlencoded"));
        let mut properties = IndexMap::new();
        for (doc, node, where_) in fields {
            let Some(name) = node.get("name").filter(|name| name.as_str().is_some()) else { continue };
            let where_: Vec<&str> = where_.iter().map(String::as_str).collect();
            let mut property = match node.get("type") {
                Some(kind) if kind.as_str() == Some("file") => Schema {
                    kind: Some(text("string", kind.at)),
                    format: Some(text("binary", kind.at)),
                    description: description(node),
                    ..Schema::default()
                },
                _ => self.schema(*doc, node, &where_, 0),
            };
            property.required = node.flag("required");
            properties.insert(text(name.as_str().unwrap_or_default(), name.at), property);
        }
        let optional = !properties.values().any(|property| property.required);
        let name = self.core.free_name(&format!("{}Body", id.split_once('_').map_or(id, |(_, action)| action)));
        let schema = Schema {
            kind: Some(text("object", at)),
            description: Some(Description::Text(format!("The form body of `{id}`."))),
            properties,
            ..Schema::default()
        };
        added.push((site.doc, text(name.clone(), at), schema));
        let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        Some(spec::RequestBody {
            description: None,
            schema: Schema { reference: Some(text(name, at)), ..Schema::default() },
            bind: IndexMap::new(),
            optional,
            content_type: Some(text(media, at)),
        })
    }

    /// The example body of an answer, for the `Mock`: the first of the operation's
    /// `x-ms-examples` files that has a body for `status`, else the response's own `examples`
    /// (JSON first).
    fn example_answer(&self, doc: usize, operation: &Node, status: &str, response: &Node) -> Option<serde_json::Value> {
        let files = operation.get("x-ms-examples").map(Node::members).unwrap_or_default();
        let from_files = files.iter().find_map(|(_, example)| {
            let file = example.str_of("$ref")?.split('#').next()?;
            let path = crate::import::resolve(&self.core.documents.docs[doc].path, file);
            self.core.documents.examples.get(&path)?.get("responses")?.get(status)?.get("body").cloned()
        });
        let own = || {
            let examples = response.get("examples")?;
            examples
                .get("application/json")
                .or_else(|| examples.members().first().map(|(_, body)| body))
                .map(Node::to_json)
        };
        from_files.or_else(own)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        id: &str,
        site: &Place<'a>,
        operation: &'a Node,
        shared: &'a [Node],
        headers: &mut IndexMap<Text, IndexMap<Text, spec::Header>>,
        added: &mut Vec<(usize, Text, Schema)>,
    ) -> Option<spec::Operation> {
        let (doc, path, place) = (site.doc, site.path, &site.pointer[..]);
        let mut parameters: Vec<spec::Parameter> = Vec::new();
        let mut request_body = None;
        let mut form_fields: Vec<(usize, &'a Node, Vec<String>)> = Vec::new();
        let consumes = self.media_types(doc, operation, "consumes");
        let produces = self.media_types(doc, operation, "produces");
        // Operation parameters override path-level ones of the same name and location.
        let own = operation.get("parameters").map(Node::items).unwrap_or_default();
        let mut resolved: Vec<(usize, &'a Node, Vec<String>, bool)> = Vec::new();
        for (list, items) in [("parameters", shared), ("parameters", own)] {
            let base: Vec<String> = if std::ptr::eq(items, shared) {
                vec!["paths".into(), path.name.clone(), list.into()]
            } else {
                [place.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), vec![list.into()]].concat()
            };
            for (index, parameter) in items.iter().enumerate() {
                let mut where_ = base.clone();
                where_.push(index.to_string());
                let Some((param_doc, node, global)) = self.parameter_node(doc, parameter, &where_) else { continue };
                resolved.retain(|(_, known, _, _)| parameter_key(known) != parameter_key(node));
                resolved.push((param_doc, node, where_, global));
            }
        }
        for (param_doc, node, where_, global) in resolved {
            let where_: Vec<&str> = where_.iter().map(String::as_str).collect();
            match node.str_of("in") {
                Some("body") => {
                    let schema_node = node.get("schema")?;
                    let inner = [&where_[..], &["schema"]].concat();
                    // Without a JSON type to send, the first one it consumes: text or bytes as given.
                    let content_type = non_json(&consumes).map(|media| text(media, node.at));
                    let schema = match content_type {
                        Some(_) => Schema::default(),
                        None => self.schema(param_doc, schema_node, &inner, 0),
                    };
                    // An object definition is filled through setters; any other schema (an
                    // array, a string, a map) is a JSON value the builder takes whole.
                    request_body = Some(spec::RequestBody {
                        description: description(node),
                        schema,
                        bind: IndexMap::new(),
                        optional: !node.flag("required"),
                        content_type,
                    });
                }
                Some("formData") => {
                    form_fields.push((param_doc, node, where_.iter().map(|s| (*s).to_owned()).collect()))
                }
                Some(location @ ("path" | "query" | "header")) => {
                    if let Some(parameter) = self.parameter(param_doc, node, location, &where_, global) {
                        parameters.push(parameter);
                    }
                }
                _ => self.unsupported_parameter(param_doc, node, &where_),
            }
        }
        if request_body.is_none() && !form_fields.is_empty() {
            request_body = self.form_body(id, site, &consumes, &form_fields, added);
        }
        let mut responses = IndexMap::new();
        for (status, response) in operation.get("responses").map(Node::members).unwrap_or_default() {
            let inner = [place, &["responses", status.name.as_str()]].concat();
            let (response_doc, response, inner_owned) = match response.str_of("$ref") {
                Some(reference) => match self.core.locate_node(doc, reference) {
                    Some((target, node, pointer)) => (target, node, Some(pointer)),
                    None => {
                        let message = format!("`{reference}` names nothing that was loaded");
                        self.core.unresolved(doc, response.at, &inner, reference, message, "the response is left out");
                        continue;
                    }
                },
                None => (doc, response, None),
            };
            let tokens: Vec<&str> = match &inner_owned {
                Some(pointer) => pointer.split('/').skip(1).collect(),
                None => inner.clone(),
            };
            let written = response.get("schema");
            // A file, or a body of an operation that produces no JSON: text or bytes as sent.
            let is_file = written.is_some_and(|schema| schema.str_of("type") == Some("file"));
            let content_type = match non_json(&produces) {
                Some(media) if written.is_some() => Some(text(media, status.at)),
                _ if is_file => Some(text("application/octet-stream", status.at)),
                _ => None,
            };
            let schema = written.filter(|_| content_type.is_none()).map(|schema| {
                let at = [&tokens[..], &["schema"]].concat();
                self.schema(response_doc, schema, &at, 0)
            });
            let header_set = response.get("headers").filter(|set| !set.members().is_empty()).map(|set| {
                let name = format!("{id}_{}_headers", status.name);
                let mut typed = IndexMap::new();
                for (header, node) in set.members() {
                    let at = [&tokens[..], &["headers", header.name.as_str()]].concat();
                    let (kind, format) = (node.str_of("type"), node.str_of("format"));
                    // Swagger names a header's type itself: a string with a format is not typed either.
                    let typed_header = self.response_header(response_doc, header, node, kind, format, &at, true);
                    typed.insert(text(header.name.clone(), header.at), typed_header);
                }
                headers.insert(text(name.clone(), status.at), typed);
                text(name, status.at)
            });
            let description = Description::Text(response.str_of("description").unwrap_or_default().to_owned());
            let example = self.example_answer(doc, operation, &status.name, response);
            responses.insert(
                text(status.name.clone(), status.at),
                spec::Response { description, schema, headers: header_set, content_type, example },
            );
        }
        if !self.documents_success(id, site, &responses) {
            return None;
        }
        self.placeholder_parameters(site, &mut parameters);
        let pageable = operation.get("x-ms-pageable").map(|pageable| spec::Pageable {
            next_link_name: pageable
                .get("nextLinkName")
                .and_then(|name| name.as_str().map(|value| text(value, name.at))),
            item_name: pageable.get("itemName").and_then(|name| name.as_str().map(|value| text(value, name.at))),
        });
        let long_running = operation.flag("x-ms-long-running-operation").then(|| spec::LongRunning {
            final_state_via: operation
                .get("x-ms-long-running-operation-options")
                .and_then(|options| options.get("final-state-via"))
                .and_then(|via| via.as_str().map(|value| text(value, via.at))),
        });
        Some(spec::Operation {
            parameters,
            request_body,
            responses,
            pageable,
            long_running,
            ..self.operation_base(site, operation)
        })
    }

    /// A parameter node, following a `$ref` (to a shared `parameters` entry of any file).
    /// `true` when it is shared: Azure reads shared parameters as client settings by default.
    fn parameter_node(&mut self, doc: usize, node: &'a Node, place: &[String]) -> Option<(usize, &'a Node, bool)> {
        let Some(reference) = node.str_of("$ref") else { return Some((doc, node, false)) };
        match self.core.locate_node(doc, reference) {
            Some((target, node, _)) => Some((target, node, true)),
            None => {
                let place: Vec<&str> = place.iter().map(String::as_str).collect();
                let message = format!("`{reference}` names no parameter that was loaded");
                self.core.unresolved(doc, node.at, &place, reference, message, "the parameter is left out");
                None
            }
        }
    }

    fn parameter(
        &mut self,
        doc: usize,
        node: &'a Node,
        location: &str,
        place: &[&str],
        shared: bool,
    ) -> Option<spec::Parameter> {
        let name_node = node.get("name");
        let Some(name) = name_node.and_then(Node::as_str) else {
            self.error(doc, node.at, place, "a parameter needs a `name`");
            return None;
        };
        let name_at = name_node.map_or(node.at, |name| name.at);
        let api_version = location == "query" && name == "api-version";
        let mut pattern = None;
        let (mut min_length, mut max_length) = (None, None);
        // Rules apply to string values: every path segment, and string query and header values.
        if location == "path" || node.str_of("type").is_none_or(|kind| kind == "string") {
            if let Some(written) = node.get("pattern") {
                let text_value = written.as_str().unwrap_or_default();
                match self.core.pattern_readable(text_value) {
                    true => pattern = Some(text(text_value, written.at)),
                    false => {
                        let message = format!(
                            "the pattern of `{name}` is not a regular expression Rust's `regex` reads: it is not checked"
                        );
                        self.warn(doc, written.at, place, message);
                    }
                }
            }
            min_length = node.get("minLength").and_then(Node::as_u32);
            max_length = node.get("maxLength").and_then(Node::as_u32);
        }
        let (kind, format, items, values) =
            if api_version { (None, None, None, None) } else { self.parameter_type(doc, node, name, place) };
        let client = match node.str_of("x-ms-parameter-location") {
            Some("client") => true,
            Some(_) => false,
            None => shared && !api_version,
        };
        Some(spec::Parameter {
            reference: None,
            name: Some(text(name, name_at)),
            location: Some(text(location, node.get("in").map_or(node.at, |at| at.at))),
            description: parameter_description(node),
            required: location == "path" || node.flag("required"),
            pattern,
            min_length,
            max_length,
            api_version,
            auto: None,
            kind,
            format,
            items,
            values,
            client,
            skip_url_encoding: location == "path" && node.flag("x-ms-skip-url-encoding"),
        })
    }

    /// The type of a query, header or path parameter; what the model cannot type is a string.
    #[allow(clippy::type_complexity)]
    fn parameter_type(
        &mut self,
        doc: usize,
        node: &'a Node,
        name: &str,
        place: &[&str],
    ) -> (Option<Text>, Option<Text>, Option<Box<Schema>>, Option<Vec<spec::EnumValue>>) {
        let kind_node = node.get("type");
        let kind = kind_node.and_then(Node::as_str).unwrap_or("string");
        let at = kind_node.map_or(node.at, |kind| kind.at);
        let format = node.get("format").and_then(|format| format.as_str().map(|value| (value, format.at)));
        let scalar_format = |kind: &str, format: Option<(&str, crate::import::tree::At)>| match (kind, format) {
            ("integer", Some((known @ ("int32" | "int64"), at)))
            | ("number", Some((known @ ("float" | "double"), at))) => Some(text(known, at)),
            ("string", Some((known @ ("date-time" | "duration" | "password"), at))) => Some(text(known, at)),
            ("string", Some((known, at))) if crate::lower::TEXT_FORMATS.contains(&known) => Some(text(known, at)),
            _ => None,
        };
        // The documented values: text of a string, numbers of an integer or number.
        let values = || {
            let values: Vec<spec::EnumValue> = node
                .get("enum")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|value| {
                    let wire = match (kind, &value.value) {
                        ("string", _) => value.as_str()?.to_owned(),
                        ("integer", Value::Number(number)) if number.is_i64() => number.to_string(),
                        ("number", Value::Number(number)) => number.to_string(),
                        _ => return None,
                    };
                    Some(spec::EnumValue { value: text(wire, value.at), name: None, description: None })
                })
                .collect();
            (!values.is_empty()).then_some(values)
        };
        match kind {
            "string" => (None, scalar_format("string", format), None, values()),
            "integer" | "number" => (Some(text(kind, at)), scalar_format(kind, format), None, values()),
            "boolean" => (Some(text(kind, at)), scalar_format(kind, format), None, None),
            "array" => {
                let items = node.get("items");
                let item_kind = items.and_then(|items| items.str_of("type")).unwrap_or("string");
                if !matches!(item_kind, "string" | "integer" | "number" | "boolean") {
                    let message = format!("the items of the array parameter `{name}` are `{item_kind}`: sent as text");
                    self.warn(doc, at, place, message);
                }
                if node.str_of("collectionFormat").is_some_and(|format| format != "csv") {
                    let message = format!(
                        "the array parameter `{name}` is sent comma-separated, not as its `collectionFormat` says"
                    );
                    self.warn(doc, at, place, message);
                }
                let item_kind =
                    if matches!(item_kind, "string" | "integer" | "number" | "boolean") { item_kind } else { "string" };
                let item_format = items
                    .and_then(|items| items.get("format"))
                    .and_then(|format| format.as_str().map(|value| (value, format.at)));
                let item = Schema {
                    kind: Some(text(item_kind, items.map_or(at, |items| items.at))),
                    format: scalar_format(item_kind, item_format),
                    ..Schema::default()
                };
                (Some(text("array", at)), None, Some(Box::new(item)), None)
            }
            other => {
                let message = format!("the parameter `{name}` of type `{other}` is sent as text");
                self.warn(doc, at, place, message);
                (None, None, None, None)
            }
        }
    }
}

/// The group of an operation without a `Group_` prefix: its first tag, else `default`.
fn group_of_tags(operation: &Node) -> String {
    operation
        .get("tags")
        .and_then(|tags| tags.items().first())
        .and_then(Node::as_str)
        .map(crate::lower::type_name)
        .unwrap_or_else(|| "Default".to_owned())
}

/// The first of `media` when none of them is JSON (`application/json`, `+json`, `text/json`):
/// the body is then text or bytes of that type. An empty list is JSON, Swagger's default.
fn non_json<'m>(media: &[&'m str]) -> Option<&'m str> {
    if media.iter().any(|media| is_json_media(media)) { None } else { media.first().copied() }
}

/// A parameter's description, with what Azure's extensions say of it: the model an OData
/// expression (`$filter`) ranges over (`x-ms-odata`), and the parameter group other SDKs gather
/// it into (`x-ms-parameter-grouping`; here every parameter is a setter of the builder).
fn parameter_description(node: &Node) -> Option<Description> {
    let mut description = description(node);
    if let Some(model) = node.str_of("x-ms-odata") {
        let model = model.rsplit('/').next().unwrap_or(model);
        description = Some(with_note(description, &format!("An OData expression over the properties of {model}.")));
    }
    if let Some(group) = node.get("x-ms-parameter-grouping") {
        let note = match group.str_of("name") {
            Some(name) => format!("In Azure's other SDKs, a member of the parameter group {name}."),
            None => "In Azure's other SDKs, a member of the operation's parameter group.".to_owned(),
        };
        description = Some(with_note(description, &note));
    }
    description
}
