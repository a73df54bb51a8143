//! Schema conversion both formats share: `$ref`s, scalar types and formats, arrays, objects and maps, and `allOf` inheritance of named schemas.

use super::reader::{FormatReader, SchemaId, Target};
use super::tree::{At, Key, Node};
use super::{description, text, with_note};
use crate::spec::{AdditionalProperties, Description, EnumValue, Schema};

/// How deep schemas may nest (through `$ref`s written in place, too) before they are read as JSON.
pub(super) const MAX_DEPTH: usize = 48;

/// The most copies of schemas written in place of `$ref`s one run makes (the Data Factory
/// Swagger makes 7, progenitor's nexus 480).
const MAX_IN_PLACE_COPIES: usize = 100_000;

/// Any JSON value (`type: object` with nothing else).
pub(super) fn json(at: At) -> Schema {
    Schema { kind: Some(text("object", at)), ..Schema::default() }
}

/// A schema that says nothing about the values of an object's extra properties: `true`, `{}`,
/// `{"type": "object"}` (with no properties), give or take a description.
pub(super) fn is_any_json(node: &Node) -> bool {
    node.as_bool() == Some(true)
        || (node.is_object()
            && node.members().iter().all(|(key, value)| match key.name.as_str() {
                "type" => value.as_str() == Some("object"),
                "description" | "title" => true,
                _ => false,
            }))
}

/// The wire type a vendor extension declares over a schema's `type`: `x-twilio.overrideType`
/// (Twilio's documents write `type: number` for prices the service sends as strings, and
/// their own generators read this). Only JSON Schema's scalar type names count.
pub(super) fn declared_wire_type(node: &Node) -> Option<&str> {
    let declared = node.get("x-twilio")?.str_of("overrideType")?;
    matches!(declared, "string" | "integer" | "number" | "boolean").then_some(declared)
}

/// A schema's description (else title) on its spec schema: over what a `$ref` brings, and
/// where the conversion gave none.
pub(super) fn describe(node: &Node, schema: &mut Schema) {
    if (node.get("$ref").is_some() || schema.description.is_none())
        && let Some(text) = description(node)
    {
        schema.description = Some(text);
    }
}

/// An integer enum: an open enum of its values. `x-ms-enum`'s value names name the variants when
/// every value has one and no two make the same variant; otherwise every variant is named by
/// its value (`V512`), so that no name of the document can make two variants collide.
/// An enum with a value that is not an `i64` stays a number, its values in the description.
fn integer_values(node: &Node, schema: &mut Schema) {
    let Some(mut integers) = integer_enum(node) else {
        return document_values(node, schema);
    };
    let mut seen = std::collections::HashSet::new();
    integers.retain(|(integer, _)| seen.insert(*integer));
    if integers.is_empty() {
        return;
    }
    let described: Vec<Option<&Node>> = integers
        .iter()
        .map(|(integer, _)| {
            let entries = node.get("x-ms-enum").and_then(|extension| extension.get("values"));
            entries
                .into_iter()
                .flat_map(Node::items)
                .find(|entry| entry.get("value").and_then(Node::as_i64) == Some(*integer))
        })
        .collect();
    let names: Option<Vec<&Node>> = described.iter().map(|entry| entry.and_then(|entry| entry.get("name"))).collect();
    let names = names.filter(|names| {
        let mut variants = std::collections::HashSet::new();
        names.iter().all(|name| name.as_str().is_some_and(|name| variants.insert(crate::lower::variant_name(name))))
    });
    let spec_values = integers
        .iter()
        .zip(&described)
        .enumerate()
        .map(|(index, ((integer, at), entry))| EnumValue {
            value: text(integer.to_string(), *at),
            name: names.as_ref().and_then(|names| Some(text(names[index].as_str()?, names[index].at))),
            description: entry
                .and_then(|entry| entry.str_of("description"))
                .map(|text| Description::Text(text.to_owned())),
        })
        .collect();
    schema.values = Some(spec_values);
}

/// The values of an integer enum (`type: integer`, every value an `i64`) with their places.
fn integer_enum(node: &Node) -> Option<Vec<(i64, At)>> {
    let values = node.get("enum")?.items();
    if node.str_of("type") != Some("integer") || values.is_empty() {
        return None;
    }
    values.iter().map(|value| Some((value.as_i64()?, value.at))).collect()
}

/// Whether a named schema is an integer enum, which is a model of its own as a string enum is.
pub(super) fn is_integer_enum(node: &Node) -> bool {
    integer_enum(node).is_some()
}

/// Number enums stay numbers; their values are named in the description.
fn document_values(node: &Node, schema: &mut Schema) {
    let Some(values) = node.get("enum") else { return };
    let listed: Vec<String> = values.items().iter().map(|value| value.to_json().to_string()).collect();
    schema.description = Some(with_note(description(node), &format!("Values: {}.", listed.join(", "))));
}

