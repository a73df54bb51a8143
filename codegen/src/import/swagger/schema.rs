//! One Swagger schema to a spec schema: what Swagger adds to the shared rules (`x-ms-*`
//! extensions, string enums with `x-ms-enum`). What the model cannot say precisely becomes JSON
//! (or the nearest sound type) with a warning naming the file and JSON pointer.

use super::{Reader, text};
use crate::import::description;
use crate::import::reader::{FormatReader, ReaderCore, SchemaId};
use crate::import::schema_common::{SchemaRules, azure_property_extensions, declared_wire_type, describe, json};
use crate::import::tree::{At, Key, Node};
use crate::lower::{type_name, variant_name};
use crate::spec::{Description, EnumValue, Schema};

impl<'a> Reader<'a> {
    /// A schema without `$ref`.
    fn plain(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        let kind_node = node.get("type");
        let kind = declared_wire_type(node).or(kind_node.and_then(Node::as_str));
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
        let mut schema = self.typed(doc, node, path, depth, definition, kind, at);
        if schema.values.is_some() {
            return self.hoist(doc, node, schema, definition);
        }
        if kind == Some("string") && node.flag("x-ms-secret") {
            schema.format = None;
            schema.secret = true;
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
            spec_values.push(EnumValue { value: text(wire, value.at), name: None, description });
            variants.push(variant);
        }
        let at = node.get("type").map_or(node.at, |kind| kind.at);
        let schema = Schema { kind: Some(text("string", at)), values: Some(spec_values), ..Schema::default() };
        self.hoist(doc, node, schema, definition)
    }

    /// An enum (of strings or integers) outside definitions with an `x-ms-enum.name`: a
    /// definition of that name, shared by every use with the same values; a name already taken by
    /// something else keeps the enum inline.
    fn hoist(&mut self, doc: usize, node: &Node, schema: Schema, definition: bool) -> Schema {
        let extension = node.get("x-ms-enum");
        let name = extension.and_then(|extension| extension.str_of("name"));
        let (Some(name), false) = (name, definition) else { return schema };
        let at = node.get("type").map_or(node.at, |kind| kind.at);
        match self.core.taken.get(&type_name(name)).cloned() {
            Some(existing) if self.enum_values_of(&existing) == Some(enum_values(&schema)) => {
                Schema { reference: Some(text(existing, at)), ..Schema::default() }
            }
            Some(_) => schema,
            None => {
                self.core.taken.insert(type_name(name), name.to_owned());
                let mut hoisted = schema;
                hoisted.description = description(node);
                let name_at = extension.and_then(|extension| extension.get("name")).map_or(at, |name| name.at);
                self.hoisted.insert(name.to_owned(), (doc, name_at, hoisted));
                Schema { reference: Some(text(name, at)), ..Schema::default() }
            }
        }
    }

    /// The values of the enum definition or hoisted enum called `name`, if it is one.
    fn enum_values_of(&self, name: &str) -> Option<(bool, Vec<String>)> {
        if let Some((_, _, schema)) = self.hoisted.get(name) {
            return Some(enum_values(schema));
        }
        let id = self.core.owners.get(name)?;
        let node = self.named_schema_node(id)?;
        let integers = node.str_of("type") == Some("integer");
        let values = node.get("enum")?.items().iter();
        let values =
            values.filter_map(|value| value.as_str().map(str::to_owned).or(value.as_i64().map(|n| n.to_string())));
        Some((integers, values.collect()))
    }
}

impl<'a> FormatReader<'a> for Reader<'a> {
    const NAMED_SCHEMAS: &'static [&'static str] = &["definitions"];
    const NAMED_SCHEMAS_POINTER: &'static str = "/definitions/";
    const NAMED_SCHEMA: &'static str = "definition";
    const TUPLES: bool = false;

    fn core(&self) -> &ReaderCore<'a> {
        &self.core
    }

    fn core_mut(&mut self) -> &mut ReaderCore<'a> {
        &mut self.core
    }

    /// A schema and the extensions beside it (`x-nullable`, `x-ms-client-flatten`,
    /// `x-ms-client-name`).
    fn convert(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        if let Some(as_json) = self.unreadable(doc, node, path, depth) {
            return as_json;
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
        describe(node, &mut schema);
        schema.read_only |= node.flag("readOnly");
        schema.nullable |= node.flag("x-nullable");
        azure_property_extensions(node, &mut schema);
        schema
    }

    fn other_integer_format(&self, format: &str) -> Result<Option<&'static str>, String> {
        Err(format!("unknown integer format `{format}`: read as a 64-bit integer"))
    }

    fn mark_required(&mut self, doc: usize, node: &Node, path: &[&str], schema: &mut Schema) {
        self.core.mark_required(doc, node, path, schema, false);
    }

    /// A definition with a `discriminator` and descendants.
    fn discriminates(&self, id: &SchemaId) -> bool {
        self.core.has_children.contains(id)
            && self.named_schema_node(id).is_some_and(|node| node.get("discriminator").is_some())
    }

    /// `x-ms-discriminator-value`, else the definition's key.
    fn variant_value(&self, _: &SchemaId, _: &SchemaId, key: &Key, node: &'a Node) -> (String, At) {
        let value = node.str_of("x-ms-discriminator-value").unwrap_or(&key.name).to_owned();
        let at = node.get("x-ms-discriminator-value").map_or(key.at, |value| value.at);
        (value, at)
    }

    /// Any `$ref` member after the parent warns, whatever it names.
    fn copied_member(
        &mut self,
        doc: usize,
        at: At,
        path: &[&str],
        reference: &str,
        _: bool,
    ) -> Option<(usize, &'a Node)> {
        let Some((target, pointer)) = self.core.locate(doc, reference) else {
            let message = format!("`{reference}` names no loaded file");
            self.core.unresolved(doc, at, path, reference, message, "its properties are not copied");
            return None;
        };
        let Some(found) = self.doc(target).root.at_pointer(&pointer) else {
            self.error(doc, at, path, format!("`{reference}` names nothing"));
            return None;
        };
        let message =
            format!("a second `allOf` parent (`{reference}`): its own properties are copied, it is not inherited");
        self.warn(doc, at, path, message);
        Some((target, found))
    }

    fn api(&mut self, doc: usize, group: &str, module: &str) -> crate::spec::Api {
        self.swagger_api(doc, group, module)
    }

    /// The pointer tokens stay escaped as written (`~1`): the places in Swagger diagnostics
    /// have always shown them so.
    fn follow(&self, doc: usize, reference: &str) -> Option<(usize, &'a Node, Vec<String>)> {
        let (target, node, pointer) = self.core.locate_node(doc, reference)?;
        Some((target, node, pointer.split('/').skip(1).map(str::to_owned).collect()))
    }
}

/// Whether an enum is of integers, and its values' text: two enums are the same enum when these are.
fn enum_values(schema: &Schema) -> (bool, Vec<String>) {
    let integers = schema.kind.as_ref().is_some_and(|kind| kind.value == "integer");
    (integers, schema.values.iter().flatten().map(|value| value.value.value.clone()).collect())
}
