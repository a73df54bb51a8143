//! Swagger `definitions`: their names in the spec model, who extends whom, and each one's schema.

use super::{DefinitionId, Reader, Target, text};
use crate::import::tree::Node;
use crate::lower::type_name;
use crate::spec::{AdditionalProperties, Schema, Text};
use indexmap::IndexMap;

impl<'a> Reader<'a> {
    /// Decides what each definition becomes and under which name, and records inheritance.
    /// Names are the definitions' keys; a key whose Rust type name another definition already
    /// has (`SSISPackage` and `SsisPackage`, or the same key in two files with different
    /// schemas) gets the first free numbered name (`SsisPackage2`), with a warning.
    pub(super) fn name_definitions(&mut self, swagger: &[usize]) {
        for &doc in swagger {
            let definitions = self.doc(doc).root.get("definitions").map(Node::members).unwrap_or_default();
            for (key, node) in definitions {
                let id = (doc, key.name.clone());
                if !is_model(node) {
                    self.targets.insert(id, Target::Inline);
                    continue;
                }
                let wanted = type_name(&key.name);
                let name = match self.taken.get(&wanted).cloned() {
                    None => key.name.clone(),
                    Some(first) => {
                        let owner = self.owners.get(&first).cloned();
                        let same = owner.as_ref().is_some_and(|owner| {
                            owner.1 == key.name
                                && self.definition_node(owner).is_some_and(|other| other.to_json() == node.to_json())
                        });
                        if same {
                            // The same definition copied into two files: one model.
                            self.targets.insert(id.clone(), Target::Model(first));
                            self.copies.insert(id);
                            continue;
                        }
                        let free = (2..)
                            .map(|n| format!("{}{n}", key.name))
                            .find(|candidate| !self.taken.contains_key(&type_name(candidate)))
                            .unwrap_or_default();
                        let message = format!(
                            "the definition `{}` would be the Rust type `{wanted}`, which `{first}` already is: it is named `{free}`",
                            key.name
                        );
                        self.warn(doc, key.at, &["definitions", &key.name], message);
                        free
                    }
                };
                self.owners.insert(name.clone(), id.clone());
                self.taken.insert(type_name(&name), name.clone());
                self.targets.insert(id, Target::Model(name));
            }
        }
        for &doc in swagger {
            let definitions = self.doc(doc).root.get("definitions").map(Node::members).unwrap_or_default();
            for (key, node) in definitions {
                let id = (doc, key.name.clone());
                let parent = node
                    .get("allOf")
                    .into_iter()
                    .flat_map(|all| all.items())
                    .filter_map(|member| member.str_of("$ref"))
                    .find_map(|reference| self.definition_of(doc, reference));
                let Some(parent) = parent.filter(|parent| matches!(self.targets.get(parent), Some(Target::Model(_))))
                else {
                    continue;
                };
                if self.reaches(&parent, &id) {
                    let message =
                        format!("`{}` extends itself through `{}`: the `allOf` is left out", key.name, parent.1);
                    self.error(doc, key.at, &["definitions", &key.name, "allOf"], message);
                    continue;
                }
                self.has_children.insert(parent.clone());
                self.parents.insert(id, parent);
            }
        }
    }

    /// Whether following `parents` from `from` arrives at `to`.
    fn reaches(&self, from: &DefinitionId, to: &DefinitionId) -> bool {
        let mut current = Some(from);
        let mut steps = 0;
        while let Some(id) = current {
            if id == to || steps > 10_000 {
                return true;
            }
            steps += 1;
            current = self.parents.get(id);
        }
        false
    }

