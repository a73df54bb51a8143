//! Lowering an API: its parameters, response header sets and operations.

use super::names::{static_name, type_name, unique_name, unraw, value_name};
use super::{Lowering, ParsedFile};
use crate::ir::{self, ParamKind, PathPiece, Presence, Type};
use crate::spec::{self, Text};
use indexmap::IndexMap;
use std::collections::HashSet;

/// Methods of the builders and the `Operation` trait that a setter must not shadow.
const RESERVED_METHODS: &[&str] =
    &["new", "build", "build_request", "parse_response", "with_client", "send", "clone", "fmt"];

/// Fields every builder (`body`, `client`) or server request (`body`, `http`) has besides its
/// parameters.
const RESERVED_FIELDS: &[&str] = &["body", "client", "http"];

/// Module names the generated folder already uses.
const RESERVED_MODULES: &[&str] = &["models", "runtime", "generated"];

const METHODS: &[&str] = &["GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Methods that are safe to repeat unless the spec says otherwise (RFC 9110, 9.2.2).
const IDEMPOTENT_METHODS: &[&str] = &["GET", "PUT", "DELETE", "HEAD", "OPTIONS"];

/// Methods of `Client` that an API's method must not shadow.
const CLIENT_METHODS: &[&str] = &["new", "builder", "send", "clone", "fmt"];

/// Items every API module has besides its operations and header sets.
const MODULE_ITEMS: &[&str] = &["Operations", "DEFAULT_BASE_URL", "API_VERSION"];

impl Lowering<'_> {
    pub(super) fn lower_api(&mut self, parsed: &ParsedFile) -> Option<ir::Api> {
        let file = parsed.path.as_str();
        let spec = &parsed.spec;
        let Some(api) = &spec.api else {
            if let Some((id, _)) = spec.operations.first() {
                self.error(file, id, "operations need an `api` block in the same file");
            }
            return None;
        };
        if value_name(&api.name.value) != api.name.value {
            let message = format!(
                "the API name `{}` must be a snake_case Rust identifier, such as `{}`",
                api.name.value,
                value_name(&api.name.value)
            );
            self.error(file, &api.name, message);
        }
        if RESERVED_MODULES.contains(&api.name.value.as_str()) {
            self.error(
                file,
                &api.name,
                format!("the API name `{}` is taken by the generated crate itself", api.name.value),
            );
        }
        let host = api.base_url.value.split_once("://").map_or("", |(_, rest)| rest);
        if !(api.base_url.value.starts_with("https://") || api.base_url.value.starts_with("http://"))
            || host.is_empty()
            || host.starts_with('/')
            || api.base_url.value.contains(['?', '#', ' '])
        {
            self.error(file, &api.base_url, "`baseUrl` must be an absolute http(s) URL without query or fragment");
        }
        let mut docs = vec![format!("{} (api-version `{}`).", api.title.trim_end_matches('.'), api.version.value)];
        let description =
            self.docs(file, Some(&api.name.referenced), || "the api".to_owned(), api.description.as_ref());
        if !description.is_empty() {
            docs.push(String::new());
            docs.extend(description);
        }
        for (name, scheme) in &api.security {
            docs.push(String::new());
            let flow = scheme.flow.as_deref().map(|flow| format!(", {flow} flow")).unwrap_or_default();
            docs.push(format!("Security `{}`: {}{flow}.", name.value, scheme.kind.value));
            docs.extend(self.docs(
                file,
                Some(&name.referenced),
                || format!("security scheme {}", name.value),
                scheme.description.as_ref(),
            ));
            if let Some(url) = &scheme.authorization_url {
                docs.push(format!("Authorization URL: <{url}>."));
            }
            for (scope, description) in &scheme.scopes {
                docs.push(format!("Scope `{scope}`: {description}."));
            }
            if let Some(credential) = credential_for(scheme) {
                docs.push(format!("The client's credential: {credential}."));
            }
        }
        if CLIENT_METHODS.contains(&api.name.value.as_str()) {
            self.error(
                file,
                &api.name,
                format!("the API name `{}` would shadow the method `Client::{}`", api.name.value, api.name.value),
            );
        }
        let header_sets = self.lower_header_sets(file, &spec.response_headers);
        // Shared parameters are checked even where no operation uses them.
        for (name, parameter) in &spec.parameters {
            self.lower_param(file, &api.version.value, &mut Vec::new(), name, parameter);
        }
        let scopes = api.security.values().flat_map(|scheme| scheme.scopes.keys().cloned()).collect();
        let mut lowered = ir::Api {
            module: api.name.value.clone(),
            docs,
            version: api.version.value.clone(),
            base_url: api.base_url.value.clone(),
            client_method: value_name(&api.name.value),
            title: api.title.clone(),
            scopes,
            path_rules: Vec::new(),
            header_sets,
            operations: Vec::new(),
        };
        let mut item_names: HashSet<String> = lowered.header_sets.iter().map(|set| set.name.clone()).collect();
        item_names.extend(MODULE_ITEMS.iter().map(|item| (*item).to_owned()));
        // The own format's rule: an operation id is `Group_Action`, the group names the API
        // (`Gateways_Create` in `gateways`), the action the builder (`Create`). Imported input keeps
        // its own conventions.
        let group = type_name(&api.name.value);
        for (id, _) in spec.operations.iter().filter(|_| spec.imported_from.is_none()) {
            let prefix = id.value.rsplit_once('_').map(|(prefix, _)| prefix);
            if prefix.is_none_or(|prefix| type_name(prefix) != group) {
                let message = match prefix {
                    Some(prefix) => {
                        format!("the operation id `{}` names the group `{prefix}`, not this API's `{group}`", id.value)
                    }
                    None => format!("the operation id `{}` is not `{group}_<Action>`", id.value),
                };
                let action = id.value.rsplit('_').next().unwrap_or(&id.value);
                let help = format!("operation ids of this API are `{group}_<Action>`: `{group}_{action}`?");
                self.sink.error_with_help(file, Some(&id.referenced), message, help);
            }
        }
        let mut client_methods: HashSet<String> = HashSet::new();
        for (id, operation) in &spec.operations {
            let Some(mut operation) = self.lower_operation(file, spec, &mut lowered, id, operation) else { continue };
            let (outcome_enum, error_enum) = (operation.successes.len() > 1, operation.has_error_enum());
            let items = |name: &str| {
                let mut items = vec![name.to_owned()];
                if outcome_enum {
                    items.push(format!("{name}Response"));
                }
                if error_enum {
                    items.push(format!("{name}ErrorBody"));
                }
                items
            };
            let taken = |name: &str, item_names: &HashSet<String>| {
                items(name).iter().any(|item| item_names.contains(item))
                    || client_methods.contains(&value_name(name))
                    || CLIENT_METHODS.contains(&value_name(name).as_str())
            };
            if let Some(item) = items(&operation.name).into_iter().find(|item| item_names.contains(item)) {
                let message = format!(
                    "`{}` needs the name `{item}`, which another operation or header set of `{}` has",
                    id.value, lowered.module
                );
                // Imported: the whole operation id names it (`WebApps_Get` is `WebAppsGet`).
                let renamed = unique_name(&[type_name(&id.value)], |name| taken(name, &item_names));
                let explain = || format!("it is `{renamed}`");
                if self.collision(file, Some(&id.referenced), message, explain, None) {
                    operation.client_method = value_name(&renamed);
                    operation.name = renamed;
                }
            } else if client_methods.contains(&operation.client_method) {
                let message = format!(
                    "`{}` needs the client method `{}`, which another operation of `{}` has",
                    id.value, operation.client_method, lowered.module
                );
                let renamed = unique_name(&[type_name(&id.value)], |name| taken(name, &item_names));
                let explain = || format!("it is `{renamed}`");
                if self.collision(file, Some(&id.referenced), message, explain, None) {
                    operation.client_method = value_name(&renamed);
                    operation.name = renamed;
                }
            }
            item_names.extend(items(&operation.name));
            client_methods.insert(operation.client_method.clone());
            lowered.operations.push(operation);
        }
        // The module lists its operations and checks by name, not in the order the spec (or the
        // imported document's paths) happens to give them: reordering a spec changes nothing.
        lowered.operations.sort_by(|a, b| a.name.cmp(&b.name));
        lowered.path_rules.sort_by(|a, b| a.name.cmp(&b.name));
        Some(lowered)
    }

    fn lower_header_sets(
        &mut self,
        file: &str,
        sets: &IndexMap<Text, IndexMap<Text, spec::Header>>,
    ) -> Vec<ir::HeaderSet> {
        let mut lowered = Vec::new();
        for (name, headers) in sets {
            let mut fields: Vec<ir::ResponseHeader> = Vec::new();
            for (header, spec) in headers {
                let wire_name = header.value.to_ascii_lowercase();
                if !is_header_name(&wire_name) {
                    self.error(file, header, format!("`{}` is not a valid HTTP header name", header.value));
                    continue;
                }
                let ty = match (
                    spec.kind.as_ref().map(|kind| kind.value.as_str()),
                    spec.format.as_ref().map(|f| f.value.as_str()),
                ) {
                    (None | Some("string"), None) => Type::String,
                    (None | Some("string"), Some("date-time")) => Type::Timestamp,
                    (None | Some("string"), Some("date-time-rfc1123")) => Type::HttpDate,
                    (Some("integer"), Some("int32")) => Type::I32,
                    (Some("integer"), None | Some("int64")) => Type::I64,
                    _ => {
                        self.error(
                            file,
                            header,
                            "a response header is `type: string` (`format: date-time` or `date-time-rfc1123`) or `type: integer` (`format: int32` or `int64`)",
                        );
                        continue;
                    }
                };
                let field = value_name(&wire_name);
                if fields.iter().any(|known| known.field == field) {
                    self.error(file, header, format!("the header `{}` is listed twice", header.value));
                    continue;
                }
                let docs = self.docs(
                    file,
                    Some(&header.referenced),
                    || format!("header {}.{}", name.value, header.value),
                    spec.description.as_ref(),
                );
                fields.push(ir::ResponseHeader { field, wire_name, docs, ty });
            }
            let docs = vec![format!("The typed headers of a response (`{}` in the spec).", name.value)];
            lowered.push(ir::HeaderSet { name: type_name(&name.value), docs, headers: fields });
        }
        lowered
    }

    fn lower_operation(
        &mut self,
        file: &str,
        spec: &spec::SpecFile,
        api: &mut ir::Api,
        id: &Text,
        operation: &spec::Operation,
    ) -> Option<ir::Operation> {
        let action = id.value.rsplit('_').next().unwrap_or(&id.value);
        let name = type_name(action);
        let method = operation.method.value.to_ascii_uppercase();
        if !METHODS.contains(&method.as_str()) {
            self.error(
                file,
                &operation.method,
                format!("unknown method `{}`: expected one of {}", operation.method.value, METHODS.join(", ")),
            );
        }
        // A literal query after `?` (Azure's `x-ms-paths`, which lets one path carry several
        // operations: `/values?op=add`) is sent with every request of the operation.
        let (path_text, literal_query) = match operation.path.value.split_once('?') {
            Some((path, query)) => {
                let mut spanned = operation.path.clone();
                spanned.value = path.to_owned();
                let pairs = query
                    .split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        (name.to_owned(), value.to_owned())
                    })
                    .collect();
                (spanned, pairs)
            }
            None => (operation.path.clone(), Vec::new()),
        };
        let template = self.parse_template(file, &path_text)?;
        let mut params = Vec::new();
        // A parameter already reported may be the one a placeholder needs: the placeholder is
        // then not reported again. A `$ref` to nothing could be any of them; a parameter whose
        // rule is wrong is the one of its name.
        let mut unresolved_reference = false;
        let mut failed_names: Vec<&str> = Vec::new();
        for param in &operation.parameters {
            let resolved = match &param.reference {
                Some(reference) => match spec.parameters.iter().find(|(name, _)| name.value == reference.value) {
                    Some((_, shared)) => shared,
                    None => {
                        let message = format!("`{}` names no parameter of this file's `parameters`", reference.value);
                        self.unknown_name(
                            file,
                            reference,
                            message,
                            spec.parameters.keys().map(|name| name.value.as_str()),
                        );
                        unresolved_reference = true;
                        continue;
                    }
                },
                None => param,
            };
            match self.lower_param(file, &api.version, &mut api.path_rules, id, resolved) {
                Some(lowered) => params.push(lowered),
                None => failed_names.extend(resolved.name.as_ref().map(|name| name.value.as_str())),
            }
        }
        let mut path = Vec::new();
        let mut path_params = Vec::new();
        let mut suggested = Vec::new();
        for piece in template {
            match piece {
                Err(literal) => path.push(PathPiece::Literal(literal)),
                Ok(placeholder) => match params.iter().position(|param: &ir::Param| {
                    param.spec_name == placeholder && matches!(param.kind, ParamKind::Path { .. })
                }) {
                    Some(index) => {
                        path.push(PathPiece::Param(params[index].field.clone()));
                        if !path_params.contains(&index) {
                            path_params.push(index);
                        }
                    }
                    None if unresolved_reference || failed_names.contains(&placeholder.as_str()) => {}
                    None => {
                        suggested.extend(self.unknown_placeholder(file, spec, &operation.path, &placeholder, &params))
                    }
                },
            }
        }
        for (index, param) in params.iter().enumerate() {
            // A path parameter suggested for a placeholder is not reported as unused as well.
            let suggested = suggested.contains(&param.spec_name);
            if matches!(param.kind, ParamKind::Path { .. }) && !path_params.contains(&index) && !suggested {
                self.error(
                    file,
                    &operation.path,
                    format!("the path parameter `{}` is not used by the path template", param.spec_name),
                );
            }
        }
        // Path parameters come first, in template order, then the others in spec order.
        let mut ordered: Vec<ir::Param> = Vec::new();
        let mut rest = Vec::new();
        for (index, param) in params.into_iter().enumerate() {
            if path_params.contains(&index) { ordered.push(param) } else { rest.push(param) }
        }
        ordered.sort_by_key(|param| {
            path.iter().position(|piece| matches!(piece, PathPiece::Param(field) if *field == param.field))
        });
        ordered.extend(rest);
        let mut params = ordered;
        let mut names: HashSet<String> = RESERVED_FIELDS.iter().map(|name| (*name).to_owned()).collect();
        for (index, param) in params.iter_mut().enumerate() {
            let field = param.field.clone();
            let shadows = RESERVED_METHODS.contains(&unraw(&field));
            if !shadows && names.insert(field.clone()) {
                continue;
            }
            let message = if shadows {
                format!("the parameter `{}` would shadow the method `{field}`", param.spec_name)
            } else {
                format!("two parameters of `{}` would both be `{field}`", id.value)
            };
            // Imported: the later one is named with its location (`name_query`, `name_header`).
            let location = match param.kind {
                ParamKind::Path { .. } => "path",
                ParamKind::Query { .. } => "query",
                ParamKind::Header { .. } => "header",
            };
            let taken = |name: &str| names.contains(name) || RESERVED_METHODS.contains(&name);
            let renamed = unique_name(&[format!("{}_{location}", unraw(&field))], taken);
            let explain = || format!("the {location} parameter `{}` is `{renamed}`", param.spec_name);
            if self.collision(file, Some(&id.referenced), message, explain, None) {
                names.insert(renamed.clone());
                if location == "path" {
                    // Path parameters come first, in the order of their placeholders.
                    let mut placeholders = path.iter_mut().filter(|piece| matches!(piece, PathPiece::Param(_)));
                    if let Some(piece) = placeholders.nth(index) {
                        *piece = PathPiece::Param(renamed.clone());
                    }
                }
                param.field = renamed;
            }
        }

        let (body, value_body) = match &operation.request_body {
            Some(body) => match self.value_body(file, id, body)? {
                Some(value) => (None, Some(value)),
                None => (Some(self.lower_body(file, id, body, &params, &mut names)?), None),
            },
            None => (None, None),
        };

        let mut successes = Vec::new();
        let mut failures = Vec::new();
        let mut codes = HashSet::new();
        // An operation that answers only with redirects (an OAuth authorize endpoint) has them as
        // its outcomes: the client never follows a redirect, so the `Location` is the answer.
        let lists_success = operation.responses.keys().any(|status| status.value.starts_with('2'));
        let outcomes = if lists_success { 200..=299 } else { 300..=399 };
        for (status, response) in &operation.responses {
            if !codes.insert(status.value.trim_start_matches('0').to_owned()) {
                self.error(file, status, format!("the status `{}` is listed twice", status.value));
                continue;
            }
            let code = if status.value == "default" || is_failure_range(&status.value) {
                // `default` and a range of failures (`4XX`, OpenAPI 3) are documented failures.
                None
            } else {
                match status.value.parse::<u16>() {
                    Ok(code) if (100..=599).contains(&code) => Some(code),
                    _ => {
                        self.error(
                            file,
                            status,
                            format!("`{}` is not a status code (100 to 599) or `default`", status.value),
                        );
                        continue;
                    }
                }
            };
            let headers = match &response.headers {
                Some(set) if spec.response_headers.keys().any(|known| known.value == set.value) => {
                    Some(type_name(&set.value))
                }
                Some(set) => {
                    self.error(file, set, format!("`{}` names no set of this file's `responseHeaders`", set.value));
                    None
                }
                None => None,
            };
            let Some(code) = code.filter(|code| outcomes.contains(code)) else {
                // The typed error body a caller can read from the service error.
                let body = match &response.schema {
                    Some(schema) => Some(self.resolve_type(
                        file,
                        status,
                        schema,
                        &format!("{name}Error{}Body", type_name(&status.value)),
                        0,
                    )?),
                    None => None,
                };
                let text = self.docs(
                    file,
                    Some(&status.referenced),
                    || format!("response {} {}", id.value, status.value),
                    Some(&response.description),
                );
                let variant = match code {
                    Some(code) => format!("Status{code}"),
                    None if status.value == "default" => "Default".to_owned(),
                    None => format!("Status{}", status.value.to_ascii_uppercase()),
                };
                failures.push(ir::Failure { status: status.value.clone(), docs: text.join(" "), body, variant });
                continue;
            };
            let variant = status_variant(code);
            let body = self.success_body(file, status, response, &format!("{name}{variant}Body"))?;
            successes.push(ir::Success {
                status: code,
                variant,
                docs: self.docs(
                    file,
                    Some(&status.referenced),
                    || format!("response {} {}", id.value, status.value),
                    Some(&response.description),
                ),
                body,
                headers,
                example: operation
                    .examples
                    .values()
                    .find(|example| example.response.status == code)
                    .and_then(|example| example.response.body.as_ref())
                    .or(response.example.as_ref())
                    .map(|body| body.to_string()),
                // A concrete media type only: a range (`image/*`) names no type to answer with.
                media_type: response
                    .content_type
                    .as_ref()
                    .map(|media| media.value.clone())
                    .filter(|media| !media.contains('*')),
            });
        }
        if successes.is_empty() {
            self.error(file, id, format!("`{}` has no success (2xx) or redirect (3xx) response", id.value));
        }
        let pageable =
            operation.pageable.as_ref().and_then(|pageable| self.lower_pageable(file, id, pageable, &successes));
        let long_running = operation.long_running.as_ref().and_then(|long| self.lower_long_running(file, long));
        let mut docs =
            self.docs(file, Some(&id.referenced), || format!("operation {}", id.value), Some(&operation.description));
        docs.push(String::new());
        docs.push(format!("`{method} {}` (operation `{}`).", operation.path.value, id.value));
        let api_version = operation.api_version.as_ref().map(|version| version.value.clone());
        if let Some(version) = &api_version {
            docs.push(String::new());
            docs.push(format!("Sends api-version `{version}`, not the module's `API_VERSION`."));
        }
        Some(ir::Operation {
            id: id.value.clone(),
            name,
            docs,
            idempotent: operation.idempotent.unwrap_or(IDEMPOTENT_METHODS.contains(&method.as_str())),
            method,
            client_method: value_name(action),
            path_template: path_text.value.clone(),
            literal_query,
            path,
            params,
            body,
            value_body,
            successes,
            failures,
            pageable,
            long_running,
            api_version,
        })
    }

    /// The body of a success: JSON of its schema, or by its media type text or bytes. `None`
    /// inside for a response without a body; the outer `None` is an error already reported.
    fn success_body(
        &mut self,
        file: &str,
        status: &Text,
        response: &spec::Response,
        inline_name: &str,
    ) -> Option<Option<ir::ValueKind>> {
        let content_type = response.content_type.as_ref();
        let media = content_type.map_or("application/json", |media| media.value.as_str());
        if media_encoding(media) == Some(ir::Encoding::Json) {
            return match &response.schema {
                Some(schema) => {
                    Some(Some(ir::ValueKind::Json(self.resolve_type(file, status, schema, inline_name, 0)?)))
                }
                None => Some(None),
            };
        }
        if response.schema.is_some() {
            let at = content_type.unwrap_or(status);
            self.error(file, at, format!("a `{media}` response is read as text or bytes: it takes no `schema`"));
            return None;
        }
        // A form answer (an OAuth token endpoint's) is text too: its caller parses the pairs.
        let text = is_text_media(media) || media_encoding(media) == Some(ir::Encoding::Form);
        Some(Some(if text { ir::ValueKind::Text } else { ir::ValueKind::Bytes }))
    }

    /// Where the items and the next link are: properties of the first success's body model.
    /// A property that is not there leaves the operation unpaged, with a warning.
    fn lower_pageable(
        &mut self,
        file: &str,
        id: &Text,
        pageable: &spec::Pageable,
        successes: &[ir::Success],
    ) -> Option<ir::Pageable> {
        let model = successes.iter().find_map(|success| match success.json_body() {
            Some(Type::Named(name)) => self.struct_by_name(name).cloned(),
            _ => None,
        });
        let Some(model) = model else {
            let message = format!("`{}` is pageable but its success body is not an object: read as one page", id.value);
            self.sink.warning(file, Some(&id.referenced), message);
            return None;
        };
        let item_wire_name = pageable.item_name.as_ref().map_or("value", |name| name.value.as_str()).to_owned();
        let field_of = |wire: &str| model.fields.iter().find(|field| field.wire_name == wire);
        let Some(item) = field_of(&item_wire_name).filter(|field| matches!(field.ty, Type::Vec(_))) else {
            let message = format!(
                "`{}` is pageable but `{}` has no array property `{item_wire_name}`: read as one page",
                id.value, model.name
            );
            self.sink.warning(file, Some(&id.referenced), message);
            return None;
        };
        let item_field = item.name.clone();
        let next_link = match &pageable.next_link_name {
            None => None,
            Some(name) => match field_of(&name.value) {
                Some(field) if field.ty == Type::String => Some((name.value.clone(), field.name.clone())),
                _ => {
                    let message = format!(
                        "`{}` names the next link `{}`, which is not a string property of `{}`: read as one page",
                        id.value, name.value, model.name
                    );
                    self.sink.warning(file, Some(&name.referenced), message);
                    None
                }
            },
        };
        Some(ir::Pageable { item_wire_name, item_field, next_link })
    }

    fn lower_long_running(&mut self, file: &str, long: &spec::LongRunning) -> Option<ir::LongRunning> {
        let Some(via) = &long.final_state_via else { return Some(ir::LongRunning::Default) };
        Some(match via.value.as_str() {
            "azure-async-operation" => ir::LongRunning::AzureAsyncOperation,
            "location" => ir::LongRunning::Location,
            "original-uri" => ir::LongRunning::OriginalUri,
            "operation-location" => ir::LongRunning::OperationLocation,
            other => {
                self.error(
                    file,
                    via,
                    format!("unknown `finalStateVia: {other}`: expected azure-async-operation, location, original-uri or operation-location"),
                );
                return None;
            }
        })
    }

    /// The type of a parameter's value (`None`: a plain string) and its documented values.
    fn param_type(&mut self, file: &str, name: &Text, param: &spec::Parameter) -> (Option<Type>, Vec<String>) {
        let values: Vec<String> = param.values.iter().flatten().map(|value| value.value.value.clone()).collect();
        let kind = param.kind.as_ref().map(|kind| kind.value.as_str());
        let format = param.format.as_ref().map(|format| format.value.as_str());
        match kind {
            _ if values.is_empty() => {}
            None | Some("string") => {}
            // An integer or number parameter's documented values must be of its type.
            Some(numeric @ ("integer" | "number")) => {
                let fits = |value: &str| match numeric {
                    "integer" => value.parse::<i64>().is_ok(),
                    _ => value.parse::<f64>().is_ok_and(f64::is_finite),
                };
                if let Some(value) = param.values.iter().flatten().find(|value| !fits(&value.value.value)) {
                    self.error(file, &value.value, format!("`{}` is not an {numeric} value", value.value.value));
                }
            }
            Some(_) => self.error(file, name, "only a string, integer or number parameter can have `enum` values"),
        }
        let ty = match kind {
            Some("array") => {
                let item = param.items.as_deref().and_then(|items| {
                    let kind = items.kind.as_ref().map(|kind| kind.value.as_str());
                    let format = items.format.as_ref().map(|format| format.value.as_str());
                    if items.reference.is_some() || items.values.is_some() {
                        return Some(None);
                    }
                    scalar_param_type(kind, format)
                });
                match item {
                    Some(item) => Some(Type::Vec(Box::new(item.unwrap_or(Type::String)))),
                    None => {
                        let message = "an `array` parameter needs `items` of a string, integer, number or boolean type";
                        self.error(file, name, message);
                        None
                    }
                }
            }
            kind => match scalar_param_type(kind, format) {
                Some(ty) => ty,
                None => {
                    let message = format!(
                        "a parameter is `type: string`, `integer`, `number`, `boolean` or `array`, not `{}`{}",
                        kind.unwrap_or("string"),
                        format.map(|format| format!(" with `format: {format}`")).unwrap_or_default()
                    );
                    self.error(file, name, message);
                    None
                }
            },
        };
        (ty, values)
    }

    /// Splits a path template into literals (`Err`) and placeholders (`Ok`).
    /// A placeholder without a path parameter, underlined in the path, with the parameter it
    /// was probably meant to be (returned), or the shared parameter of that name the operation
    /// does not use.
    fn unknown_placeholder(
        &mut self,
        file: &str,
        spec: &spec::SpecFile,
        path: &Text,
        placeholder: &str,
        params: &[ir::Param],
    ) -> Option<String> {
        let braced = format!("{{{placeholder}}}");
        let offset = path.value.find(&braced).map_or(0, |at| path.value[..at].chars().count());
        let inside = (offset as u32, braced.chars().count() as u32);
        let message = format!("the placeholder `{braced}` has no path parameter");
        let path_names = params
            .iter()
            .filter(|param| matches!(param.kind, ParamKind::Path { .. }))
            .map(|param| param.spec_name.as_str());
        let shared = spec.parameters.iter().find(|(_, shared)| {
            shared.name.as_ref().is_some_and(|name| name.value == placeholder)
                && shared.location.as_ref().is_some_and(|location| location.value == "path")
        });
        let close = crate::diagnostics::closest(placeholder, path_names).map(str::to_owned);
        let help = match (&close, shared) {
            (Some(close), _) => Some(format!("did you mean `{{{close}}}`?")),
            (None, Some((key, _))) => Some(format!(
                "the shared parameter `{}` is this path parameter: add `- $ref: {}` to the operation's `parameters`",
                key.value, key.value
            )),
            (None, None) => None,
        };
        self.sink.error_inside(file, &path.referenced, inside, message, help);
        close
    }

    fn parse_template(&mut self, file: &str, path: &Text) -> Option<Vec<Result<String, String>>> {
        let mut pieces = Vec::new();
        let mut rest = path.value.as_str();
        if !rest.starts_with('/') {
            self.error(file, path, "a path template starts with `/`");
            return None;
        }
        while !rest.is_empty() {
            let literal_end = rest.find('{').unwrap_or(rest.len());
            let literal = &rest[..literal_end];
            if let Some(bad) =
                literal.chars().find(|&c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)))
            {
                self.error(file, path, format!("the path template has `{bad}` outside a placeholder"));
                return None;
            }
            if !literal.is_empty() {
                pieces.push(Err(literal.to_owned()));
            }
            rest = &rest[literal_end..];
            if rest.is_empty() {
                break;
            }
            let Some(close) = rest.find('}') else {
                self.error(file, path, "a `{` in the path template is not closed");
                return None;
            };
            let placeholder = &rest[1..close];
            if placeholder.is_empty() || placeholder.contains('{') {
                self.error(file, path, "a placeholder must be `{name}`");
                return None;
            }
            pieces.push(Ok(placeholder.to_owned()));
            rest = &rest[close + 1..];
        }
        Some(pieces)
    }

    fn lower_param(
        &mut self,
        file: &str,
        version: &str,
        rules: &mut Vec<ir::PathRule>,
        id: &Text,
        param: &spec::Parameter,
    ) -> Option<ir::Param> {
        let (Some(name), Some(location)) = (&param.name, &param.location) else {
            self.error(file, id, "a parameter needs `name` and `in` (or a `$ref`)");
            return None;
        };
        let mut docs =
            self.docs(file, Some(&name.referenced), || format!("parameter {}", name.value), param.description.as_ref());
        let field = value_name(&name.value);
        if let Some(pattern) = &param.pattern
            && let Err(error) = regex::Regex::new(&pattern.value)
        {
            let reason = error.to_string();
            let reason = reason.lines().last().unwrap_or_default().trim_start_matches("error: ");
            let help = "patterns use the syntax of Rust's `regex` crate (no look-around, no backreferences)";
            self.sink.error_with_help(
                file,
                Some(&pattern.referenced),
                format!("invalid regex pattern: {reason}"),
                help.to_owned(),
            );
        }
        if let (Some(min), Some(max)) = (param.min_length, param.max_length)
            && min > max
        {
            self.error(file, name, format!("`minLength` {min} is greater than `maxLength` {max}"));
        }
        let constrained = param.pattern.is_some() || param.min_length.is_some() || param.max_length.is_some();
        // Every path parameter has a rule (a segment is never empty nor a dot-segment); a query
        // or header value has one when the spec constrains it.
        let rule = |rules: &mut Vec<ir::PathRule>| {
            let rule = ir::PathRule {
                name: format!("{}_RULE", static_name(&name.value)),
                pattern: param.pattern.as_ref().map(|p| p.value.clone()),
                min_length: param.min_length,
                max_length: param.max_length,
            };
            add_rule(rules, rule)
        };
        let kind = match location.value.as_str() {
            "path" => {
                if !param.required {
                    self.error(file, name, format!("the path parameter `{}` must be `required: true`", name.value));
                }
                ParamKind::Path { rule: rule(rules), raw: param.skip_url_encoding }
            }
            "query" => ParamKind::Query {
                wire_name: name.value.clone(),
                required: param.required,
                api_version: param.api_version,
                // The `api-version` is the API's own constant: no rule to check it by.
                rule: (constrained && !param.api_version).then(|| rule(rules)),
            },
            "header" => {
                let wire_name = name.value.to_ascii_lowercase();
                if !is_header_name(&wire_name) {
                    self.error(file, name, format!("`{}` is not a valid HTTP header name", name.value));
                }
                let auto_uuid = match &param.auto {
                    Some(auto) if auto.value == "uuid" => true,
                    Some(auto) => {
                        self.error(file, auto, format!("unknown `auto: {}`: the only one is `uuid`", auto.value));
                        false
                    }
                    None => false,
                };
                ParamKind::Header {
                    wire_name,
                    required: param.required,
                    auto_uuid,
                    rule: constrained.then(|| rule(rules)),
                }
            }
            other => {
                self.error(
                    file,
                    location,
                    format!("unknown parameter location `{other}`: expected path, query or header"),
                );
                return None;
            }
        };
        if param.api_version && !matches!(kind, ParamKind::Query { .. }) {
            self.error(file, name, "only a query parameter can be `apiVersion: true`");
        }
        if param.api_version && version.is_empty() {
            self.error(file, name, "`apiVersion: true` needs the API's `version`");
        }
        let (value_type, values) = self.param_type(file, name, param);
        // The documented values, as the service's docs list them (the value stays open: a
        // service may add one).
        if !values.is_empty() {
            let listed: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(format!("Documented values: {}.", listed.join(", ")));
        }
        if param.api_version && value_type.is_some() {
            self.error(file, name, "an `apiVersion: true` parameter is a string");
        }
        if constrained && value_type.is_some() {
            let at = param.pattern.as_ref().unwrap_or(name);
            self.error(file, at, "`pattern`, `minLength` and `maxLength` apply to string parameters only");
        }
        Some(ir::Param {
            field,
            spec_name: name.value.clone(),
            docs,
            kind,
            value_type,
            values,
            client_level: param.client,
        })
    }

    /// A body that the builder takes whole (`Some`), or `None` for an object model that
    /// `lower_body` lowers: JSON or a form of an object definition. Text and bytes by media type.
    fn value_body(&mut self, file: &str, id: &Text, body: &spec::RequestBody) -> Option<Option<ir::ValueBody>> {
        let content_type = body.content_type.as_ref().map_or("application/json", |media| media.value.as_str());
        let encoding = match media_encoding(content_type) {
            Some(encoding) => encoding,
            None if content_type.trim().to_ascii_lowercase().starts_with("multipart/") => {
                let at = body.content_type.as_ref().unwrap_or(id);
                self.error(file, at, format!("unsupported: a `{content_type}` request body"));
                return None;
            }
            None => {
                let kind = if is_text_media(content_type) { ir::ValueKind::Text } else { ir::ValueKind::Bytes };
                return Some(Some(self.value_body_of(file, body, kind, content_type)));
            }
        };
        let is_object_model = body.schema.reference.as_ref().is_some_and(|reference| {
            self.definitions.get(&reference.value).is_some_and(|def| self.struct_by_name(&def.rust_name).is_some())
        });
        match encoding {
            _ if is_object_model => Some(None),
            ir::Encoding::Form | ir::Encoding::Multipart => {
                let message = format!("a `{content_type}` request body must be a `$ref` to an object definition");
                self.error(file, id, message);
                None
            }
            ir::Encoding::Json => {
                let name = format!("{}Body", type_name(id.value.rsplit('_').next().unwrap_or(&id.value)));
                let ty = self.resolve_type(file, id, &body.schema, &name, 0)?;
                Some(Some(self.value_body_of(file, body, ir::ValueKind::Json(ty), content_type)))
            }
        }
    }

    fn value_body_of(
        &mut self,
        file: &str,
        body: &spec::RequestBody,
        kind: ir::ValueKind,
        content_type: &str,
    ) -> ir::ValueBody {
        let docs = self.docs(file, None, || "a request body".to_owned(), body.description.as_ref());
        ir::ValueBody { kind, content_type: content_type.to_owned(), optional: body.optional, docs }
    }

    fn lower_body(
        &mut self,
        file: &str,
        id: &Text,
        body: &spec::RequestBody,
        params: &[ir::Param],
        names: &mut HashSet<String>,
    ) -> Option<ir::Body> {
        let Some(reference) = &body.schema.reference else {
            self.error(file, id, "a request body's schema must be a `$ref` to an object definition");
            return None;
        };
        let Some(model_name) = self.definitions.get(&reference.value).map(|def| def.rust_name.clone()) else {
            self.unknown_reference(file, reference);
            return None;
        };
        let Some(model) = self.struct_by_name(&model_name).cloned() else {
            self.error(file, reference, format!("the request body `{}` must be an object definition", reference.value));
            return None;
        };
        for (property, _) in &body.bind {
            if !model.fields.iter().any(|field| {
                field.wire_name == property.value && field.presence == Presence::Required && field.ty == Type::String
            }) {
                self.error(
                    file,
                    property,
                    format!(
                        "`bind` names `{}`, which is not a required string property of `{}`",
                        property.value, reference.value
                    ),
                );
            }
        }
        let mut required = Vec::new();
        for field in model.required_fields() {
            let bound = body.bind.iter().find(|(property, _)| property.value == field.wire_name);
            let source = match bound {
                Some((_, param)) => match params.iter().find(|known| known.spec_name == param.value) {
                    Some(known) if matches!(known.kind, ParamKind::Path { .. }) => Some(known.field.clone()),
                    _ => {
                        self.error(file, param, format!("`{}` names no path parameter of this operation", param.value));
                        None
                    }
                },
                None => {
                    if !names.insert(field.name.clone()) {
                        let message = format!(
                            "the body property `{}` has the name of a parameter: bind it or rename one",
                            field.wire_name
                        );
                        // Imported: its argument of `new` is `body_<name>`.
                        let renamed =
                            unique_name(&[format!("body_{}", unraw(&field.name))], |name| names.contains(name));
                        let explain = || format!("its argument is `{renamed}`");
                        if self.collision(file, Some(&id.referenced), message, explain, None) {
                            names.insert(renamed.clone());
                            let mut argument = field.clone();
                            argument.name = renamed;
                            required.push((argument, None));
                            continue;
                        }
                    }
                    None
                }
            };
            required.push((field.clone(), source));
        }
        let mut setters = Vec::new();
        self.body_setters(&model, &mut Vec::new(), &mut setters, 0);
        for setter in &mut setters {
            // A body property named as a parameter (the body's own `subscriptionId`), or
            // `body` (the whole body's setter), keeps its setter under `body_<name>`.
            let prefixed = format!("body_{}", unraw(&setter.name));
            let taken = setter.name == "body" || params.iter().any(|param| param.field == setter.name);
            if taken && !names.contains(&prefixed) {
                setter.name = prefixed;
            }
        }
        // Shallow properties first: in imported input, a nested property whose setter name is
        // taken is named by its whole path (`properties_name`), then `body_<path>`, then numbered.
        // (The setters keep their order in the builder.)
        let mut by_depth: Vec<usize> = (0..setters.len()).collect();
        by_depth.sort_by_key(|&index| setters[index].path.len());
        for index in by_depth {
            let setter = &mut setters[index];
            let taken = |name: &str| names.contains(name) || RESERVED_METHODS.contains(&unraw(name));
            if !taken(&setter.name) {
                names.insert(setter.name.clone());
                continue;
            }
            let message =
                format!("the body setter `{}` has the name of a parameter or method of `{}`", setter.name, id.value);
            let joined = setter.path.iter().map(|field| unraw(field)).collect::<Vec<_>>().join("_");
            let renamed = unique_name(&[joined.clone(), format!("body_{joined}")], taken);
            let explain = || format!("the setter of body property `{}` is `{renamed}`", setter.path.join("."));
            if self.collision(file, Some(&id.referenced), message, explain, None) {
                names.insert(renamed.clone());
                setter.name = renamed;
            }
        }
        // A body with required properties is made by `new` from its arguments, so it is always sent.
        let optional = body.optional && required.is_empty();
        let content_type = body.content_type.as_ref().map_or("application/json", |media| media.value.as_str());
        let encoding = media_encoding(content_type).unwrap_or(ir::Encoding::Json);
        Some(ir::Body { model: model_name, encoding, required, setters, optional })
    }

    /// Setters for the optional properties of `model`, descending into an optional object that
    /// has `Default` where the spec flattens it (`clientFlatten`, Azure's `x-ms-client-flatten`:
    /// `properties` of a resource), as Azure's SDKs do; any other object is set whole. A
    /// read-only property gets none: the service sets it and ignores it in a request (it stays a
    /// field of the model, for `body(..)`).
    fn body_setters(
        &self,
        model: &ir::Struct,
        path: &mut Vec<String>,
        setters: &mut Vec<ir::BodySetter>,
        depth: usize,
    ) {
        for field in model.fields.iter().filter(|field| !field.presence.is_required() && !field.read_only) {
            path.push(field.name.clone());
            let nested = match &field.ty {
                Type::Named(name) if field.client_flatten && field.presence == Presence::Optional && depth < 8 => {
                    self.struct_by_name(name).filter(|nested| nested.required_fields().next().is_none())
                }
                _ => None,
            };
            match nested {
                Some(nested) => self.body_setters(nested, path, setters, depth + 1),
                None => setters.push(ir::BodySetter {
                    name: field.name.clone(),
                    docs: field.docs.clone(),
                    path: path.clone(),
                    ty: field.ty.clone(),
                    presence: field.presence,
                }),
            }
            path.pop();
        }
    }
}

