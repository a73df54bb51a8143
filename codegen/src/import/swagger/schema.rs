//! One Swagger schema to a spec schema. What the model cannot say precisely becomes JSON (or
//! the nearest sound type) with a warning naming the file and JSON pointer.

use super::{Reader, Target, description, text};
use crate::import::tree::Node;
use crate::lower::{type_name, variant_name};
use crate::spec::{AdditionalProperties, Description, EnumValue, Schema};

/// How deep schemas may nest (through inlined references too) before the rest is read as JSON.
const MAX_DEPTH: usize = 48;

/// A schema that says nothing about the values of an object's extra properties: `true`, `{}`,
/// `{"type": "object"}` (with no properties), give or take a description.
pub(super) fn is_any_json(node: &Node) -> bool {
    match node.as_bool() {
        Some(flag) => flag,
        None => {
            node.is_object()
                && node.members().iter().all(|(key, value)| match key.name.as_str() {
                    "type" => value.as_str() == Some("object"),
                    "description" | "title" => true,
                    _ => false,
                })
        }
    }
}

/// Any JSON value (`type: object` with nothing else).
fn json(at: crate::import::tree::At) -> Schema {
    Schema { kind: Some(text("object", at)), ..Schema::default() }
}

impl<'a> Reader<'a> {
    /// The spec schema of a property, array item, map value, body or response.
    pub(super) fn schema(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize) -> Schema {
        self.convert(doc, node, path, depth, false)
    }

    /// The spec schema of a definition (its `allOf` is read by the caller).
    pub(super) fn definition_schema(&mut self, doc: usize, node: &'a Node, path: &[&str]) -> Schema {
        self.convert(doc, node, path, 0, true)
    }

    fn convert(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        if depth > MAX_DEPTH {
            self.warn(doc, node.at, path, format!("schemas nest more than {MAX_DEPTH} levels deep: read as JSON"));
            return json(node.at);
        }
        if !node.is_object() {
            if node.as_bool() != Some(true) {
                self.warn(doc, node.at, path, "a schema that is not an object: read as JSON");
            }
            return json(node.at);
        }
        let mut schema = match (node.get("$ref"), node.get("allOf")) {
            (Some(reference), _) => self.reference(doc, reference, path, depth),
            (None, Some(all)) if !definition && node.get("properties").is_none_or(|p| p.members().is_empty()) => {
                match all.items() {
                    [single] if single.get("$ref").is_some() => {
                        let inner = [path, &["allOf", "0"]].concat();
                        self.convert(doc, single, &inner, depth + 1, false)
                    }
                    _ => {
                        self.warn(doc, all.at, path, "an inline `allOf` of several schemas: read as JSON");
                        json(node.at)
                    }
                }
            }
            _ => self.plain(doc, node, path, depth, definition),
        };
        if (node.get("$ref").is_some() || schema.description.is_none())
            && let Some(text) = description(node)
        {
            schema.description = Some(text);
        }
        schema.read_only |= node.flag("readOnly");
        schema.nullable |= node.flag("x-nullable");
        schema.client_flatten |= node.flag("x-ms-client-flatten");
        if let Some(name) = node.get("x-ms-client-name")
            && let Some(value) = name.as_str()
        {
            schema.client_name = Some(text(value, name.at));
        }
        schema
    }

    /// A `$ref`: a model by name, or the referenced schema written in place.
    fn reference(&mut self, doc: usize, reference: &'a Node, path: &[&str], depth: usize) -> Schema {
        let place = [path, &["$ref"]].concat();
        let Some(written) = reference.as_str() else {
            self.error(doc, reference.at, &place, "`$ref` must be a string");
            return json(reference.at);
        };
        if let Some(id) = self.definition_of(doc, written) {
            match self.targets.get(&id).cloned() {
                Some(Target::Model(mut name)) => {
                    if let Some(root) = self.union_root(&id)
                        && let Some(Target::Model(root_name)) = self.targets.get(&root).cloned()
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
                    let Some(target) = self.definition_node(&id) else { return json(reference.at) };
                    let inner = ["definitions", id.1.as_str()];
                    return self.convert(id.0, target, &inner, depth + 1, false);
                }
            }
        }
        let found = self.locate(doc, written).and_then(|(target, pointer)| {
            self.doc(target).root.at_pointer(&pointer).map(|node| (target, node, pointer))
        });
        match found {
            Some((target, node, pointer)) => {
                let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
                self.convert(target, node, &tokens, depth + 1, false)
            }
            None => {
                self.error(doc, reference.at, &place, format!("`{written}` names nothing that was loaded"));
                json(reference.at)
            }
        }
    }