/// A named schema of properties only and a map of any JSON values: a struct that keeps every
/// property.
pub(super) fn keep_any_json_map(schema: &mut Schema) {
    if schema.properties.is_empty() && matches!(schema.additional_properties, Some(AdditionalProperties::Values(_))) {
        schema.additional_properties = Some(AdditionalProperties::Keep(true));
    }
}

/// The conversion steps both readers take the same way, over what each says of its format.
pub(super) trait SchemaRules<'a>: FormatReader<'a> {
    /// JSON, with a warning, for a schema nested too deep or one that is not an object (`true`
    /// is JSON without a word); `None` for one to convert.
    fn unreadable(&mut self, doc: usize, node: &Node, path: &[&str], depth: usize) -> Option<Schema> {
        if depth > MAX_DEPTH {
            self.warn(doc, node.at, path, format!("schemas nest more than {MAX_DEPTH} levels deep: read as JSON"));
            return Some(json(node.at));
        }
        if !node.is_object() {
            if node.as_bool() != Some(true) {
                self.warn(doc, node.at, path, "a schema that is not an object: read as JSON");
            }
            return Some(json(node.at));
        }
        None
    }

    /// A `$ref`: a model by name, or the referenced schema written in place.
    fn reference(&mut self, doc: usize, reference: &'a Node, path: &[&str], depth: usize) -> Schema {
        let place = [path, &["$ref"]].concat();
        let Some(written) = reference.as_str() else {
            self.error(doc, reference.at, &place, "`$ref` must be a string");
            return json(reference.at);
        };
        if let Some(id) = self.named_schema_of(doc, written) {
            match self.core().targets.get(&id).cloned() {
                Some(Target::Model(mut name)) => {
                    if let Some(root) = self.union_root(&id)
                        && let Some(Target::Model(root_name)) = self.core().targets.get(&root).cloned()
                    {
                        let message = format!(
                            "`{name}` is a variant of the union `{root_name}`: a value of it is read as `{root_name}`, which keeps its discriminator on the wire"
                        );
                        self.warn(doc, reference.at, &place, message);
                        name = root_name;
                    }
                    return Schema { reference: Some(text(name, reference.at)), ..Schema::default() };
                }
                Some(Target::Inline) | None => {
                    let Some(target) = self.named_schema_node(&id) else { return json(reference.at) };
                    let inner = [Self::NAMED_SCHEMAS, &[id.1.as_str()]].concat();
                    return self.in_place(doc, reference, &place, id.0, target, &inner, depth);
                }
            }
        }
        match self.follow(doc, written) {
            Some((target, node, tokens)) => {
                let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
                self.in_place(doc, reference, &place, target, node, &tokens, depth)
            }
            None => {
                let message = format!("`{written}` names nothing that was loaded");
                self.core_mut().unresolved(doc, reference.at, &place, written, message, "read as any JSON value");
                json(reference.at)
            }
        }
    }

    /// The schema at `pointer` of file `target`, written in place of the `$ref` at `reference`:
    /// JSON (with a diagnostic) where that would never end or would explode. A schema that refers
    /// back to itself through schemas written in place would be copied into itself without end
    /// (or, referring to itself twice, doubled at every level up to the depth limit: 2^48 copies);
    /// and all copies together are bounded, so that a few schemas referring to each other cannot
    /// multiply either.
    #[allow(clippy::too_many_arguments)]
    fn in_place(
        &mut self,
        doc: usize,
        reference: &'a Node,
        place: &[&str],
        target: usize,
        node: &'a Node,
        pointer: &[&str],
        depth: usize,
    ) -> Schema {
        let key = (target, pointer.join("/"));
        if self.core().in_place.contains(&key) {
            let message = format!(
                "`{}` refers to itself through schemas written in place of their references: read as JSON here",
                reference.as_str().unwrap_or_default()
            );
            self.warn(doc, reference.at, place, message);
            return json(reference.at);
        }
        self.core_mut().in_place_copies += 1;
        if self.core().in_place_copies > MAX_IN_PLACE_COPIES {
            if self.core().in_place_copies == MAX_IN_PLACE_COPIES + 1 {
                let message = format!(
                    "schemas written in place of their references make more than {MAX_IN_PLACE_COPIES} copies: this one and the rest are read as JSON; give the schemas that repeat a name (an object with properties is a model)"
                );
                self.error(doc, reference.at, place, message);
            }
            return json(reference.at);
        }
        self.core_mut().in_place.push(key);
        let schema = self.schema(target, node, pointer, depth + 1);
        self.core_mut().in_place.pop();
        schema
    }

