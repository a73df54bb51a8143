//! Swagger `definitions`: their names in the spec model, who extends whom, and each one's schema.

use super::{Reader, text};
use crate::import::reader::{FormatReader, Target};
use crate::import::schema_common::{SchemaRules, is_any_json, is_integer_enum, keep_any_json_map};
use crate::import::tree::Node;
use crate::spec::{Schema, Text};
use indexmap::IndexMap;

impl<'a> Reader<'a> {
    /// Decides what each definition becomes and under which name, and records inheritance.
    /// Names are the definitions' keys; a key whose Rust type name another definition already
    /// has (`SSISPackage` and `SsisPackage`, or the same key in two files with different
    /// schemas) gets the first free numbered name (`SsisPackage2`), with a warning.
    pub(super) fn name_definitions(&mut self, swagger: &[usize]) {
        for &doc in swagger {
            for (key, node) in self.named_schemas(doc).members() {
                let id = (doc, key.name.clone());
                if !is_model(node) {
                    self.core.targets.insert(id, Target::Inline);
                    continue;
                }
                self.name_model(doc, key, node);
            }
        }
        self.link_parents(swagger, true);
    }

    /// The spec definitions of one file, in its order.
    pub(super) fn definitions(&mut self, doc: usize) -> IndexMap<Text, Schema> {
        let mut out = IndexMap::new();
        for (key, node) in self.named_schemas(doc).members() {
            let id = (doc, key.name.clone());
            let Some(Target::Model(name)) = self.core.targets.get(&id).cloned() else { continue };
            if self.core.copies.contains(&id) {
                continue;
            }
            let path = ["definitions", key.name.as_str()];
            let mut schema = self.definition_schema(doc, node, &path);
            keep_any_json_map(&mut schema);
            self.inherit(&id, key, node, &path, &mut schema);
            if let Some(tag) = node.get("discriminator") {
                if self.is_union(&id) {
                    schema.discriminator =
                        tag.as_str().map(|tag| text(tag, node.get("discriminator").map_or(key.at, |n| n.at)));
                } else if !self.core.has_children.contains(&id) {
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
}

/// Whether a definition becomes a model of its own: a string or integer enum, an object with properties,
/// inheritance or a discriminator, or a map of any JSON values (an object with only
/// `additionalProperties` that says nothing about the values). Typed maps, arrays, scalars and
/// bare objects are written in place of their references instead.
fn is_model(node: &Node) -> bool {
    let kind = node.str_of("type");
    if node.get("enum").is_some() {
        return is_integer_enum(node)
            || (matches!(kind, None | Some("string"))
                && node.get("enum").is_some_and(|values| values.items().iter().any(|v| v.as_str().is_some())));
    }
    if node.get("properties").is_some_and(|p| !p.members().is_empty())
        || node.get("allOf").is_some()
        || node.get("discriminator").is_some()
    {
        return true;
    }
    matches!(kind, None | Some("object")) && node.get("additionalProperties").is_some_and(is_any_json)
}
