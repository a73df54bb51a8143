//! The spec as OpenAPI 3.1: one JSON document per API, for the rest of the ecosystem (reference
//! pages, mock servers, clients in other languages). What OpenAPI cannot say goes into `x-`
//! extensions (documented in `spec/README.md`), so nothing is lost on the way out.

use crate::SourceFile;
use crate::diagnostics::Diagnostics;
use crate::lower;
use crate::spec::{AdditionalProperties, Description, EnumValue, Parameter, Schema, SpecFile, Text};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// The OpenAPI version the documents declare.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// One exported document: `path` is `<spec file stem>.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    pub path: String,
    pub contents: String,
}

/// Exports every API of the spec (checked first: a spec that does not generate does not export)
/// with its descriptions in `locale` (English where a description has no text in it). The same
/// sources always give the same bytes.
pub fn export_openapi(sources: &[SourceFile], locale: &str) -> Result<Vec<ExportedFile>, Diagnostics> {
    crate::generate_in_locale(sources, locale)?;
    let mut sorted: Vec<&SourceFile> = sources.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let files: Vec<(&SourceFile, SpecFile)> = sorted
        .into_iter()
        .map(|source| crate::parse::parse(source).map(|spec| (source, spec)))
        .collect::<Result<_, _>>()
        .map_err(|diagnostic| Diagnostics(vec![diagnostic]))?;
    // Definitions share one namespace across files; every document carries all of them.
    let definitions: IndexMap<&str, &Schema> = files
        .iter()
        .flat_map(|(_, spec)| spec.definitions.iter().map(|(name, schema)| (name.value.as_str(), schema)))
        .collect();
    let exporter = Exporter { locale, definitions: &definitions };
    let schemas = exporter.schemas();
    let mut exported = Vec::new();
    for (source, spec) in &files {
        if spec.api.is_none() {
            continue;
        }
        let stem = source.path.rsplit('/').next().unwrap_or(&source.path);
        let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
        let document = exporter.document(&source.path, spec, &schemas);
        let contents = serde_json::to_string_pretty(&document).unwrap_or_default() + "\n";
        exported.push(ExportedFile { path: format!("{stem}.json"), contents });
    }
    Ok(exported)
}

struct Exporter<'a> {
    locale: &'a str,
    definitions: &'a IndexMap<&'a str, &'a Schema>,
}

