//! Lowering definitions and property schemas to models and types.

use super::Lowering;
use super::names::{integer_variant_name, type_name, unique_name, value_name, variant_name};
use crate::ir::{self, Field, Presence, Type};
use crate::spec::{AdditionalProperties, Schema, Text};
use serde_saphyr::Location;
use std::collections::{HashMap, HashSet};

/// The field that keeps unknown properties.
pub const EXTRAS_FIELD: &str = "additional_properties";

/// String formats read as plain text (`String`).
pub const TEXT_FORMATS: &[&str] =
    &["date", "byte", "binary", "uuid", "uri", "url", "email", "hostname", "ipv4", "ipv6"];

/// How deep `extends` chains and inline schemas may nest before the spec is refused.
const MAX_DEPTH: usize = 64;

impl Lowering<'_> {
    pub(super) fn lower_definition(&mut self, file: &str, name: &str, schema: &Schema) {
        let at = self.definitions[name].at;
        let rust_name = self.definitions[name].rust_name.clone();
        let docs = self.docs(file, Some(&at), || format!("definition {name}"), schema.description.as_ref());
        if let (Some(value), None) = (&schema.discriminator_value, &schema.extends) {
            self.error(file, value, "`discriminatorValue` needs `extends` naming the union it belongs to");
        }
        let outer_union = schema.discriminator.as_ref().and(self.union_above(name));
        if let (Some(tag), Some(outer)) = (&schema.discriminator, &outer_union) {
            // Its variants are variants of the outer union as well, which reads each of them.
            let message = format!(
                "the union `{name}` is itself a variant of the union `{outer}`: it is read as a struct, its discriminator `{}` as a property, and its variants as variants of `{outer}`",
                tag.value
            );
            self.sink.warning(file, Some(&tag.referenced), message);
        }
        if matches!(schema.additional_properties, Some(AdditionalProperties::Values(_))) {
            let message = if schema.properties.is_empty() {
                "unsupported: a definition that is a map; give the property that holds it `type: object` and `additionalProperties: <schema>`"
            } else {
                "unsupported: an object with both `properties` and an `additionalProperties` schema (`additionalProperties: true` keeps unknown properties as JSON)"
            };
            self.sink.error(file, Some(&at), message);
            return;
        }
        if let Some(values) = &schema.values {
            let wire = match schema.kind.as_ref() {
                Some(kind) if kind.value == "integer" => ir::EnumWire::Integer,
                Some(kind) if kind.value != "string" => {
                    let message = format!("an enum must have `type: string` or `type: integer`, not `{}`", kind.value);
                    self.error(file, kind, message);
                    ir::EnumWire::Text
                }
                _ => ir::EnumWire::Text,
            };
            let model = self.lower_enum(file, &at, rust_name, docs, values, wire);
            self.add_model(ir::Model::Enum(model));
        } else if let (Some(tag), None) = (&schema.discriminator, outer_union) {
            self.lower_union(file, name, rust_name, docs, tag);
        } else if schema.kind.as_ref().is_some_and(|kind| kind.value == "object")
            || !schema.properties.is_empty()
            || schema.extends.is_some()
        {
            if let Some(model) = self.lower_struct(file, &at, name, rust_name, docs, schema) {
                self.add_model(ir::Model::Struct(model));
            }
        } else {
            self.sink.error(
                file,
                Some(&at),
                format!("the definition `{name}` must be an object (`type: object`) or a string enum (`enum:`)"),
            );
        }
    }

    fn lower_enum(
        &mut self,
        file: &str,
        at: &Location,
        name: String,
        docs: Vec<String>,
        values: &[crate::spec::EnumValue],
        wire: ir::EnumWire,
    ) -> ir::Enum {
        if values.is_empty() {
            self.sink.error(file, Some(at), format!("the enum `{name}` has no values"));
        }
        let mut variants: Vec<ir::EnumVariant> = Vec::new();
        for value in values {
            let integer = match wire {
                ir::EnumWire::Text => None,
                ir::EnumWire::Integer => match value.value.value.trim().parse::<i64>() {
                    Ok(integer) => Some(integer),
                    Err(_) => {
                        let message = format!("the value `{}` of an integer enum is not an integer", value.value.value);
                        self.error(file, &value.value, message);
                        continue;
                    }
                },
            };
            let variant = match (&value.name, integer) {
                (Some(name), _) => variant_name(&name.value),
                (None, Some(integer)) => integer_variant_name(integer),
                (None, None) => variant_name(&value.value.value),
            };
            let wire_value = integer.map_or_else(|| value.value.value.clone(), |integer| integer.to_string());
            if let Some(first) = variants.iter().find(|known| known.wire_value == wire_value) {
                self.error(file, &value.value, format!("the enum value `{}` is listed twice", first.wire_value));
                continue;
            }
            if let Some(first) = variants.iter().find(|known| known.name == variant) {
                let message = format!(
                    "the enum values `{}` and `{}` would both be the variant `{variant}`",
                    first.wire_value, value.value.value
                );
                self.error(file, &value.value, message);
                continue;
            }
            let mut docs = self.docs(
                file,
                Some(&value.value.referenced),
                || format!("enum value {name}.{}", value.value.value),
                value.description.as_ref(),
            );
            // The wire value is always shown: it is what the service docs and logs say.
            if docs.is_empty() {
                docs.push(format!("`{wire_value}`"));
            } else {
                docs.extend([String::new(), format!("On the wire: `{wire_value}`.")]);
            }
            variants.push(ir::EnumVariant { name: variant, wire_value, docs });
        }
        let unknown_variant =
            free_name(["Unknown", "UnknownValue", "Other"], |candidate| variants.iter().any(|v| v.name == candidate));
        ir::Enum { name, docs, wire, variants, unknown_variant }
    }

    fn lower_union(&mut self, file: &str, name: &str, rust_name: String, docs: Vec<String>, tag: &Text) {
        let base = self.definitions[name].schema;
        // The tag may be declared by a definition the base extends, as Swagger allows.
        let Some(tag_schema) = self.property_in_chain(name, &tag.value) else {
            self.error(file, tag, format!("the discriminator `{}` is not a property of `{name}`", tag.value));
            return;
        };
        let tag_is_string = tag_schema.kind.as_ref().is_some_and(|kind| kind.value == "string")
            || tag_schema.reference.as_ref().is_some_and(|r| {
                self.definitions.get(&r.value).is_some_and(|def| {
                    def.schema.values.is_some() && def.schema.kind.as_ref().is_none_or(|kind| kind.value == "string")
                })
            });
        if !tag_is_string {
            self.error(file, tag, format!("the discriminator `{}` must be a string or a string enum", tag.value));
        }
        let mut variants: Vec<ir::UnionVariant> = Vec::new();
        let extenders: Vec<_> = self
            .descendants(name)
            .into_iter()
            .map(|variant| {
                let definition = &self.definitions[&variant];
                (variant, definition.rust_name.clone(), definition.schema)
            })
            .collect();
        for (variant, struct_name, schema) in extenders {
            let Some(value) = &schema.discriminator_value else {
                let at = self.definitions[&variant].at;
                self.sink.error(
                    file,
                    Some(&at),
                    format!("`{variant}` extends the union `{name}` but has no `discriminatorValue`"),
                );
                continue;
            };
            if variants.iter().any(|known| known.tag_value == value.value) {
                self.error(
                    file,
                    value,
                    format!("two variants of `{name}` have the discriminator value `{}`", value.value),
                );
                continue;
            }
            let variant_name = variant_name(&value.value);
            if variants.iter().any(|known| known.name == variant_name) {
                self.error(
                    file,
                    value,
                    format!("the discriminator value `{}` gives the variant name `{variant_name}` twice", value.value),
                );
                continue;
            }
            let docs = self.docs(
                file,
                Some(&value.referenced),
                || format!("definition {variant}"),
                schema.description.as_ref(),
            );
            variants.push(ir::UnionVariant { name: variant_name, tag_value: value.value.clone(), struct_name, docs });
        }
        if variants.is_empty() {
            let at = self.definitions[name].at;
            self.sink.error(
                file,
                Some(&at),
                format!("the union `{name}` has no variant: no definition `extends: {name}`"),
            );
        }
        let unknown_variant =
            free_name(["Unknown", "UnknownType", "Other"], |candidate| variants.iter().any(|v| v.name == candidate));
        let unknown_struct = format!("Unknown{rust_name}");
        if self.definition_type_names.contains(&unknown_struct) {
            self.error(
                file,
                tag,
                format!(
                    "the fallback of `{name}` needs the type name `{unknown_struct}`, which a definition already has"
                ),
            );
        }
        // The fallback keeps every base property, the discriminator as a required field, and
        // every other property as raw JSON.
        let at = self.definitions[name].at;
        let Some((mut fields, _)) = self.chain_fields(file, &at, name, base, true) else { return };
        for field in &mut fields {
            if field.wire_name == tag.value {
                field.presence = Presence::Required;
            }
        }
        let shared_fields = fields.iter().filter(|field| field.wire_name != tag.value).cloned().collect();
        let tag_field = fields
            .iter()
            .find(|field| field.wire_name == tag.value)
            .map_or_else(|| value_name(&tag.value), |f| f.name.clone());
        let unknown_docs = vec![format!(
            "A `{rust_name}` whose `{}` this crate does not know: its properties, every one kept.",
            tag.value
        )];
        self.check_extras_field(file, tag, &unknown_struct, &fields);
        let unknown = ir::Struct { name: unknown_struct.clone(), docs: unknown_docs, fields, keeps_extras: true };
        self.add_model(ir::Model::Struct(unknown));
        let union = ir::Union {
            name: rust_name,
            docs,
            tag: tag.value.clone(),
            tag_field,
            variants,
            unknown_variant,
            unknown_struct,
            shared_fields,
        };
        self.add_model(ir::Model::Union(union));
    }

    /// The property `property` of definition `name`, or else of the nearest definition above
    /// it in its `extends` chain that declares it.
    fn property_in_chain(&self, name: &str, property: &str) -> Option<&Schema> {
        let mut current = self.definitions.get(name)?.schema;
        for _ in 0..=MAX_DEPTH {
            if let Some((_, schema)) = current.properties.iter().find(|(key, _)| key.value == property) {
                return Some(schema);
            }
            current = self.definitions.get(&current.extends.as_ref()?.value)?.schema;
        }
        None
    }

    /// The nearest definition above `name` in its `extends` chain that is a union, if any.
    fn union_above(&self, name: &str) -> Option<String> {
        let mut current = self.definitions.get(name)?.schema;
        let mut steps = 0;
        while let Some(base) = &current.extends {
            let definition = self.definitions.get(&base.value)?;
            if definition.schema.discriminator.is_some() {
                return Some(base.value.clone());
            }
            current = definition.schema;
            steps += 1;
            if steps > MAX_DEPTH {
                return None;
            }
        }
        None
    }

    /// Every definition that extends `base`, directly or through others, depth first in spec
    /// order (a child right after its parent): a union covers its variants at every depth.
    fn descendants(&self, base: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut seen = HashSet::from([base.to_owned()]);
        let mut stack: Vec<&String> = self.extenders.get(base).into_iter().flatten().rev().collect();
        while let Some(name) = stack.pop() {
            // A cycle of `extends` is reported where the struct is lowered.
            if !seen.insert(name.clone()) {
                continue;
            }
            found.push(name.clone());
            stack.extend(self.extenders.get(name).into_iter().flatten().rev());
        }
        found
    }

    fn lower_struct(
        &mut self,
        file: &str,
        at: &Location,
        name: &str,
        rust_name: String,
        docs: Vec<String>,
        schema: &Schema,
    ) -> Option<ir::Struct> {
        let (fields, keeps_extras) = self.chain_fields(file, at, name, schema, false)?;
        if keeps_extras {
            self.check_extras_field(
                file,
                &Text { value: name.to_owned(), referenced: *at, defined: *at },
                &rust_name,
                &fields,
            );
        }
        Some(ir::Struct { name: rust_name, docs, fields, keeps_extras })
    }

    /// The fields of a definition and of every definition it extends, the base's first; and
    /// whether any of them keeps unknown properties. The union's discriminator is left out (a
    /// variant's tag is its union's) unless `with_tag`. A property declared again further
    /// down the chain (as Azure's variants declare their base's `id`, `name` and `type` once
    /// more) is the one field, declared as the most derived schema says, where the base had it.
    fn chain_fields(
        &mut self,
        file: &str,
        at: &Location,
        name: &str,
        schema: &'_ Schema,
        with_tag: bool,
    ) -> Option<(Vec<Field>, bool)> {
        let mut chain = vec![(name.to_owned(), schema)];
        let mut keeps_extras = allows_extras(schema);
        let mut current = schema;
        while let Some(base_name) = &current.extends {
            let Some(base) = self.definitions.get(&base_name.value) else {
                self.unknown_reference(file, base_name);
                return None;
            };
            if chain.len() > MAX_DEPTH || chain.iter().any(|(_, seen)| std::ptr::eq(*seen, base.schema)) {
                self.sink.error(file, Some(at), format!("`{name}` extends itself through `{}`", base_name.value));
                return None;
            }
            current = base.schema;
            keeps_extras |= allows_extras(current);
            chain.push((base_name.value.clone(), current));
        }
        // The outermost union's discriminator: a union below it is read as a struct (see
        // `lower_definition`), its own discriminator an ordinary property.
        let tag = chain.iter().rev().find_map(|(_, schema)| schema.discriminator.as_ref()).map(|tag| tag.value.clone());
        let mut fields: Vec<Field> = Vec::new();
        for (definition, schema) in chain.iter().rev() {
            for field in self.definition_fields(file, definition, schema) {
                if !with_tag && Some(&field.wire_name) == tag.as_ref() {
                    continue;
                }
                match fields.iter().position(|known| known.wire_name == field.wire_name) {
                    Some(index) => fields[index] = field,
                    None => fields.push(field),
                }
            }
        }
        self.resolve_field_names(file, at, name, &mut fields);
        Some((fields, keeps_extras))
    }

    /// Two properties whose Rust names are the same (`fooBar` and `foo_bar`): an error in a
    /// hand-authored spec; in an imported one the later is numbered (`foo_bar_2`).
    fn resolve_field_names(&mut self, file: &str, at: &Location, owner: &str, fields: &mut [Field]) {
        let mut names: HashSet<String> = HashSet::new();
        for index in 0..fields.len() {
            let field = &fields[index];
            if names.insert(field.name.clone()) {
                continue;
            }
            let message = format!("two properties of `{owner}` would both be the Rust field `{}`", field.name);
            let wire = field.wire_name.clone();
            let renamed = unique_name(std::slice::from_ref(&field.name), |candidate| {
                names.contains(candidate) || fields.iter().any(|other| other.name == candidate)
            });
            let explain = || format!("the property `{wire}` is the field `{renamed}`");
            if self.collision(file, Some(at), message, explain, None) {
                names.insert(renamed.clone());
                fields[index].name = renamed;
            }
        }
    }

    fn check_extras_field(&mut self, file: &str, at: &Text, rust_name: &str, fields: &[Field]) {
        if fields.iter().any(|field| field.name == EXTRAS_FIELD) {
            self.error(
                file,
                at,
                format!("`{rust_name}` keeps unknown properties in `{EXTRAS_FIELD}`, which a property already uses"),
            );
        }
    }

    /// The fields of a definition's own `properties`, lowered once and shared by every struct
    /// that has them (itself and the definitions that extend it); inline models are named after
    /// the definition that declares them.
    fn definition_fields(&mut self, file: &str, definition: &str, schema: &Schema) -> Vec<Field> {
        if let Some(fields) = self.own_fields.get(definition) {
            return fields.clone();
        }
        let rust_name = self.definitions.get(definition).map_or_else(|| type_name(definition), |d| d.rust_name.clone());
        let fields = self.lower_fields(file, &rust_name, schema);
        self.own_fields.insert(definition.to_owned(), fields.clone());
        fields
    }

    /// The fields of one schema's own `properties`, in spec order.
    fn lower_fields(&mut self, file: &str, parent: &str, schema: &Schema) -> Vec<Field> {
        let mut fields = Vec::new();
        let is_multipart = self.multipart_models.contains(parent);
        for (wire, property) in &schema.properties {
            let inline_name = format!("{parent}{}", type_name(&wire.value));
            let file_type = is_multipart.then(|| file_type(property)).flatten();
            let Some(ty) = file_type.or_else(|| self.resolve_type(file, wire, property, &inline_name, 0)) else {
                continue;
            };
            let presence = match (property.required, property.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let mut docs = self.docs(
                file,
                Some(&wire.referenced),
                || format!("property {parent}.{}", wire.value),
                property.description.as_ref(),
            );
            if property.read_only {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push("Read-only: set by the service.".into());
            }
            let rust_name = property.client_name.as_ref().unwrap_or(wire);
            fields.push(Field {
                name: value_name(&rust_name.value),
                wire_name: wire.value.clone(),
                docs,
                ty,
                presence,
                client_flatten: property.client_flatten,
                read_only: property.read_only,
            });
        }
        fields
    }

    /// The type of a property, array item or map value; inline objects and enums become models
    /// named `inline_name`.
    pub(super) fn resolve_type(
        &mut self,
        file: &str,
        at: &Text,
        schema: &Schema,
        inline_name: &str,
        depth: usize,
    ) -> Option<Type> {
        if depth > MAX_DEPTH {
            self.error(file, at, format!("schemas nest more than {MAX_DEPTH} levels deep"));
            return None;
        }
        if let Some(reference) = &schema.reference {
            if schema.secret {
                self.error(file, reference, "only a plain string can be `secret`, not a `$ref`");
            }
            if schema.kind.is_some()
                || schema.format.is_some()
                || !schema.properties.is_empty()
                || schema.items.is_some()
                || schema.values.is_some()
            {
                self.error(
                    file,
                    reference,
                    "`$ref` cannot stand beside `type`, `format`, `properties`, `items` or `enum`",
                );
            }
            return match self.definitions.get(&reference.value) {
                Some(def) => Some(Type::Named(def.rust_name.clone())),
                None => {
                    self.unknown_reference(file, reference);
                    None
                }
            };
        }
        let Some(kind) = &schema.kind else {
            self.error(file, at, format!("`{}` needs a `type` or a `$ref`", at.value));
            return None;
        };
        let format = schema.format.as_ref().map(|format| format.value.as_str());
        if schema.secret && (kind.value != "string" || schema.format.is_some() || schema.values.is_some()) {
            self.error(file, kind, "only a plain string (no `format`, no `enum`) can be `secret`");
        }
        let ty = match (kind.value.as_str(), format) {
            (kind @ ("string" | "integer"), _) if schema.values.is_some() => {
                let wire = if kind == "integer" { ir::EnumWire::Integer } else { ir::EnumWire::Text };
                let values = schema.values.as_deref().unwrap_or_default();
                let docs = self.docs(
                    file,
                    Some(&at.referenced),
                    || format!("enum {inline_name}"),
                    schema.description.as_ref(),
                );
                let model = self.lower_enum(file, &at.referenced, inline_name.to_owned(), docs, values, wire);
                self.add_inline_model(file, at, ir::Model::Enum(model))?
            }
            ("string", None) if schema.secret => Type::Secret,
            ("string", None) => Type::String,
            ("string", Some("password")) => Type::Secret,
            // Kept as the text sent: the runtime has no type of its own for these yet.
            ("string", Some(format)) if TEXT_FORMATS.contains(&format) => Type::String,
            ("string", Some("date-time")) => Type::Timestamp,
            ("string", Some("date-time-rfc1123")) => Type::HttpDate,
            ("string", Some("duration")) => Type::Duration,
            ("integer", Some("int32")) => Type::I32,
            ("integer", None | Some("int64")) => Type::I64,
            ("number", Some("float")) => Type::F32,
            ("number", None | Some("double")) => Type::F64,
            ("boolean", None) => Type::Bool,
            ("array", None) => {
                let Some(items) = &schema.items else {
                    self.error(file, kind, "an array needs `items`");
                    return None;
                };
                Type::Vec(Box::new(self.resolve_type(file, at, items, &format!("{inline_name}Item"), depth + 1)?))
            }
            ("object", None) if !schema.properties.is_empty() => {
                let docs = self.docs(
                    file,
                    Some(&at.referenced),
                    || format!("object {inline_name}"),
                    schema.description.as_ref(),
                );
                let mut fields = self.lower_fields(file, inline_name, schema);
                self.resolve_field_names(file, &at.referenced, &at.value, &mut fields);
                if let Some(AdditionalProperties::Values(_)) = &schema.additional_properties {
                    let message = "unsupported: an object with both `properties` and an `additionalProperties` schema";
                    self.error(file, at, message);
                }
                let keeps_extras = allows_extras(schema);
                if keeps_extras {
                    self.check_extras_field(file, at, inline_name, &fields);
                }
                let model = ir::Struct { name: inline_name.to_owned(), docs, fields, keeps_extras };
                self.add_inline_model(file, at, ir::Model::Struct(model))?
            }
            ("object", None) => match &schema.additional_properties {
                Some(AdditionalProperties::Values(values)) => Type::Map(Box::new(self.resolve_type(
                    file,
                    at,
                    values,
                    &format!("{inline_name}Value"),
                    depth + 1,
                )?)),
                Some(AdditionalProperties::Keep(_)) | None => Type::Json,
            },
            ("string" | "integer" | "number" | "boolean" | "array" | "object", Some(format)) => {
                let message = format!("`format: {format}` does not apply to `type: {}`", kind.value);
                self.error(file, schema.format.as_ref().unwrap_or(kind), message);
                return None;
            }
            (other, _) => {
                const TYPES: [&str; 6] = ["object", "string", "integer", "number", "boolean", "array"];
                let message = format!("unknown type `{other}`");
                let help = match crate::diagnostics::closest(other, TYPES) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the types are: {}", TYPES.join(", ")),
                };
                self.sink.error_with_help(file, Some(&kind.referenced), message, help);
                return None;
            }
        };
        Some(ty)
    }

    fn add_inline_model(&mut self, file: &str, at: &Text, model: ir::Model) -> Option<Type> {
        let name = model.name().to_owned();
        if self.taken_type_names.contains(&name) {
            self.error(
                file,
                at,
                format!(
                    "the inline schema of `{}` needs the type name `{name}`, which another type already has",
                    at.value
                ),
            );
            return None;
        }
        self.add_model(model);
        Some(Type::Named(name))
    }

    pub(super) fn unknown_reference(&mut self, file: &str, reference: &Text) {
        if self.broken_definitions.contains(&reference.value) {
            return;
        }
        let message = format!("`{}` names no definition", reference.value);
        let definitions: Vec<String> = self.definitions.keys().cloned().collect();
        self.unknown_name(file, reference, message, definitions.iter().map(String::as_str));
    }
}