    /// A schema of one `type` (`None`: none written), its `type` written at `at`: scalars
    /// with their formats, arrays, and objects.
    #[allow(clippy::too_many_arguments)]
    fn typed(
        &mut self,
        doc: usize,
        node: &'a Node,
        path: &[&str],
        depth: usize,
        definition: bool,
        kind: Option<&str>,
        at: At,
    ) -> Schema {
        let format_node = node.get("format");
        let format = format_node.and_then(Node::as_str);
        let format_at = format_node.map_or(at, |format| format.at);
        let mut schema = Schema::default();
        match kind {
            Some("string") => {
                schema.kind = Some(text("string", at));
                match format {
                    None => {}
                    Some("password") => schema.secret = true,
                    Some(known @ ("date-time" | "duration")) => schema.format = Some(text(known, format_at)),
                    Some(known) if crate::lower::TEXT_FORMATS.contains(&known) => {
                        schema.format = Some(text(known, format_at))
                    }
                    Some(other) => {
                        self.warn(doc, format_at, path, format!("unknown string format `{other}`: read as text"))
                    }
                }
            }
            Some("integer") => {
                schema.kind = Some(text("integer", at));
                match format {
                    Some(known @ ("int32" | "int64")) => schema.format = Some(text(known, format_at)),
                    None => {}
                    Some(other) => match self.other_integer_format(other) {
                        Ok(read_as) => schema.format = read_as.map(|known| text(known, format_at)),
                        Err(message) => self.warn(doc, format_at, path, message),
                    },
                }
                integer_values(node, &mut schema);
            }
            Some("number") => {
                schema.kind = Some(text("number", at));
                match format {
                    Some(known @ ("float" | "double")) => schema.format = Some(text(known, format_at)),
                    None => {}
                    Some(other) => {
                        self.warn(doc, format_at, path, format!("unknown number format `{other}`: read as a double"))
                    }
                }
                document_values(node, &mut schema);
            }
            Some("boolean") => schema.kind = Some(text("boolean", at)),
            Some("array") => {
                schema.kind = Some(text("array", at));
                let tuple = Self::TUPLES && node.get("prefixItems").is_some();
                let items = match node.get("items") {
                    Some(items) if items.is_object() && !tuple => {
                        let inner = [path, &["items"]].concat();
                        self.element(doc, items, &inner, depth + 1)
                    }
                    _ => {
                        self.warn(doc, at, path, "an array without one `items` schema: its items are read as JSON");
                        json(at)
                    }
                };
                schema.items = Some(Box::new(items));
            }
            None | Some("object") => return self.object(doc, node, path, depth, definition),
            Some(other) => {
                self.warn(doc, at, path, format!("the type `{other}` is not supported: read as JSON"));
                return json(node.at);
            }
        }
        schema
    }

    /// An object: properties, or a map, or (with neither) any JSON value.
    fn object(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        let at = node.get("type").map_or(node.at, |kind| kind.at);
        let mut schema = json(at);
        let properties = node.get("properties").map(Node::members).unwrap_or_default();
        let extra = node.get("additionalProperties").filter(|extra| extra.as_bool() != Some(false));
        if properties.is_empty() && !definition {
            if let Some(extra) = extra {
                let values = if is_any_json(extra) {
                    json(extra.at)
                } else {
                    let inner = [path, &["additionalProperties"]].concat();
                    self.element(doc, extra, &inner, depth + 1)
                };
                schema.additional_properties = Some(AdditionalProperties::Values(Box::new(values)));
            }
            return schema;
        }
        for (key, property) in properties {
            let inner = [path, &["properties", key.name.as_str()]].concat();
            let converted = self.schema(doc, property, &inner, depth + 1);
            schema.properties.insert(text(key.name.clone(), key.at), converted);
        }
        if let Some(extra) = extra {
            if !is_any_json(extra) {
                let inner = [path, &["additionalProperties"]].concat();
                let message = "an object with both properties and typed additional properties: the additional ones are kept as JSON";
                self.warn(doc, extra.at, &inner, message);
            }
            schema.additional_properties = Some(AdditionalProperties::Keep(true));
        }
        if !definition {
            // A named schema's `required` is read once its `allOf` members have joined.
            self.mark_required(doc, node, path, &mut schema);
        }
        schema
    }

    /// Records who extends whom: a named schema's parent is the first model its `allOf` names.
    /// With `inline_children` (Swagger) a named schema that is no model records one too.
    fn link_parents(&mut self, docs: &[usize], inline_children: bool) {
        for &doc in docs {
            for (key, node) in self.named_schemas(doc).members() {
                let id = (doc, key.name.clone());
                let parent = node
                    .get("allOf")
                    .into_iter()
                    .flat_map(Node::items)
                    .filter_map(|member| member.str_of("$ref"))
                    .find_map(|reference| self.named_schema_of(doc, reference));
                let Some(parent) = parent.filter(|parent| self.core().is_model_target(parent)) else { continue };
                if !inline_children && !self.core().is_model_target(&id) {
                    continue;
                }
                let all_of = [Self::NAMED_SCHEMAS, &[key.name.as_str(), "allOf"]].concat();
                self.core_mut().extend(doc, key, id, parent, &all_of);
            }
        }
    }