    /// A schema without `$ref`.
    fn plain(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        let kind_node = node.get("type");
        let kind = kind_node.and_then(Node::as_str);
        let at = kind_node.map_or(node.at, |kind| kind.at);
        if let Some(values) = node.get("enum") {
            let strings = values.items().iter().any(|value| value.as_str().is_some());
            match kind {
                None | Some("string") if strings => return self.enumeration(doc, node, values, path, definition),
                Some("integer" | "number" | "boolean") | None => {}
                Some(other) => {
                    let message = format!("an enum of `type: {other}`: read as JSON");
                    self.warn(doc, values.at, &[path, &["enum"]].concat(), message);
                    return json(node.at);
                }
            }
        }
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
                        let message = format!("unknown string format `{other}`: read as text");
                        self.warn(doc, format_at, path, message);
                    }
                }
                if node.flag("x-ms-secret") {
                    schema.format = None;
                    schema.secret = true;
                }
            }
            Some("integer") => {
                schema.kind = Some(text("integer", at));
                match format {
                    Some(known @ ("int32" | "int64")) => schema.format = Some(text(known, format_at)),
                    None => {}
                    Some(other) => self.warn(
                        doc,
                        format_at,
                        path,
                        format!("unknown integer format `{other}`: read as a 64-bit integer"),
                    ),
                }
                self.document_values(node, &mut schema);
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
                self.document_values(node, &mut schema);
            }
            Some("boolean") => schema.kind = Some(text("boolean", at)),
            Some("array") => {
                schema.kind = Some(text("array", at));
                let items = match node.get("items") {
                    Some(items) if items.is_object() => {
                        let inner = [path, &["items"]].concat();
                        self.schema(doc, items, &inner, depth + 1)
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
                    self.schema(doc, extra, &inner, depth + 1)
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
            // A definition's `required` is read once its `allOf` members have joined.
            self.mark_required(doc, node, path, &mut schema);
        }
        schema
    }

    /// A string enum (`enum` with `x-ms-enum` value descriptions). Outside definitions, an
    /// `x-ms-enum.name` makes it a definition of that name, shared by every use with the same
    /// values; a name already taken by something else keeps the enum inline.
    fn enumeration(&mut self, doc: usize, node: &'a Node, values: &'a Node, path: &[&str], definition: bool) -> Schema {
        let extension = node.get("x-ms-enum");
        let described = extension.and_then(|extension| extension.get("values"));
        let mut spec_values: Vec<EnumValue> = Vec::new();
        // The variant name of each value kept, computed once (each value is compared with all).
        let mut variants: Vec<String> = Vec::new();
        for (index, value) in values.items().iter().enumerate() {
            let Some(wire) = value.as_str() else { continue };
            let variant = variant_name(wire);
            if let Some(first) = variants.iter().position(|known| *known == variant) {
                let message = format!(
                    "the enum values `{}` and `{wire}` would be the same variant: `{wire}` is read as an unknown value",
                    spec_values[first].value.value
                );
                let index = index.to_string();
                self.warn(doc, value.at, &[path, &["enum", index.as_str()]].concat(), message);
                continue;
            }
            let description = described
                .into_iter()
                .flat_map(Node::items)
                .find(|entry| entry.get("value").and_then(Node::as_str) == Some(wire))
                .and_then(|entry| entry.str_of("description"))
                .map(|text| Description::Text(text.to_owned()));
            spec_values.push(EnumValue { value: text(wire, value.at), description });
            variants.push(variant);
        }
        let at = node.get("type").map_or(node.at, |kind| kind.at);
        let schema = Schema { kind: Some(text("string", at)), values: Some(spec_values), ..Schema::default() };
        let name = extension.and_then(|extension| extension.str_of("name"));
        let (Some(name), false) = (name, definition) else { return schema };
        let wire_values: Vec<String> = schema.values.iter().flatten().map(|value| value.value.value.clone()).collect();
        match self.taken.get(&type_name(name)).cloned() {
            Some(existing) if self.enum_values_of(&existing).as_ref() == Some(&wire_values) => {
                Schema { reference: Some(text(existing, at)), ..Schema::default() }
            }
            Some(_) => schema,
            None => {
                self.taken.insert(type_name(name), name.to_owned());
                let mut hoisted = schema;
                hoisted.description = description(node);
                let name_at = extension.and_then(|extension| extension.get("name")).map_or(at, |name| name.at);
                self.hoisted.insert(name.to_owned(), (doc, name_at, wire_values, hoisted));
                Schema { reference: Some(text(name, at)), ..Schema::default() }
            }
        }
    }

    /// The values of the enum definition or hoisted enum called `name`, if it is one.
    fn enum_values_of(&self, name: &str) -> Option<Vec<String>> {
        if let Some((_, _, values, _)) = self.hoisted.get(name) {
            return Some(values.clone());
        }
        let id = self.owners.get(name)?;
        let node = self.definition_node(id)?;
        Some(node.get("enum")?.items().iter().filter_map(Node::as_str).map(str::to_owned).collect())
    }

    /// Integer and number enums stay numbers; their values are named in the description.
    fn document_values(&mut self, node: &Node, schema: &mut Schema) {
        let Some(values) = node.get("enum") else { return };
        let listed: Vec<String> = values.items().iter().map(|value| value.to_json().to_string()).collect();
        let note = format!("Values: {}.", listed.join(", "));
        let text = match description(node) {
            Some(Description::Text(text)) => format!("{text}\n\n{note}"),
            _ => note,
        };
        schema.description = Some(Description::Text(text));
    }
}