    /// The spec definitions of one file, in its order.
    pub(super) fn definitions(&mut self, doc: usize) -> IndexMap<Text, Schema> {
        let mut out = IndexMap::new();
        let definitions = self.doc(doc).root.get("definitions").map(Node::members).unwrap_or_default();
        for (key, node) in definitions {
            let id = (doc, key.name.clone());
            let Some(Target::Model(name)) = self.targets.get(&id).cloned() else { continue };
            if self.copies.contains(&id) {
                continue;
            }
            let path = ["definitions", key.name.as_str()];
            let mut schema = self.definition_schema(doc, node, &path);
            if schema.properties.is_empty()
                && matches!(schema.additional_properties, Some(AdditionalProperties::Values(_)))
            {
                // A map of any JSON values: a struct that keeps every property.
                schema.additional_properties = Some(AdditionalProperties::Keep(true));
            }
            if let Some(parent) = self.parents.get(&id).cloned() {
                schema.extends = match self.targets.get(&parent) {
                    Some(Target::Model(parent)) => Some(text(parent.clone(), key.at)),
                    _ => None,
                };
                schema.kind = Some(text("object", node.at));
                self.merge_all_of(doc, node, &path, &mut schema);
                if self.union_root(&id).is_some() {
                    let value = node.str_of("x-ms-discriminator-value").unwrap_or(&key.name).to_owned();
                    let at = node.get("x-ms-discriminator-value").map_or(key.at, |value| value.at);
                    schema.discriminator_value = Some(text(value, at));
                }
            } else if node.get("allOf").is_some() {
                self.merge_all_of(doc, node, &path, &mut schema);
            }
            if let Some(tag) = node.get("discriminator") {
                if self.is_union(&id) {
                    schema.discriminator =
                        tag.as_str().map(|tag| text(tag, node.get("discriminator").map_or(key.at, |n| n.at)));
                } else if !self.has_children.contains(&id) {
                    let message = format!(
                        "`{}` has a discriminator but no definition extends it: read as a plain object",
                        key.name
                    );
                    self.warn(doc, tag.at, &["definitions", &key.name, "discriminator"], message);
                } else {
                    let message = format!(
                        "`{}` has a discriminator inside another hierarchy: its descendants are variants of the outer union",
                        key.name
                    );
                    self.warn(doc, tag.at, &["definitions", &key.name, "discriminator"], message);
                }
            }
            self.mark_required(doc, node, &path, &mut schema);
            if name == "SecureString"
                && let Some((_, value)) = schema.properties.iter_mut().find(|(key, _)| key.value == "value")
                && value.reference.is_none()
                && value.format.is_none()
                && value.values.is_none()
                && value.kind.as_ref().is_some_and(|kind| kind.value == "string")
            {
                // Azure's SecureString holds its secret in `value`.
                value.secret = true;
            }
            out.insert(text(name, key.at), schema);
        }
        out
    }

    /// The properties of inline `allOf` members join the definition's own; a second parent
    /// cannot be inherited (the model has single inheritance): its properties are copied.
    fn merge_all_of(&mut self, doc: usize, node: &'a Node, path: &[&str], schema: &mut Schema) {
        let members = node.get("allOf").map(Node::items).unwrap_or_default();
        let mut inherited = false;
        for (index, member) in members.iter().enumerate() {
            let index = index.to_string();
            let member_path = [path, &["allOf", index.as_str()]].concat();
            let source = match member.str_of("$ref") {
                Some(reference) => {
                    let parent = self.definition_of(doc, reference);
                    if !inherited
                        && parent
                            .as_ref()
                            .is_some_and(|parent| matches!(self.targets.get(parent), Some(Target::Model(_))))
                    {
                        inherited = true;
                        continue;
                    }
                    let Some((target, pointer)) = self.locate(doc, reference) else {
                        self.error(doc, member.at, &member_path, format!("`{reference}` names no loaded file"));
                        continue;
                    };
                    let Some(found) = self.doc(target).root.at_pointer(&pointer) else {
                        self.error(doc, member.at, &member_path, format!("`{reference}` names nothing"));
                        continue;
                    };
                    let message = format!(
                        "a second `allOf` parent (`{reference}`): its own properties are copied, it is not inherited"
                    );
                    self.warn(doc, member.at, &member_path, message);
                    (target, found)
                }
                None => (doc, member),
            };
            let (source_doc, source) = source;
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

    /// `required: [names]` marks the named properties; a name that is inherited or that no
    /// property has cannot be marked here, with a warning.
    pub(super) fn mark_required(&mut self, doc: usize, node: &Node, path: &[&str], schema: &mut Schema) {
        let Some(required) = node.get("required") else { return };
        for (index, name) in required.items().iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            match schema.properties.iter_mut().find(|(key, _)| key.value == name) {
                Some((_, property)) => property.required = true,
                None => {
                    let index = index.to_string();
                    let place = [path, &["required", index.as_str()]].concat();
                    let message = format!(
                        "`{name}` is required but is not a property of this schema (an inherited one cannot be made required here): it stays optional"
                    );
                    self.warn(doc, required.at, &place, message);
                }
            }
        }
    }
}

/// Whether a definition becomes a model of its own: a string enum, an object with properties,
/// inheritance or a discriminator, or a map of any JSON values (an object with only
/// `additionalProperties` that says nothing about the values). Typed maps, arrays, scalars and
/// bare objects are written in place of their references instead.
fn is_model(node: &Node) -> bool {
    let kind = node.str_of("type");
    if node.get("enum").is_some() {
        return matches!(kind, None | Some("string"))
            && node.get("enum").is_some_and(|values| values.items().iter().any(|v| v.as_str().is_some()));
    }
    if node.get("properties").is_some_and(|p| !p.members().is_empty())
        || node.get("allOf").is_some()
        || node.get("discriminator").is_some()
    {
        return true;
    }
    matches!(kind, None | Some("object")) && node.get("additionalProperties").is_some_and(super::schema::is_any_json)
}
