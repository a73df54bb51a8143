//! One OpenAPI schema to a spec schema: `$ref` (with siblings), `allOf`, `oneOf`/`anyOf`,
//! `nullable` and `type` lists, `const`, enums, formats, arrays and objects.

use super::{Reader, text};
use crate::import::description;
use crate::import::reader::{FormatReader, ReaderCore, SchemaId};
use crate::import::schema_common::{SchemaRules, azure_property_extensions, declared_wire_type, describe, json};
use crate::import::tree::{At, Key, Node, unescape};
use crate::lower::variant_name;
use crate::spec::{AdditionalProperties, Description, EnumValue, Schema};

/// One value of a string enum: the wire value, where it is written, its description.
type StringValue = (String, At, Option<Description>);

impl<'a> Reader<'a> {
    /// Whether the schema lets `null` through: a `type` list with `null` (3.1), or `null`
    /// among its enum values.
    fn null_allowed(&self, node: &Node) -> bool {
        node.get("type").is_some_and(|kind| kind.items().iter().any(|item| item.as_str() == Some("null")))
            || node.get("enum").is_some_and(|values| values.items().iter().any(|value| value.is_null()))
    }

    /// An `allOf` outside a component: one member is that member (`allOf: [{$ref: X}]` beside a
    /// description is X); inline object members merge; anything else is JSON.
    fn all_of(&mut self, doc: usize, node: &'a Node, all: &'a Node, path: &[&str], depth: usize) -> Schema {
        let members = all.items();
        if let [single] = members {
            let inner = [path, &["allOf", "0"]].concat();
            return self.convert(doc, single, &inner, depth + 1, false);
        }
        let inline_objects =
            members.iter().all(|member| member.get("$ref").is_none() && member.get("properties").is_some());
        if !inline_objects || node.get("properties").is_some() {
            self.warn(
                doc,
                all.at,
                path,
                "an inline `allOf` of several schemas that are not all inline objects: read as JSON",
            );
            return json(node.at);
        }
        let mut merged = json(node.at);
        for (index, member) in members.iter().enumerate() {
            let index = index.to_string();
            let inner = [path, &["allOf", index.as_str()]].concat();
            let converted = self.convert(doc, member, &inner, depth + 1, false);
            for (key, property) in converted.properties {
                if !merged.properties.keys().any(|known| known.value == key.value) {
                    merged.properties.insert(key, property);
                }
            }
            if converted.additional_properties.is_some() {
                merged.additional_properties = Some(AdditionalProperties::Keep(true));
            }
        }
        merged
    }

