//! OpenAPI `paths` to spec operations, one API (spec file) per operation group: the first tag.

use super::{Reader, text};
use crate::import::description;
use crate::import::operations_common::{Group, METHODS, OperationIds, OperationRules, Place, parameter_key};
use crate::import::reader::{FormatReader, Target};
use crate::import::schema_common::json;
use crate::import::tree::Node;
use crate::lower::{ParsedFile, is_json_media, media_essence, type_name, value_name};
use crate::spec::{self, Description, Schema, Text};
use indexmap::IndexMap;

/// The group of operations without tags (its module is `default_api`: `default` is a Cargo feature).
const DEFAULT_GROUP: &str = "default";

impl<'a> Reader<'a> {
    /// Every operation of every file, grouped by its first tag (else `default`): one spec file,
    /// so one module and Cargo feature, per group. Spec operation ids are `<Group>_<OperationId>`
    /// in UpperCamelCase, so that each operation's Rust name is its whole `operationId`.
    pub(super) fn operations(&mut self, openapi: &[usize]) -> Vec<ParsedFile> {
        let mut groups: IndexMap<String, Group> = IndexMap::new();
        let mut ids = OperationIds::default();
        let mut added: Vec<(usize, Text, Schema)> = Vec::new();
        let mut info = None;
        for &doc in openapi {
            let root = &self.doc(doc).root;
            let Some(paths) = root.get("paths") else { continue };
            if !paths.members().is_empty() && info.is_none() {
                info = Some(doc);
            }
            for (path, item) in paths.members() {
                if item.get("$ref").is_some() {
                    let message = "a path item that is a `$ref`: its operations are left out";
                    self.warn(doc, item.at, &["paths", &path.name, "$ref"], message);
                    continue;
                }
                let shared = item.get("parameters").map(Node::items).unwrap_or_default();
                for (method, operation) in item.members() {
                    if !METHODS.contains(&method.name.as_str()) {
                        continue;
                    }
                    let pointer = vec!["paths", path.name.as_str(), method.name.as_str()];
                    let place = Place { doc, path, method, pointer };
                    let written = match operation.get("operationId").and_then(Node::as_str) {
                        Some(id) => id.to_owned(),
                        None => {
                            let id = value_name(&format!("{} {}", method.name, path.name));
                            self.warn(doc, method.at, &place.pointer, format!("no `operationId`: named `{id}`"));
                            id
                        }
                    };
                    let id_at = operation.get("operationId").map_or(method.at, |id| id.at);
                    if !self.claim_operation_id(&mut ids, &written, id_at, &place) {
                        continue;
                    }
                    let group_name = operation
                        .get("tags")
                        .and_then(|tags| tags.items().first())
                        .and_then(Node::as_str)
                        .unwrap_or(DEFAULT_GROUP)
                        .to_owned();
                    // An id that is already `Group_Action` with its group (`Gateways_Create`
                    // tagged `Gateways`, as Azure and the export write them) is kept as it is.
                    let group_type = type_name(&group_name);
                    let azure_style = written.split_once('_').is_some_and(|(prefix, action)| {
                        type_name(prefix) == group_type
                            && action.starts_with(|c: char| c.is_ascii_uppercase())
                            && !action.contains('_')
                    });
                    let id =
                        if azure_style { written.clone() } else { format!("{group_type}_{}", type_name(&written)) };
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
        // The group of untagged operations is `default_api` without a word.
        files.extend(self.group_files(info_doc, groups, Some(DEFAULT_GROUP)));
        files
    }

    /// The `api` block of one group, from the file's `info`, first server and security schemes.
    pub(super) fn openapi_api(&mut self, doc: usize, group: &str, module: &str) -> spec::Api {
        let root = &self.doc(doc).root;
        let info = root.get("info");
        let title = info.and_then(|info| info.str_of("title")).unwrap_or("API");
        let version = info.and_then(|info| info.get("version"));
        let server = root.get("servers").and_then(|servers| servers.items().first());
        let base_url = match server.and_then(|server| server.str_of("url")) {
            Some(url) => {
                let mut url = url.to_owned();
                // `{name}` variables take their defaults.
                for (name, variable) in
                    server.and_then(|server| server.get("variables")).map(Node::members).unwrap_or_default()
                {
                    url = url.replace(&format!("{{{}}}", name.name), variable.str_of("default").unwrap_or_default());
                }
                let url = url.trim_end_matches('/').to_owned();
                if url.contains("://") {
                    url
                } else {
                    let message = format!(
                        "the server URL `{url}` is relative: the base URL is `https://localhost{url}` (set another at run time)"
                    );
                    self.warn(doc, server.map_or(root.at, |server| server.at), &["servers", "0", "url"], message);
                    format!("https://localhost{url}")
                }
            }
            None => {
                let message = "no `servers`: the base URL is `https://localhost` (set another at run time)";
                self.warn(doc, root.at, &[], message);
                "https://localhost".to_owned()
            }
        };
        let mut security = IndexMap::new();
        let schemes = root.get("components").and_then(|components| components.get("securitySchemes"));
        for (name, scheme) in schemes.map(Node::members).unwrap_or_default() {
            // The first OAuth2 flow is the one the model describes.
            let flow = scheme.get("flows").and_then(|flows| flows.members().first());
            let flow_name = flow.map(|(name, _)| match name.name.as_str() {
                "authorizationCode" => "accessCode".to_owned(),
                "clientCredentials" => "application".to_owned(),
                other => other.to_owned(),
            });
            let kind = match (scheme.str_of("type"), scheme.str_of("scheme")) {
                (Some("http"), Some(http)) => format!("http {http}"),
                (Some(kind), _) => kind.to_owned(),
                (None, _) => "unknown".to_owned(),
            };
            security.insert(
                text(name.name.clone(), name.at),
                spec::SecurityScheme {
                    kind: text(kind, scheme.at),
                    description: description(scheme),
                    flow: flow_name,
                    authorization_url: flow
                        .and_then(|(_, flow)| flow.str_of("authorizationUrl").or_else(|| flow.str_of("tokenUrl")))
                        .map(str::to_owned),
                    scopes: flow
                        .and_then(|(_, flow)| flow.get("scopes"))
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
            // A document of one API (`x-api-name`, as the export writes) keeps its title as is.
            title: if root.str_of("x-api-name") == Some(module) {
                title.to_owned()
            } else {
                format!("{title}: {group}")
            },
            description: info
                .and_then(|info| info.str_of("description"))
                .map(|text| Description::Text(text.to_owned())),
            version: text(
                version.and_then(Node::as_str).unwrap_or_default(),
                version.map_or(root.at, |version| version.at),
            ),
            base_url: text(base_url, server.map_or(root.at, |server| server.at)),
            security,
        }
    }

    fn operation(
        &mut self,
        id: &str,
        place: &Place<'a>,
        operation: &'a Node,
        shared: &'a [Node],
        headers: &mut IndexMap<Text, IndexMap<Text, spec::Header>>,
        added: &mut Vec<(usize, Text, Schema)>,
    ) -> Option<spec::Operation> {
        let doc = place.doc;
        // Operation parameters override path-level ones of the same name and location.
        let own = operation.get("parameters").map(Node::items).unwrap_or_default();
        let mut resolved: Vec<(usize, &'a Node, Vec<String>)> = Vec::new();
        for (items, base) in [
            (shared, vec!["paths".to_owned(), place.path.name.clone(), "parameters".to_owned()]),
            (own, place.pointer.iter().map(|token| (*token).to_owned()).chain(["parameters".to_owned()]).collect()),
        ] {
            for (index, parameter) in items.iter().enumerate() {
                let mut where_ = base.clone();
                where_.push(index.to_string());
                let found = match parameter.str_of("$ref") {
                    None => Some((doc, parameter, where_)),
                    Some(reference) => match self.follow(doc, reference) {
                        Some((target, node, tokens)) => Some((target, node, tokens)),
                        None => {
                            let at: Vec<&str> = where_.iter().map(String::as_str).collect();
                            let message = format!("`{reference}` names no parameter that was loaded");
                            let instead = "the parameter is left out";
                            self.core.unresolved(doc, parameter.at, &at, reference, message, instead);
                            None
                        }
                    },
                };
                let Some((param_doc, node, where_)) = found else { continue };
                resolved.retain(|(_, known, _)| parameter_key(known) != parameter_key(node));
                resolved.push((param_doc, node, where_));
            }
        }
        let mut parameters = Vec::new();
        for (param_doc, node, where_) in resolved {
            let where_: Vec<&str> = where_.iter().map(String::as_str).collect();
            match node.str_of("in") {
                Some(location @ ("path" | "query" | "header")) => {
                    if let Some(parameter) = self.parameter(param_doc, node, location, &where_) {
                        parameters.push(parameter);
                    }
                }
                _ => self.unsupported_parameter(param_doc, node, &where_),
            }
        }
        let request_body = self.request_body(id, place, operation, added);
        let responses = self.responses(id, place, operation, headers);
        if !self.documents_success(id, place, &responses) {
            return None;
        }
        self.placeholder_parameters(place, &mut parameters);
        Some(spec::Operation { parameters, request_body, responses, ..self.operation_base(place, operation) })
    }

    /// The JSON media type of a `content` map: `application/json`, else any `*/json` or
    /// `*+json` one.
    fn json_content(content: &'a Node) -> Option<&'a Node> {
        content
            .get("application/json")
            .or_else(|| content.members().iter().find(|(media, _)| is_json_media(&media.name)).map(|(_, node)| node))
    }

    /// A `$ref` (to `components/requestBodies` or `responses`) followed, with its place.
    fn followed(&mut self, doc: usize, node: &'a Node, path: &[&str]) -> Option<(usize, &'a Node, Vec<String>)> {
        match node.str_of("$ref") {
            None => Some((doc, node, path.iter().map(|token| (*token).to_owned()).collect())),
            Some(reference) => {
                let found = self.follow(doc, reference);
                if found.is_none() {
                    let at = [path, &["$ref"]].concat();
                    let message = format!("`{reference}` names nothing that was loaded");
                    self.core.unresolved(doc, node.at, &at, reference, message, "what it names is left out");
                }
                found
            }
        }
    }

    /// The request body: JSON (preferred), a form, a multipart form, or text or bytes of any
    /// other media type; an inline object schema (JSON or a form) becomes a definition
    /// `<Action>Body`. Other `multipart/*` types are not read (a warning).
    fn request_body(
        &mut self,
        id: &str,
        place: &Place<'a>,
        operation: &'a Node,
        added: &mut Vec<(usize, Text, Schema)>,
    ) -> Option<spec::RequestBody> {
        let written = operation.get("requestBody")?;
        let path = [&place.pointer[..], &["requestBody"]].concat();
        let (doc, body, tokens) = self.followed(place.doc, written, &path)?;
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let content = body.get("content");
        let members = content.map(Node::members).unwrap_or_default();
        let of_type = |wanted: &str| members.iter().find(|(media, _)| media_essence(&media.name) == wanted);
        let chosen = content
            .and_then(Self::json_content)
            .map(|node| (None, node))
            .or_else(|| of_type("application/x-www-form-urlencoded").map(|(media, node)| (Some(media), node)))
            .or_else(|| of_type("multipart/form-data").map(|(media, node)| (Some(media), node)))
            .or_else(|| {
                members
                    .iter()
                    .find(|(media, _)| !media_essence(&media.name).starts_with("multipart/"))
                    .map(|(media, node)| (Some(media), node))
            });
        let Some((media_name, media)) = chosen else {
            let types: Vec<&str> = members.iter().map(|(media, _)| media.name.as_str()).collect();
            let message = format!(
                "the request body of `{id}` is {}: the operation is generated without a body",
                if types.is_empty() {
                    "without content".to_owned()
                } else {
                    format!("not read yet ({})", types.join(", "))
                }
            );
            self.warn(doc, body.at, &tokens, message);
            return None;
        };
        let content_type = media_name.map(|media| text(media.name.clone(), media.at));
        let is_model_media = media_name.is_none_or(|media| {
            matches!(media_essence(&media.name).as_str(), "application/x-www-form-urlencoded" | "multipart/form-data")
        });
        let media_key = media_name.map_or("application/json", |media| media.name.as_str());
        let inner: Vec<&str> = [&tokens[..], &["content", media_key, "schema"]].concat();
        let base = spec::RequestBody {
            description: description(body),
            schema: Schema::default(),
            // Body properties taken from path parameters (`x-bind`, as the export writes).
            bind: body
                .get("x-bind")
                .map(Node::members)
                .unwrap_or_default()
                .iter()
                .filter_map(|(property, parameter)| {
                    Some((text(property.name.clone(), property.at), text(parameter.as_str()?, parameter.at)))
                })
                .collect(),
            optional: !body.flag("required"),
            content_type,
        };
        if !is_model_media {
            // Text or bytes, sent as given: the schema (usually `format: binary`) says no more.
            return Some(base);
        }
        let Some(schema_node) = media.get("schema") else {
            if base.content_type.is_some() {
                let message =
                    format!("the form body of `{id}` has no schema: the operation is generated without a body");
                self.warn(doc, media.at, &tokens, message);
                return None;
            }
            // JSON without a schema: any JSON value.
            return Some(spec::RequestBody {
                schema: Schema { kind: Some(text("object", body.at)), ..Schema::default() },
                ..base
            });
        };
        let mut schema = self.schema(doc, schema_node, &inner, 0);
        if schema.reference.is_none() && !schema.properties.is_empty() {
            // An inline object: a definition of its own, so the builder can take its fields.
            let name = self.core.free_name(&format!("{}Body", id.split_once('_').map_or(id, |(_, action)| action)));
            schema.kind = Some(text("object", schema_node.at));
            schema.nullable = false;
            if schema.description.is_none() {
                let text = format!("The request body of `{id}`.");
                schema.description = Some(description(body).unwrap_or(Description::Text(text)));
            }
            added.push((doc, text(name.clone(), schema_node.at), schema));
            schema = Schema { reference: Some(text(name, schema_node.at)), ..Schema::default() };
        }
        if self.is_object_model(&schema) {
            return Some(spec::RequestBody {
                schema: Schema { reference: schema.reference, ..Schema::default() },
                ..base
            });
        }
        if base.content_type.is_some() {
            let message =
                format!("the form body of `{id}` is not an object schema: the operation is generated without a body");
            self.warn(doc, schema_node.at, &inner, message);
            return None;
        }
        // Any other JSON value (an array, a string, a union): the builder takes it whole.
        Some(spec::RequestBody { schema, ..base })
    }

    /// Whether a converted schema is a `$ref` to a definition that lowers to a struct.
    fn is_object_model(&self, schema: &Schema) -> bool {
        let Some(reference) = &schema.reference else { return false };
        let Some(id) = self.core.owners.get(&reference.value) else {
            // A definition made here (a request body) is an object.
            return self.core.taken.contains_key(&type_name(&reference.value));
        };
        let Some(node) = self.named_schema_node(id) else { return false };
        matches!(self.core.targets.get(id), Some(Target::Model(_)))
            && self.string_values(id.0, node, 0).is_none()
            && !self.is_union(id)
    }

    /// The responses: a status, `default`, or a range (`4XX`); a success range (`2XX`) is read
    /// as `200` when no success status is listed, else left out (warning). A JSON body is read by
    /// its schema; without JSON, the first media type's body as text or bytes.
    fn responses(
        &mut self,
        id: &str,
        place: &Place<'a>,
        operation: &'a Node,
        headers: &mut IndexMap<Text, IndexMap<Text, spec::Header>>,
    ) -> IndexMap<Text, spec::Response> {
        let mut responses = IndexMap::new();
        let written = operation.get("responses").map(Node::members).unwrap_or_default();
        let has_success_code = written.iter().any(|(status, _)| {
            status.name.len() == 3 && status.name.starts_with('2') && status.name.bytes().all(|b| b.is_ascii_digit())
        });
        for (status, response) in written {
            let path = [&place.pointer[..], &["responses", status.name.as_str()]].concat();
            // Ranges are written `4XX` in the model whatever their case.
            let mut code = if status.name.len() == 3 { status.name.to_ascii_uppercase() } else { status.name.clone() };
            if code == "2XX" {
                let message = if has_success_code {
                    "the range `2XX` beside success codes is left out: its other codes are read as errors"
                } else {
                    "the range `2XX` is read as `200`: other success codes are read as errors"
                };
                self.warn(place.doc, status.at, &path, message);
                if has_success_code {
                    continue;
                }
                code = "200".to_owned();
            }
            let Some((doc, response, tokens)) = self.followed(place.doc, response, &path) else { continue };
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let content = response.get("content");
            let (schema, content_type) = match content.and_then(Self::json_content) {
                Some(media) => {
                    let schema = match media.get("schema") {
                        Some(schema) => {
                            let media_name = content
                                .map(Node::members)
                                .unwrap_or_default()
                                .iter()
                                .find(|(_, node)| std::ptr::eq(node, media))
                                .map_or("application/json", |(name, _)| name.name.as_str());
                            let at = [&tokens[..], &["content", media_name, "schema"]].concat();
                            self.schema(doc, schema, &at, 0)
                        }
                        // JSON without a schema: any JSON value, as for a request body.
                        None => Schema { kind: Some(text("object", media.at)), ..Schema::default() },
                    };
                    (Some(schema), None)
                }
                // No JSON: the first media type's body, read as text or bytes.
                None => {
                    let first = content.and_then(|content| content.members().first());
                    (None, first.map(|(media, _)| text(media.name.clone(), media.at)))
                }
            };
            let header_set = response.get("headers").filter(|set| !set.members().is_empty()).map(|set| {
                // A set the document names (`x-header-set`, as the export writes) keeps its name.
                let name = match response.str_of("x-header-set") {
                    Some(named) => named.to_owned(),
                    None => format!("{id}_{code}_headers"),
                };
                let typed = self.headers(doc, set, &tokens);
                // A named set shared by several responses is declared once.
                if !headers.keys().any(|known| known.value == name) {
                    headers.insert(text(name.clone(), status.at), typed);
                }
                text(name, status.at)
            });
            // The JSON content's `example`, else its first `examples` entry's `value`.
            let example = content.and_then(Self::json_content).and_then(|media| {
                let first = media.get("examples").and_then(|examples| examples.members().first());
                media.get("example").or_else(|| first.and_then(|(_, example)| example.get("value")))
            });
            let example = example.map(Node::to_json);
            let description = Description::Text(response.str_of("description").unwrap_or_default().to_owned());
            responses.insert(
                text(code, status.at),
                spec::Response { description, schema, headers: header_set, content_type, example },
            );
        }
        responses
    }

    fn headers(&mut self, doc: usize, set: &'a Node, tokens: &[&str]) -> IndexMap<Text, spec::Header> {
        let mut typed = IndexMap::new();
        for (header, written) in set.members() {
            let at = [tokens, &["headers", header.name.as_str()]].concat();
            let Some((header_doc, node, _)) = self.followed(doc, written, &at) else { continue };
            let schema = node.get("schema");
            let kind = schema.and_then(|schema| schema.str_of("type"));
            let format = schema.and_then(|schema| schema.str_of("format"));
            let typed_header = self.response_header(header_doc, header, node, kind, format, &at, false);
            typed.insert(text(header.name.clone(), header.at), typed_header);
        }
        typed
    }

    fn parameter(&mut self, doc: usize, node: &'a Node, location: &str, place: &[&str]) -> Option<spec::Parameter> {
        let name_node = node.get("name");
        let Some(name) = name_node.and_then(Node::as_str) else {
            self.error(doc, node.at, place, "a parameter needs a `name`");
            return None;
        };
        let name_at = name_node.map_or(node.at, |name| name.at);
        let schema_node = node.get("schema");
        let inner = [place, &["schema"]].concat();
        let schema = match schema_node {
            Some(schema) => self.parameter_schema(doc, schema, &inner),
            None => Schema::default(),
        };
        let mut pattern = None;
        // Rules apply to string values: every path segment, and string query and header values.
        let string = schema.kind.as_ref().is_none_or(|kind| kind.value == "string");
        if (location == "path" || string)
            && let Some((pattern_doc, written, pattern_place)) =
                schema_node.and_then(|schema| self.pattern_of(doc, schema, &inner))
        {
            let pattern_place: Vec<&str> = pattern_place.iter().map(String::as_str).collect();
            pattern = self.checked_pattern(pattern_doc, written, &pattern_place);
        }
        let length = |key: &str| {
            let bound = schema_node.and_then(|schema| schema.get(key)).and_then(Node::as_u32);
            bound.filter(|_| location == "path" || string)
        };
        let (min_length, max_length) = (length("minLength"), length("maxLength"));
        let kind_name = schema.kind.as_ref().map(|kind| kind.value.clone());
        let (kind, format, items, values) = match kind_name.as_deref() {
            None | Some("string") => (None, schema.format.filter(|_| !schema.secret), None, schema.values),
            Some("integer" | "number") => (schema.kind, schema.format, None, schema.values),
            Some("boolean") => (schema.kind, schema.format, None, None),
            Some("array") => {
                let item = schema.items.map(|items| *items).unwrap_or_default();
                let scalar = item
                    .kind
                    .as_ref()
                    .is_some_and(|kind| matches!(kind.value.as_str(), "string" | "integer" | "number" | "boolean"))
                    && item.values.is_none();
                let item = if scalar {
                    Schema { kind: item.kind, format: item.format, ..Schema::default() }
                } else {
                    let message = format!("the items of the array parameter `{name}` are not scalars: sent as text");
                    self.warn(doc, node.at, place, message);
                    Schema { kind: Some(text("string", node.at)), ..Schema::default() }
                };
                if location == "query" && node.get("explode").and_then(Node::as_bool) != Some(false) {
                    let message = format!(
                        "the array parameter `{name}` is sent comma-separated (`explode: false`), not repeated"
                    );
                    self.warn(doc, node.at, place, message);
                }
                (schema.kind, None, Some(Box::new(item)), None)
            }
            Some(other) => {
                let message = format!("the parameter `{name}` of type `{other}` is sent as text");
                self.warn(doc, node.at, place, message);
                (None, None, None, None)
            }
        };
        // The API's version, as in Swagger (a query `api-version`, or `x-api-version` as the
        // export writes); a value filled in (`x-auto: uuid`); a setting of the client.
        let api_version = node.flag("x-api-version") || (location == "query" && name == "api-version");
        let (kind, format, items, values) =
            if api_version { (None, None, None, None) } else { (kind, format, items, values) };
        let auto = node.get("x-auto").and_then(|auto| Some(text(auto.as_str()?, auto.at)));
        Some(spec::Parameter {
            reference: None,
            name: Some(text(name, name_at)),
            location: Some(text(location, node.get("in").map_or(node.at, |at| at.at))),
            description: description(node),
            required: location == "path" || node.flag("required"),
            pattern,
            min_length,
            max_length,
            api_version,
            format: format.filter(|_| auto.is_none()),
            auto,
            kind,
            items,
            values,
            client: node.str_of("x-ms-parameter-location") == Some("client"),
            skip_url_encoding: location == "path" && node.flag("x-ms-skip-url-encoding"),
        })
    }

    /// A parameter's schema with `$ref`s to models written out (a string enum's values, a
    /// scalar alias), so that its type and values can be read.
    fn parameter_schema(&mut self, doc: usize, node: &'a Node, path: &[&str]) -> Schema {
        let schema = self.schema(doc, node, path, 0);
        let Some(reference) = &schema.reference else { return schema };
        let Some(id) = self.core.owners.get(&reference.value).cloned() else { return json(node.at) };
        let Some(target) = self.named_schema_node(&id) else { return json(node.at) };
        if let Some(values) = self.string_values(id.0, target, 0) {
            let values = values
                .into_iter()
                .map(|(value, at, _)| spec::EnumValue { value: text(value, at), name: None, description: None })
                .collect();
            return Schema { kind: Some(text("string", node.at)), values: Some(values), ..Schema::default() };
        }
        json(node.at)
    }

    /// The `pattern` of a parameter schema (through one `$ref`), its file and pointer tokens: a
    /// pattern shared by many parameters is warned about once, where it is written.
    fn pattern_of(&self, doc: usize, schema: &'a Node, path: &[&str]) -> Option<(usize, &'a Node, Vec<String>)> {
        let (doc, node, mut tokens) = match schema.str_of("$ref") {
            Some(reference) => self.follow(doc, reference)?,
            None => (doc, schema, path.iter().map(|token| (*token).to_owned()).collect()),
        };
        tokens.push("pattern".to_owned());
        Some((doc, node.get("pattern")?, tokens))
    }

    fn checked_pattern(&mut self, doc: usize, written: &Node, place: &[&str]) -> Option<Text> {
        let value = written.as_str()?;
        if self.core.pattern_readable(value) {
            return Some(text(value, written.at));
        }
        let message = "this pattern is not a regular expression Rust's `regex` reads: the path parameters that use it are not checked";
        self.warn(doc, written.at, place, message);
        None
    }
}