impl Exporter<'_> {
    fn text(&self, description: Option<&Description>) -> Option<String> {
        let description = description?;
        description.in_locale(self.locale).or_else(|| description.english()).map(str::to_owned)
    }

    /// Sets `exported`'s `description`, if there is one.
    fn describe(&self, exported: &mut Value, description: Option<&Description>) {
        if let Some(text) = self.text(description) {
            exported["description"] = json!(text);
        }
    }

    fn document(&self, path: &str, spec: &SpecFile, schemas: &Map<String, Value>) -> Value {
        let api = spec.api.as_ref().expect("only files with an API are exported");
        let mut info = json!({
            "title": api.title,
            "version": api.version.value,
            "x-generated": format!("by `cargo xtask regenerate` from {path}; do not edit"),
        });
        self.describe(&mut info, api.description.as_ref());
        let mut security_schemes = Map::new();
        let mut security = Vec::new();
        for (name, scheme) in &api.security {
            let mut flow = json!({ "scopes": scheme.scopes });
            if let Some(url) = &scheme.authorization_url {
                flow["authorizationUrl"] = json!(url);
            }
            let flow_name = scheme.flow.clone().unwrap_or_else(|| "implicit".to_owned());
            let mut exported = json!({ "type": scheme.kind.value, "flows": { flow_name: flow } });
            self.describe(&mut exported, scheme.description.as_ref());
            security_schemes.insert(name.value.clone(), exported);
            security.push(json!({ name.value.clone(): scheme.scopes.keys().collect::<Vec<_>>() }));
        }
        let mut paths = Map::new();
        for (id, operation) in &spec.operations {
            let method = operation.method.value.to_ascii_lowercase();
            let exported = self.operation(spec, &id.value, operation, &api.version.value);
            let item = paths.entry(operation.path.value.clone()).or_insert_with(|| json!({}));
            item[method] = exported;
        }
        // The component schemas this API's operations reach, in the spec's order.
        let mut reached: Vec<String> = Vec::new();
        let mut pending = Vec::new();
        collect_references(&Value::Object(paths.clone()), &mut pending);
        while let Some(name) = pending.pop() {
            if !reached.contains(&name)
                && let Some(schema) = schemas.get(&name)
            {
                collect_references(schema, &mut pending);
                reached.push(name);
            }
        }
        let schemas: Map<String, Value> =
            schemas.iter().filter(|(name, _)| reached.contains(name)).map(|(n, s)| (n.clone(), s.clone())).collect();
        json!({
            "openapi": OPENAPI_VERSION,
            "info": info,
            "servers": [{ "url": api.base_url.value }],
            "security": security,
            "paths": paths,
            "components": { "schemas": schemas, "securitySchemes": security_schemes },
            "x-api-name": api.name.value,
        })
    }

    fn operation(&self, spec: &SpecFile, id: &str, operation: &crate::spec::Operation, version: &str) -> Value {
        // The tag is the API's group (`Gateways`), as the operation id's prefix says.
        let group = id.rsplit_once('_').map_or(id, |(group, _)| group);
        let mut exported = json!({ "operationId": id, "tags": [group] });
        self.describe(&mut exported, Some(&operation.description));
        let parameters: Vec<Value> = operation
            .parameters
            .iter()
            .filter_map(|parameter| match &parameter.reference {
                Some(reference) => {
                    spec.parameters.iter().find(|(name, _)| name.value == reference.value).map(|(_, shared)| shared)
                }
                None => Some(parameter),
            })
            .map(|parameter| self.parameter(parameter, version))
            .collect();
        if !parameters.is_empty() {
            exported["parameters"] = json!(parameters);
        }
        if let Some(body) = &operation.request_body {
            let (media, schema) = self.media_schema(body.content_type.as_ref(), Some(&body.schema));
            let mut content = json!({ "schema": schema });
            let examples = self.examples(operation, |example| example.request.body.as_ref());
            if !examples.is_empty() {
                content["examples"] = Value::Object(examples);
            }
            let mut request_body = json!({ "required": !body.optional, "content": { media: content } });
            self.describe(&mut request_body, body.description.as_ref());
            if !body.bind.is_empty() {
                let bind: Map<String, Value> = body
                    .bind
                    .iter()
                    .map(|(property, parameter)| (property.value.clone(), json!(parameter.value)))
                    .collect();
                request_body["x-bind"] = Value::Object(bind);
            }
            exported["requestBody"] = request_body;
        }
        let mut responses = Map::new();
        for (status, response) in &operation.responses {
            let mut exported_response =
                json!({ "description": self.text(Some(&response.description)).unwrap_or_default() });
            if response.schema.is_some() || response.content_type.is_some() {
                let (media, schema) = self.media_schema(response.content_type.as_ref(), response.schema.as_ref());
                let mut content = json!({ "schema": schema });
                let examples = self.examples(operation, |example| {
                    (example.response.status.to_string() == status.value).then_some(example.response.body.as_ref())?
                });
                if !examples.is_empty() {
                    content["examples"] = Value::Object(examples);
                }
                exported_response["content"] = json!({ media: content });
            }
            if let Some(set) = &response.headers
                && let Some((_, headers)) = spec.response_headers.iter().find(|(name, _)| name.value == set.value)
            {
                let headers: Map<String, Value> = headers
                    .iter()
                    .map(|(name, header)| {
                        let mut schema =
                            json!({ "type": header.kind.as_ref().map_or("string", |kind| kind.value.as_str()) });
                        if let Some(format) = &header.format {
                            schema["format"] = json!(format.value);
                        }
                        let mut exported = json!({ "schema": schema });
                        self.describe(&mut exported, header.description.as_ref());
                        (name.value.clone(), exported)
                    })
                    .collect();
                exported_response["headers"] = Value::Object(headers);
                exported_response["x-header-set"] = json!(set.value);
            }
            responses.insert(status.value.clone(), exported_response);
        }
        exported["responses"] = Value::Object(responses);
        if let Some(idempotent) = operation.idempotent {
            exported["x-idempotent"] = json!(idempotent);
        }
        if let Some(pageable) = &operation.pageable {
            exported["x-ms-pageable"] = json!({
                "nextLinkName": pageable.next_link_name.as_ref().map(|name| name.value.clone()),
                "itemName": pageable.item_name.as_ref().map_or("value", |name| name.value.as_str()),
            });
        }
        if let Some(long_running) = &operation.long_running {
            exported["x-ms-long-running-operation"] = json!(true);
            if let Some(via) = &long_running.final_state_via {
                exported["x-ms-long-running-operation-options"] = json!({ "final-state-via": via.value });
            }
        }
        exported
    }

    /// The examples of `operation` that have a body where `pick` looks, by name.
    fn examples(
        &self,
        operation: &crate::spec::Operation,
        pick: impl Fn(&crate::spec::Example) -> Option<&Value>,
    ) -> Map<String, Value> {
        operation
            .examples
            .iter()
            .filter_map(|(name, example)| {
                let body = pick(example)?;
                let mut exported = json!({ "value": body });
                if let Some(description) = &example.description {
                    exported["summary"] = json!(description);
                }
                Some((name.value.clone(), exported))
            })
            .collect()
    }

    fn parameter(&self, parameter: &Parameter, version: &str) -> Value {
        let name = parameter.name.as_ref().map_or("", |name| name.value.as_str());
        let location = parameter.location.as_ref().map_or("query", |location| location.value.as_str());
        let mut schema = json!({ "type": parameter.kind.as_ref().map_or("string", |kind| kind.value.as_str()) });
        if let Some(format) = &parameter.format {
            schema["format"] = json!(format.value);
        }
        if let Some(items) = &parameter.items {
            schema["items"] = self.schema(items);
        }
        if let Some(values) = &parameter.values {
            // An integer or number parameter's values are numbers (lowering checked each).
            let numeric = matches!(schema["type"].as_str(), Some("integer" | "number"));
            let wire = |value: &crate::spec::EnumValue| {
                let text = &value.value.value;
                match numeric {
                    true => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
                    false => json!(text),
                }
            };
            schema["enum"] = Value::Array(values.iter().map(wire).collect());
        }
        if let Some(pattern) = &parameter.pattern {
            schema["pattern"] = json!(pattern.value);
        }
        if let Some(min) = parameter.min_length {
            schema["minLength"] = json!(min);
        }
        if let Some(max) = parameter.max_length {
            schema["maxLength"] = json!(max);
        }
        if parameter.api_version {
            schema["const"] = json!(version);
        }
        if parameter.auto.as_ref().is_some_and(|auto| auto.value == "uuid") {
            schema["format"] = json!("uuid");
        }
        let mut exported = json!({
            "name": name,
            "in": location,
            "required": parameter.required || location == "path",
            "schema": schema,
        });
        self.describe(&mut exported, parameter.description.as_ref());
        if parameter.api_version {
            exported["x-api-version"] = json!(true);
        }
        if let Some(auto) = &parameter.auto {
            exported["x-auto"] = json!(auto.value);
        }
        if parameter.client {
            exported["x-ms-parameter-location"] = json!("client");
        }
        if parameter.skip_url_encoding {
            exported["x-ms-skip-url-encoding"] = json!(true);
        }
        exported
    }

    /// Every definition as a component schema. A base with a `discriminator` is the union of
    /// its variants (`oneOf` with a `discriminator` mapping); its own properties go to
    /// `<Base>Common`, which each variant extends with `allOf`.
    fn schemas(&self) -> Map<String, Value> {
        let mut schemas = Map::new();
        for (&name, &schema) in self.definitions {
            if let Some(discriminator) = &schema.discriminator {
                let common = self.common_name(name);
                let variants: Vec<(&str, &str)> = self
                    .definitions
                    .iter()
                    .filter(|(_, variant)| variant.extends.as_ref().is_some_and(|base| base.value == name))
                    .map(|(&variant, schema)| {
                        let value = schema.discriminator_value.as_ref().map_or(variant, |value| value.value.as_str());
                        (variant, value)
                    })
                    .collect();
                let mapping: Map<String, Value> =
                    variants.iter().map(|(variant, value)| ((*value).to_owned(), json!(reference(variant)))).collect();
                let mut union = json!({
                    "oneOf": variants.iter().map(|(variant, _)| json!({ "$ref": reference(variant) })).collect::<Vec<_>>(),
                    "discriminator": { "propertyName": discriminator.value, "mapping": mapping },
                });
                self.describe(&mut union, schema.description.as_ref());
                schemas.insert(name.to_owned(), union);
                schemas.insert(common, self.object(schema));
            } else {
                schemas.insert(name.to_owned(), self.object(schema));
            }
        }
        schemas
    }

    /// The name of a union's shared properties: `<Base>Common`, or with a number if that is taken.
    fn common_name(&self, base: &str) -> String {
        let mut name = format!("{base}Common");
        let mut number = 2;
        while self.definitions.contains_key(name.as_str()) {
            name = format!("{base}Common{number}");
            number += 1;
        }
        name
    }

    /// A definition: its own schema, under `allOf` after its base's shared properties when it
    /// extends one.
    fn object(&self, schema: &Schema) -> Value {
        let own = self.schema(schema);
        let Some(base) = &schema.extends else { return own };
        let mut exported = json!({ "allOf": [{ "$ref": reference(&self.common_name(&base.value)) }, own] });
        if let Some(value) = &schema.discriminator_value {
            exported["x-ms-discriminator-value"] = json!(value.value);
        }
        exported
    }

    /// A body's media type and schema: JSON or a form by its schema; text (`text/*`, XML) a
    /// string, any other type `format: binary`.
    fn media_schema(&self, content_type: Option<&Text>, schema: Option<&Schema>) -> (String, Value) {
        let media = content_type.map_or("application/json", |media| media.value.as_str());
        let modelled =
            lower::is_json_media(media) || lower::media_essence(media) == "application/x-www-form-urlencoded";
        let exported = match schema {
            Some(schema) if modelled => self.schema(schema),
            _ if lower::is_text_media(media) => json!({ "type": "string" }),
            _ => json!({ "type": "string", "format": "binary" }),
        };
        (media.to_owned(), exported)
    }

    fn schema(&self, schema: &Schema) -> Value {
        let mut exported = match &schema.reference {
            Some(name) => json!({ "$ref": reference(&name.value) }),
            None => self.inline(schema),
        };
        self.describe(&mut exported, schema.description.as_ref());
        if schema.read_only {
            exported["readOnly"] = json!(true);
        }
        if schema.client_flatten {
            exported["x-ms-client-flatten"] = json!(true);
        }
        if let Some(name) = &schema.client_name {
            exported["x-ms-client-name"] = json!(name.value);
        }
        if schema.nullable {
            exported = match exported["type"].take() {
                Value::String(kind) => {
                    exported["type"] = json!([kind, "null"]);
                    exported
                }
                _ => json!({ "anyOf": [exported, { "type": "null" }] }),
            };
        }
        exported
    }

    fn inline(&self, schema: &Schema) -> Value {
        let mut exported = Map::new();
        if let Some(kind) = &schema.kind {
            exported.insert("type".into(), json!(kind.value));
        }
        if let Some(format) = &schema.format {
            exported.insert("format".into(), json!(format.value));
        }
        if schema.secret {
            exported.insert("format".into(), json!("password"));
            exported.insert("x-ms-secret".into(), json!(true));
        }
        if let Some(values) = &schema.values {
            // An integer enum's values are numbers (lowering checked that each is an `i64`).
            let integers = schema.kind.as_ref().is_some_and(|kind| kind.value == "integer");
            let wire = |value: &EnumValue| match value.value.value.trim().parse::<i64>() {
                Ok(integer) if integers => json!(integer),
                _ => json!(value.value.value),
            };
            exported.insert("enum".into(), Value::Array(values.iter().map(wire).collect()));
            let described: Vec<Value> = values
                .iter()
                .map(|value| {
                    let mut exported = json!({ "value": wire(value) });
                    if let Some(name) = &value.name {
                        exported["name"] = json!(name.value);
                    }
                    self.describe(&mut exported, value.description.as_ref());
                    exported
                })
                .collect();
            // Both kinds are open: a value not listed is read, not refused.
            exported.insert("x-ms-enum".into(), json!({ "modelAsString": true, "values": described }));
        }
        if !schema.properties.is_empty() {
            let properties: Map<String, Value> =
                schema.properties.iter().map(|(name, property)| (name.value.clone(), self.schema(property))).collect();
            exported.insert("properties".into(), Value::Object(properties));
            let required: Vec<&str> = schema
                .properties
                .iter()
                .filter(|(_, property)| property.required)
                .map(|(name, _)| name.value.as_str())
                .collect();
            if !required.is_empty() {
                exported.insert("required".into(), json!(required));
            }
        }
        if let Some(items) = &schema.items {
            exported.insert("items".into(), self.schema(items));
        }
        match &schema.additional_properties {
            Some(AdditionalProperties::Keep(keep)) => {
                exported.insert("additionalProperties".into(), json!(keep));
            }
            Some(AdditionalProperties::Values(values)) => {
                exported.insert("additionalProperties".into(), self.schema(values));
            }
            None => {}
        }
        Value::Object(exported)
    }
}

fn reference(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// The component schema names `value` refers to (`$ref`s), anywhere inside it.
fn collect_references(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(name) = target.strip_prefix("#/components/schemas/")
            {
                names.push(name.to_owned());
            }
            map.values().for_each(|value| collect_references(value, names));
        }
        Value::Array(values) => values.iter().for_each(|value| collect_references(value, names)),
        _ => {}
    }
}