    /// A `oneOf`/`anyOf` outside a union component: `null` members make it nullable; one other
    /// member is that member; members that are all strings are a string; anything else is JSON.
    /// Returns the schema and whether a member was `null`.
    fn one_of(&mut self, doc: usize, keyword: &str, members: &'a Node, path: &[&str], depth: usize) -> (Schema, bool) {
        let is_null =
            |member: &Node| member.str_of("type") == Some("null") || member.get("const").is_some_and(Node::is_null);
        let null_member = members.items().iter().any(is_null);
        let others: Vec<(usize, &'a Node)> =
            members.items().iter().enumerate().filter(|(_, member)| !is_null(member)).collect();
        if let [(index, single)] = others.as_slice() {
            let index = index.to_string();
            let inner = [path, &[keyword, index.as_str()]].concat();
            return (self.convert(doc, single, &inner, depth + 1, false), null_member);
        }
        let converted: Vec<Schema> = others
            .iter()
            .map(|(index, member)| {
                let index = index.to_string();
                let inner = [path, &[keyword, index.as_str()]].concat();
                let schema = self.convert(doc, member, &inner, depth + 1, false);
                self.resolved_kind(&schema)
            })
            .collect();
        let all_strings = !converted.is_empty()
            && converted.iter().all(|schema| schema.kind.as_ref().is_some_and(|kind| kind.value == "string"));
        if all_strings {
            return (Schema { kind: Some(text("string", members.at)), ..Schema::default() }, null_member);
        }
        let message = format!(
            "the members of this `{keyword}` are neither told apart by a discriminator nor all strings: read as JSON"
        );
        self.warn(doc, members.at, path, message);
        (json(members.at), null_member)
    }

    /// A converted schema with a `$ref` to a string enum seen as a string.
    fn resolved_kind(&self, schema: &Schema) -> Schema {
        let Some(reference) = &schema.reference else { return schema.clone() };
        let enum_model = self
            .core
            .owners
            .get(&reference.value)
            .and_then(|id| self.named_schema_node(id).map(|node| (id.0, node)))
            .is_some_and(|(doc, node)| self.string_values(doc, node, 0).is_some());
        if enum_model {
            Schema { kind: Some(text("string", reference.referenced.into())), ..Schema::default() }
        } else {
            schema.clone()
        }
    }

    /// The values of a string enum: `enum` of strings (`null` left out), a string `const`, or a
    /// `oneOf`/`anyOf` whose every member is one of those (progenitor writes enums with a
    /// description per value this way).
    pub(super) fn string_values(&self, doc: usize, node: &Node, depth: usize) -> Option<Vec<StringValue>> {
        if depth > 8 || !node.is_object() {
            return None;
        }
        if let Some(reference) = node.str_of("$ref") {
            // Only members are followed: a component that is a `$ref` is an alias.
            let (target, found, _) = self.follow(doc, reference).filter(|_| depth > 0)?;
            return self.string_values(target, found, depth + 1);
        }
        let kind_is_string = |node: &Node| match node.get("type") {
            None => true,
            Some(kind) => {
                kind.as_str() == Some("string")
                    || (kind.items().iter().any(|item| item.as_str() == Some("string"))
                        && kind.items().iter().all(|item| matches!(item.as_str(), Some("string" | "null"))))
            }
        };
        if let Some(constant) =
            node.get("const").and_then(|constant| constant.as_str().map(|value| (value, constant.at)))
        {
            return kind_is_string(node).then(|| vec![(constant.0.to_owned(), constant.1, description(node))]);
        }
        if let Some(values) = node.get("enum") {
            let strings: Vec<StringValue> = values
                .items()
                .iter()
                .filter_map(|value| value.as_str().map(|text| (text.to_owned(), value.at, None)))
                .collect();
            let only_strings = values.items().iter().all(|value| value.as_str().is_some() || value.is_null());
            return (kind_is_string(node) && only_strings && !strings.is_empty()).then_some(strings);
        }
        let (_, members) = one_of(node)?;
        let mut all = Vec::new();
        for member in members.items() {
            if member.str_of("type") == Some("null") {
                continue;
            }
            let mut values = self.string_values(doc, member, depth + 1)?;
            if let ([(_, _, described @ None)], Some(text)) = (values.as_mut_slice(), description(member)) {
                *described = Some(text);
            }
            all.extend(values);
        }
        (!all.is_empty()).then_some(all)
    }

    /// A string enum: an open enum of its values (values that would be the same variant are
    /// read as unknown, with a warning).
    fn enumeration(&mut self, doc: usize, node: &Node, path: &[&str], values: Vec<StringValue>) -> Schema {
        let mut spec_values: Vec<EnumValue> = Vec::new();
        let mut variants: Vec<String> = Vec::new();
        for (wire, at, value_description) in values {
            let variant = variant_name(&wire);
            if let Some(first) = variants.iter().position(|known| *known == variant) {
                if spec_values[first].value.value != wire {
                    let message = format!(
                        "the enum values `{}` and `{wire}` would be the same variant: `{wire}` is read as an unknown value",
                        spec_values[first].value.value
                    );
                    self.warn(doc, at, path, message);
                }
                continue;
            }
            spec_values.push(EnumValue { value: text(wire, at), name: None, description: value_description });
            variants.push(variant);
        }
        let at = node.get("type").map_or(node.at, |kind| kind.at);
        Schema { kind: Some(text("string", at)), values: Some(spec_values), ..Schema::default() }
    }

    /// A schema without `$ref`, `allOf` or `oneOf`/`anyOf` (in a component: its object part).
    fn plain(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        let kind_node = node.get("type");
        let at = kind_node.map_or(node.at, |kind| kind.at);
        let declared = declared_wire_type(node);
        let kind = match kind_node {
            _ if declared.is_some() => declared,
            Some(kind) if kind.as_str().is_some() => kind.as_str(),
            Some(list) if !list.items().is_empty() => {
                let kinds: Vec<&str> =
                    list.items().iter().filter_map(Node::as_str).filter(|kind| *kind != "null").collect();
                match kinds.as_slice() {
                    [] => return json(node.at),
                    [single] => Some(*single),
                    _ => {
                        let message = format!("a value of several types ({}): read as JSON", kinds.join(", "));
                        self.warn(doc, list.at, path, message);
                        return json(node.at);
                    }
                }
            }
            Some(_) => {
                self.warn(doc, at, path, "a `type` that is neither a string nor a list of strings: read as JSON");
                return json(node.at);
            }
            None if node.get("items").is_some() => Some("array"),
            None => None,
        };
        if let Some(constant) = node.get("const").filter(|constant| !constant.is_null()) {
            // A string constant is a one-value enum (read by `string_values`); others keep their type.
            let inferred = match &constant.value {
                crate::import::tree::Value::Bool(_) => Some("boolean"),
                crate::import::tree::Value::Number(number) if number.is_f64() => Some("number"),
                crate::import::tree::Value::Number(_) => Some("integer"),
                _ => None,
            };
            let Some(inferred) = kind.or(inferred).filter(|kind| matches!(*kind, "boolean" | "integer" | "number"))
            else {
                self.warn(doc, constant.at, path, "a `const` that is not a string, number or boolean: read as JSON");
                return json(node.at);
            };
            let mut schema = Schema { kind: Some(text(inferred, at)), ..Schema::default() };
            let note = format!("Value: {}.", constant.to_json());
            schema.description = Some(Description::Text(match description(node) {
                Some(Description::Text(text)) => format!("{text}\n\n{note}"),
                _ => note,
            }));
            return schema;
        }
        if let Some(values) = node.get("enum")
            && !matches!(kind, Some("integer" | "number" | "boolean"))
        {
            let message = format!("an enum of `type: {}`: read as JSON", kind.unwrap_or("(none)"));
            self.warn(doc, values.at, &[path, &["enum"]].concat(), message);
            return json(node.at);
        }
        self.typed(doc, node, path, depth, definition, kind, at)
    }

    /// Array items and map values cannot be `null` in the model: a nullable one is JSON.
    pub(super) fn not_null(&mut self, doc: usize, node: &Node, path: &[&str], schema: Schema) -> Schema {
        if !schema.nullable {
            return schema;
        }
        self.warn(doc, node.at, path, "array items or map values that may be `null`: read as JSON");
        json(node.at)
    }
}

/// The `oneOf` or `anyOf` of a schema, with its keyword.
fn one_of(node: &Node) -> Option<(&'static str, &Node)> {
    match (node.get("oneOf"), node.get("anyOf")) {
        (Some(members), _) => Some(("oneOf", members)),
        (None, Some(members)) => Some(("anyOf", members)),
        _ => None,
    }
}

impl<'a> FormatReader<'a> for Reader<'a> {
    const NAMED_SCHEMAS: &'static [&'static str] = &["components", "schemas"];
    const NAMED_SCHEMAS_POINTER: &'static str = "/components/schemas/";
    const NAMED_SCHEMA: &'static str = "schema";
    const TUPLES: bool = true;

    fn core(&self) -> &ReaderCore<'a> {
        &self.core
    }

    fn core_mut(&mut self) -> &mut ReaderCore<'a> {
        &mut self.core
    }

    /// A schema with `nullable`, `type` lists, `allOf`, `oneOf`/`anyOf`, `const` and enums.
    fn convert(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize, definition: bool) -> Schema {
        if let Some(as_json) = self.unreadable(doc, node, path, depth) {
            return as_json;
        }
        let mut nullable = node.flag("nullable") || self.null_allowed(node);
        let values = self.string_values(doc, node, 0);
        let mut schema = if let Some(reference) = node.get("$ref") {
            self.reference(doc, reference, path, depth)
        } else if let Some(values) = values {
            self.enumeration(doc, node, path, values)
        } else if definition {
            self.plain(doc, node, path, depth, true)
        } else if let Some(all) = node.get("allOf") {
            self.all_of(doc, node, all, path, depth)
        } else if let Some((keyword, members)) = one_of(node) {
            let (schema, null_member) = self.one_of(doc, keyword, members, path, depth);
            nullable |= null_member;
            schema
        } else {
            self.plain(doc, node, path, depth, false)
        };
        describe(node, &mut schema);
        schema.read_only |= node.flag("readOnly");
        schema.nullable |= nullable;
        azure_property_extensions(node, &mut schema);
        schema
    }

    fn element(&mut self, doc: usize, node: &'a Node, path: &[&str], depth: usize) -> Schema {
        let converted = self.convert(doc, node, path, depth, false);
        self.not_null(doc, node, path, converted)
    }

    /// JSON Schema's smaller and unsigned integer formats are read as the Rust integer every
    /// value of theirs fits.
    fn other_integer_format(&self, format: &str) -> Result<Option<&'static str>, String> {
        match format {
            "int8" | "int16" | "uint8" | "uint16" => Ok(Some("int32")),
            "uint32" => Ok(None),
            other => Err(format!("the integer format `{other}` is read as a signed 64-bit integer")),
        }
    }

    fn mark_required(&mut self, doc: usize, node: &Node, path: &[&str], schema: &mut Schema) {
        self.core.mark_required(doc, node, path, schema, true);
    }

    /// A component with a `discriminator` (or a `oneOf` union) and descendants.
    fn discriminates(&self, id: &SchemaId) -> bool {
        self.core.has_children.contains(id)
            && (self.unions.contains_key(id)
                || self.named_schema_node(id).is_some_and(|node| node.get("discriminator").is_some()))
    }

    fn variant_value(&self, id: &SchemaId, parent: &SchemaId, _: &Key, node: &'a Node) -> (String, At) {
        self.tag_value(id, parent, node)
    }

    /// Only a second parent that is a model warns; a `$ref` to an inline schema is its properties.
    fn copied_member(
        &mut self,
        doc: usize,
        at: At,
        path: &[&str],
        reference: &str,
        model: bool,
    ) -> Option<(usize, &'a Node)> {
        let Some((target, found, _)) = self.follow(doc, reference) else {
            let message = format!("`{reference}` names nothing that was loaded");
            self.core.unresolved(doc, at, path, reference, message, "its properties are not copied");
            return None;
        };
        if model {
            let message =
                format!("a second `allOf` parent (`{reference}`): its own properties are copied, it is not inherited");
            self.warn(doc, at, path, message);
        }
        Some((target, found))
    }

    fn api(&mut self, doc: usize, group: &str, module: &str) -> crate::spec::Api {
        self.openapi_api(doc, group, module)
    }

    fn follow(&self, doc: usize, reference: &str) -> Option<(usize, &'a Node, Vec<String>)> {
        let (target, node, fragment) = self.core.locate_node(doc, reference)?;
        let tokens = fragment.split('/').skip(1).map(|token| unescape(token).into_owned()).collect();
        Some((target, node, tokens))
    }
}