    /// What a named schema inherits: `extends` its parent (and the discriminator value of a
    /// variant), and the properties of its other `allOf` members.
    fn inherit(&mut self, id: &SchemaId, key: &Key, node: &'a Node, path: &[&str], schema: &mut Schema) {
        let doc = id.0;
        if let Some(parent) = self.core().parents.get(id).cloned() {
            schema.extends = match self.core().targets.get(&parent) {
                Some(Target::Model(parent)) => Some(text(parent.clone(), key.at)),
                _ => None,
            };
            schema.kind = Some(text("object", node.at));
            self.merge_all_of(doc, node, path, schema);
            if self.union_root(id).is_some() {
                let (value, at) = self.variant_value(id, &parent, key, node);
                schema.discriminator_value = Some(text(value, at));
            }
        } else if node.get("allOf").is_some() {
            self.merge_all_of(doc, node, path, schema);
        }
    }

    /// The properties of inline `allOf` members join the definition's own; a second parent
    /// cannot be inherited (the model has single inheritance): its properties are copied.
    fn merge_all_of(&mut self, doc: usize, node: &'a Node, path: &[&str], schema: &mut Schema) {
        let members = node.get("allOf").map(Node::items).unwrap_or_default();
        let mut inherited = false;
        for (index, member) in members.iter().enumerate() {
            let index = index.to_string();
            let member_path = [path, &["allOf", index.as_str()]].concat();
            let (source_doc, source) = match member.str_of("$ref") {
                Some(reference) => {
                    let parent = self.named_schema_of(doc, reference);
                    let parent_is_model = parent.as_ref().is_some_and(|parent| self.core().is_model_target(parent));
                    if !inherited && parent_is_model {
                        inherited = true;
                        continue;
                    }
                    let Some(source) = self.copied_member(doc, member.at, &member_path, reference, parent_is_model)
                    else {
                        // What a member from a file that could not be read adds is unknown:
                        // the model keeps every property it does not know, as JSON.
                        if self.core().in_unreadable_file(doc, reference) {
                            schema.additional_properties.get_or_insert(AdditionalProperties::Keep(true));
                        }
                        continue;
                    };
                    source
                }
                None => (doc, member),
            };
            let converted = self.schema(source_doc, source, &member_path, 1);
            for (key, property) in converted.properties {
                if !schema.properties.keys().any(|known| known.value == key.value) {
                    schema.properties.insert(key, property);
                }
            }
            if schema.description.is_none() {
                schema.description = converted.description;
            }
            if converted.additional_properties.is_some() && schema.additional_properties.is_none() {
                schema.additional_properties = Some(AdditionalProperties::Keep(true));
            }
            self.mark_required(source_doc, source, &member_path, schema);
        }
    }
}

impl<'a, R: FormatReader<'a>> SchemaRules<'a> for R {}

/// Azure's extensions of a property, read alike in Swagger and in OpenAPI (an exported document,
/// or one converted from Azure's Swagger, carries them): `x-ms-client-flatten`,
/// `x-ms-client-name` and `x-ms-mutability`.
pub(super) fn azure_property_extensions(node: &Node, schema: &mut Schema) {
    schema.client_flatten |= node.flag("x-ms-client-flatten");
    if let Some(name) = node.get("x-ms-client-name")
        && let Some(value) = name.as_str()
    {
        schema.client_name = Some(text(value, name.at));
    }
    mutability(node, schema);
}

/// `x-ms-mutability`: a property the service only reads out is read-only (no body setter); one
/// that is set only on create, or never returned, says so in its docs.
fn mutability(node: &Node, schema: &mut Schema) {
    let Some(list) = node.get("x-ms-mutability") else { return };
    let has = |word: &str| list.items().iter().any(|item| item.as_str() == Some(word));
    let (create, read, update) = (has("create"), has("read"), has("update"));
    if read && !create && !update {
        schema.read_only = true;
    }
    let note = match (create, update, read) {
        (true, false, true) => "Set when the resource is created; it cannot be changed afterwards.",
        (true, false, false) => {
            "Set when the resource is created; it cannot be changed afterwards, and the service never returns it."
        }
        (false, true, true) => "Set only in an update, not when the resource is created.",
        (_, true, false) => "Write-only: the service never returns it.",
        _ => return,
    };
    schema.description = Some(with_note(schema.description.take(), note));
}