fn allows_extras(schema: &Schema) -> bool {
    matches!(schema.additional_properties, Some(AdditionalProperties::Keep(true)))
}

/// The first candidate that is not taken.
fn free_name(candidates: [&str; 3], taken: impl Fn(&str) -> bool) -> String {
    if let Some(free) = candidates.iter().find(|candidate| !taken(candidate)) {
        return (*free).to_owned();
    }
    let mut chosen = candidates[2].to_owned();
    while taken(&chosen) {
        chosen.push('_');
    }
    chosen
}

/// A body setter whose property was boxed (it holds its own struct) takes the struct and boxes it.
pub fn box_setters(models: &[ir::Model], apis: &mut [ir::Api]) {
    let structs: HashMap<&str, &ir::Struct> = models
        .iter()
        .filter_map(|model| match model {
            ir::Model::Struct(model) => Some((model.name.as_str(), model)),
            _ => None,
        })
        .collect();
    for body in apis.iter_mut().flat_map(|api| &mut api.operations).filter_map(|operation| operation.body.as_mut()) {
        for setter in &mut body.setters {
            let mut model = structs.get(body.model.as_str()).copied();
            let mut last = None;
            for step in &setter.path {
                let field = model.and_then(|model| model.fields.iter().find(|field| field.name == *step));
                model = match field.map(|field| &field.ty) {
                    Some(Type::Named(name) | Type::Boxed(name)) => structs.get(name.as_str()).copied(),
                    _ => None,
                };
                last = field;
            }
            if let Some(Type::Boxed(name)) = last.map(|field| &field.ty) {
                setter.ty = Type::Boxed(name.clone());
            }
        }
    }
}