/// Reuses the rule of the same parameter (shared parameters appear in many operations), or adds
/// this one under a free name.
fn add_rule(rules: &mut Vec<ir::PathRule>, mut rule: ir::PathRule) -> String {
    if let Some(same) = rules.iter().find(|known| **known == rule) {
        return same.name.clone();
    }
    let base = rule.name.clone();
    let mut suffix = 2;
    while rules.iter().any(|known| known.name == rule.name) {
        rule.name = format!("{base}_{suffix}");
        suffix += 1;
    }
    let name = rule.name.clone();
    rules.push(rule);
    name
}

/// How a media type of a request body is written with a model, if it is: JSON (`+json` types
/// too), a form or a multipart form. Other types are sent as text or bytes.
fn media_encoding(content_type: &str) -> Option<ir::Encoding> {
    if is_json_media(content_type) {
        Some(ir::Encoding::Json)
    } else if media_essence(content_type) == "application/x-www-form-urlencoded" {
        Some(ir::Encoding::Form)
    } else if media_essence(content_type) == "multipart/form-data" {
        Some(ir::Encoding::Multipart)
    } else {
        None
    }
}

/// A media type whose content is text (`text/plain`, `application/xml`): sent and read as a `String`.
pub fn is_text_media(content_type: &str) -> bool {
    let media = media_essence(content_type);
    (media.starts_with("text/") && !is_json_media(&media)) || media == "application/xml" || media.ends_with("+xml")
}