/// Boxes every field that holds, directly or through other fields, the struct it is in.
pub fn box_recursive_fields(models: &mut [ir::Model]) {
    let mut contains: HashMap<String, Vec<String>> = HashMap::new();
    for model in models.iter() {
        let direct: Vec<String> = match model {
            ir::Model::Struct(model) => {
                model.fields.iter().filter_map(|field| named(&field.ty)).map(str::to_owned).collect()
            }
            ir::Model::Union(model) => {
                model.variants.iter().map(|v| v.struct_name.clone()).chain([model.unknown_struct.clone()]).collect()
            }
            ir::Model::Enum(_) => Vec::new(),
        };
        contains.insert(model.name().to_owned(), direct);
    }
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_owned()];
        let mut seen = HashSet::new();
        while let Some(name) = stack.pop() {
            if name == to {
                return true;
            }
            if seen.insert(name.clone()) {
                stack.extend(contains.get(&name).into_iter().flatten().cloned());
            }
        }
        false
    };
    for model in models.iter_mut() {
        if let ir::Model::Struct(model) = model {
            for field in &mut model.fields {
                if let Some(target) = named(&field.ty).map(str::to_owned)
                    && reaches(&target, &model.name)
                {
                    field.ty = Type::Boxed(target);
                }
            }
        }
    }
}

fn named(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named(name) => Some(name),
        _ => None,
    }
}

/// A file part of a multipart body: a `format: binary` string, or an array of them (several
/// files under one name).
fn file_type(property: &Schema) -> Option<Type> {
    let is_binary = |schema: &Schema| {
        schema.reference.is_none()
            && schema.kind.as_ref().is_some_and(|kind| kind.value == "string")
            && schema.format.as_ref().is_some_and(|format| format.value == "binary")
    };
    if is_binary(property) {
        return Some(Type::File);
    }
    let items =
        property.items.as_deref().filter(|_| property.kind.as_ref().is_some_and(|kind| kind.value == "array"))?;
    is_binary(items).then(|| Type::Vec(Box::new(Type::File)))
}