/// A JSON media type: `application/json`, `text/json` or a `+json` type (`application/merge-patch+json`).
pub fn is_json_media(content_type: &str) -> bool {
    let media = media_essence(content_type);
    media.ends_with("/json") || media.ends_with("+json")
}

/// A media type without its parameters, in lower case (`text/plain; charset=utf-8` is `text/plain`).
pub fn media_essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// A range of statuses that are not successes: `1XX`, `3XX`, `4XX` or `5XX`.
fn is_failure_range(status: &str) -> bool {
    matches!(status.as_bytes(), [b'1' | b'3' | b'4' | b'5', b'X' | b'x', b'X' | b'x'])
}

/// The variant name of a success status: its reason phrase (`202` is `Accepted`).
fn status_variant(code: u16) -> String {
    let reason = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

/// The type of a scalar parameter value: `Some(None)` for a plain string, `None` if unknown.
fn scalar_param_type(kind: Option<&str>, format: Option<&str>) -> Option<Option<Type>> {
    Some(match (kind, format) {
        (None | Some("string"), None) => None,
        (None | Some("string"), Some("date-time")) => Some(Type::Timestamp),
        (None | Some("string"), Some("date-time-rfc1123")) => Some(Type::HttpDate),
        (None | Some("string"), Some("duration")) => Some(Type::Duration),
        (None | Some("string"), Some("password")) => Some(Type::Secret),
        (None | Some("string"), Some(format)) if super::models::TEXT_FORMATS.contains(&format) => None,
        (Some("integer"), Some("int32")) => Some(Type::I32),
        (Some("integer"), None | Some("int64")) => Some(Type::I64),
        (Some("number"), Some("float")) => Some(Type::F32),
        (Some("number"), None | Some("double")) => Some(Type::F64),
        (Some("boolean"), None) => Some(Type::Bool),
        _ => return None,
    })
}

/// An HTTP token (RFC 9110), lower case.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "!#$%&'*+-.^_`|~".contains(c))
}

/// Which runtime credential sends what a security scheme asks, as its docs say it.
fn credential_for(scheme: &crate::spec::SecurityScheme) -> Option<String> {
    let runtime = "crate::runtime";
    Some(match scheme.kind.value.as_str() {
        "oauth2" => format!(
            "a [`{runtime}::Credential`] that gives a bearer token for the scopes (an \
             `AzureCredential` with the `azure-identity` feature, or a [`{runtime}::StaticToken`])"
        ),
        "basic" | "http basic" => format!("[`{runtime}::BasicAuth::new(user, password)`]({runtime}::BasicAuth::new)"),
        "http bearer" => format!("[`{runtime}::StaticToken::new(token)`]({runtime}::StaticToken::new)"),
        "apiKey" => {
            let place = match scheme.location.as_deref() {
                Some("query") => "query",
                Some("cookie") => "cookie",
                _ => "header",
            };
            let name = scheme.name.as_deref().unwrap_or("NAME");
            format!("[`{runtime}::ApiKey::{place}({name:?}, key)`]({runtime}::ApiKey::{place})")
        }
        _ => return None,
    })
}
