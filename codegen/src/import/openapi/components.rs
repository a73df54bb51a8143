//! `components/schemas`: their names in the spec model, who extends whom (`allOf`, and the
//! members of a discriminated `oneOf`/`anyOf`), and each one's definition.

use super::{Member, Reader, UnionPlan, Variant, text};
use crate::import::reader::{FormatReader, SchemaId, Target};
use crate::import::schema_common::{SchemaRules, is_any_json, is_integer_enum, keep_any_json_map};
use crate::import::tree::{At, Node};
use crate::lower::type_name;
use crate::spec::{Schema, Text};
use indexmap::IndexMap;
use std::collections::HashMap;

impl<'a> Reader<'a> {
    /// Decides what each component becomes and under which name, and records `allOf`
    /// inheritance. A name whose Rust type another component already has gets the first free
    /// numbered name, with a warning.
    pub(super) fn name_components(&mut self, openapi: &[usize]) {
        for &doc in openapi {
            for (key, node) in self.named_schemas(doc).members() {
                let id = (doc, key.name.clone());
                if !self.is_model(doc, node) {
                    self.core.targets.insert(id, Target::Inline);
                    continue;
                }
                self.name_model(doc, key, node);
            }
        }
        self.link_parents(openapi, false);
    }

    /// Whether a component becomes a model of its own: a string or integer enum (or a `oneOf` of
    /// string constants), an object with properties, inheritance, a discriminator or a `oneOf` that
    /// can be a union, or a map of any JSON values.
    fn is_model(&self, doc: usize, node: &Node) -> bool {
        if self.string_values(doc, node, 0).is_some() || is_integer_enum(node) {
            return true;
        }
        if node.get("$ref").is_some() {
            return false;
        }
        if node.get("properties").is_some_and(|p| !p.members().is_empty()) || node.get("discriminator").is_some() {
            return true;
        }
        if let Some(all) = node.get("allOf") {
            // `allOf: [{$ref: X}]` beside a description is an alias of X, written in place.
            return all.items().len() > 1 || all.items().iter().any(|member| member.get("$ref").is_none());
        }
        if let Some(members) = node.get("oneOf").or_else(|| node.get("anyOf")) {
            return self.union_plan(doc, node, members).is_ok();
        }
        matches!(node.str_of("type"), None | Some("object"))
            && node.get("additionalProperties").is_some_and(is_any_json)
            && node.get("items").is_none()
    }

    /// A `oneOf`/`anyOf` whose members all extend (`allOf`) one schema that nothing else names
    /// (`Pet: oneOf [Cat, Dog]` with `Cat: allOf [PetCommon, ...]`, as the export writes a
    /// union): that schema is the union's base. The members extend the union instead, its
    /// properties become the union's own (so they are shared by every variant, as in a Swagger
    /// hierarchy), and it is no model of its own. A base named anywhere else stays a model and
    /// the union is read as before.
    pub(super) fn fold_shared_bases(&mut self, openapi: &[usize]) {
        let mut candidates = Vec::new();
        for &doc in openapi {
            for (key, node) in self.named_schemas(doc).members() {
                let id = (doc, key.name.clone());
                let Some(members) = node.get("oneOf").or_else(|| node.get("anyOf")) else { continue };
                if !self.core.is_model_target(&id) || node.get("properties").is_some() || node.get("allOf").is_some() {
                    continue;
                }
                let members: Option<Vec<SchemaId>> = members
                    .items()
                    .iter()
                    .filter(|member| member.str_of("type") != Some("null"))
                    .map(|member| member.str_of("$ref").and_then(|reference| self.named_schema_of(doc, reference)))
                    .collect();
                let Some(members) = members.filter(|members| !members.is_empty()) else { continue };
                let Some(base) = self.core.parents.get(&members[0]).cloned() else { continue };
                let shared = members.iter().all(|member| self.core.parents.get(member) == Some(&base));
                let plain = self.named_schema_node(&base).is_some_and(|base_node| {
                    ["discriminator", "oneOf", "anyOf", "allOf"].iter().all(|keyword| base_node.get(keyword).is_none())
                });
                if shared && plain && base != id {
                    candidates.push((id, base, members));
                }
            }
        }
        if candidates.is_empty() {
            return;
        }
        let counts = self.reference_counts(openapi);
        for (union, base, members) in candidates {
            if counts.get(&base) != Some(&members.len()) || self.folded.contains_key(&base) {
                continue;
            }
            // `plan_unions` then makes them the union's variants.
            for member in members {
                self.core.parents.insert(member, union.clone());
            }
            self.folded.insert(base, union);
        }
    }

    /// How many `$ref`s of the documents name each named schema.
    fn reference_counts(&self, openapi: &[usize]) -> HashMap<SchemaId, usize> {
        fn walk(reader: &Reader<'_>, doc: usize, node: &Node, counts: &mut HashMap<SchemaId, usize>) {
            if let Some(id) = node.str_of("$ref").and_then(|reference| reader.named_schema_of(doc, reference)) {
                *counts.entry(id).or_default() += 1;
            }
            for (_, member) in node.members() {
                walk(reader, doc, member, counts);
            }
            for item in node.items() {
                walk(reader, doc, item, counts);
            }
        }
        let mut counts = HashMap::new();
        for &doc in openapi {
            walk(self, doc, &self.core.doc(doc).root, &mut counts);
        }
        counts
    }

    /// Finds which components' `oneOf`/`anyOf` are unions, and makes their `$ref` members
    /// variants. A member that already extends another schema stays out of the union (warning).
    pub(super) fn plan_unions(&mut self, openapi: &[usize]) {
        for &doc in openapi {
            for (key, node) in self.named_schemas(doc).members() {
                let id = (doc, key.name.clone());
                let Some(members) = node.get("oneOf").or_else(|| node.get("anyOf")) else { continue };
                if !self.core.is_model_target(&id) || self.string_values(doc, node, 0).is_some() {
                    continue;
                }
                let Ok(mut plan) = self.union_plan(doc, node, members) else { continue };
                plan.base = self.folded.iter().find(|(_, union)| **union == id).map(|(base, _)| base.clone());
                let keyword = if node.get("oneOf").is_some() { "oneOf" } else { "anyOf" };
                let mut kept = Vec::new();
                for (index, variant) in plan.variants.into_iter().enumerate() {
                    if let Member::Component(member) = &variant.member {
                        let clash = match self.core.parents.get(member) {
                            Some(parent) => parent != &id,
                            None => self.core.reaches(&id, member) || !self.core.is_model_target(member),
                        };
                        if clash {
                            let index = index.to_string();
                            let message = format!(
                                "`{}` cannot be a variant of `{}`: it already extends another schema (or is not an object); the union reads it as an unknown variant",
                                member.1, key.name
                            );
                            self.warn(doc, variant.at, &["components", "schemas", &key.name, keyword, &index], message);
                            continue;
                        }
                        self.core.parents.insert(member.clone(), id.clone());
                        self.tag_values.insert(member.clone(), (variant.value.clone(), variant.at));
                    }
                    kept.push(variant);
                }
                if kept.is_empty() {
                    continue;
                }
                self.core.has_children.insert(id.clone());
                plan.variants = kept;
                self.unions.insert(id, plan);
            }
        }
    }

    /// The union a `oneOf`/`anyOf` of objects makes: its tag is the `discriminator`'s
    /// `propertyName`, else the first property that every member has as one string constant
    /// (`const`, or an `enum` of one value). Each member's value is the `mapping` key naming
    /// it, else its constant, else (a `$ref` under an explicit discriminator) its schema name.
    fn union_plan(&self, doc: usize, node: &Node, members: &Node) -> Result<UnionPlan, String> {
        let discriminator = node.get("discriminator");
        let resolved: Vec<(Option<SchemaId>, usize, &Node)> = members
            .items()
            .iter()
            .filter(|member| member.str_of("type") != Some("null"))
            .map(|member| match member.str_of("$ref") {
                Some(reference) => match self.named_schema_of(doc, reference) {
                    Some(id) => self.named_schema_node(&id).map(|target| (Some(id.clone()), id.0, target)),
                    None => None,
                },
                None => Some((None, doc, member)),
            })
            .collect::<Option<_>>()
            .ok_or("a member is a `$ref` to no component schema")?;
        if resolved.is_empty() {
            return Err("no members".into());
        }
        let (tag, tag_at) = match discriminator {
            Some(discriminator) => {
                let name = discriminator.get("propertyName").ok_or("the discriminator has no `propertyName`")?;
                (name.as_str().ok_or("`propertyName` is not a string")?.to_owned(), name.at)
            }
            None => {
                let first = resolved[0].2;
                first
                    .get("properties")
                    .map(Node::members)
                    .unwrap_or_default()
                    .iter()
                    .find(|(key, _)| {
                        resolved
                            .iter()
                            .all(|(_, member_doc, member)| constant_of(*member_doc, member, &key.name, self).is_some())
                    })
                    .map(|(key, _)| (key.name.clone(), key.at))
                    .ok_or("no property is a string constant in every member")?
            }
        };
        let mapping = discriminator.and_then(|discriminator| discriminator.get("mapping"));
        let mut variants = Vec::new();
        for (index, (component, member_doc, member)) in resolved.into_iter().enumerate() {
            if !member.is_object() || (component.is_none() && member.get("properties").is_none()) {
                return Err("a member is not an object".into());
            }
            let mapped = mapping.into_iter().flat_map(Node::members).find(|(_, target)| {
                let target = target.as_str().and_then(|reference| self.named_schema_of(doc, reference));
                target.is_some() && target == component
            });
            let value = match (mapped, constant_of(member_doc, member, &tag, self), &component) {
                (Some((key, _)), _, _) => (key.name.clone(), key.at),
                (None, Some(constant), _) => constant,
                (None, None, Some(id)) if discriminator.is_some() => (id.1.clone(), member.at),
                _ => return Err(format!("a member has no value for the discriminator `{tag}`")),
            };
            let member = match component {
                Some(id) => Member::Component(id),
                None => Member::Inline(index),
            };
            variants.push(Variant { value: value.0, at: value.1, member });
        }
        Ok(UnionPlan { tag, tag_at, variants, base: None })
    }

    /// The spec definitions of one file, in its order; union members written inline come
    /// right after their union.
    pub(super) fn definitions(&mut self, doc: usize) -> IndexMap<Text, Schema> {
        let mut out = IndexMap::new();
        for (key, node) in self.named_schemas(doc).members() {
            let id = (doc, key.name.clone());
            let Some(Target::Model(name)) = self.core.targets.get(&id).cloned() else { continue };
            if self.core.copies.contains(&id) || self.folded.contains_key(&id) {
                continue;
            }
            let path = ["components", "schemas", key.name.as_str()];
            let mut members = Vec::new();
            let mut schema = match self.unions.get(&id).cloned() {
                Some(plan) => self.union_base(doc, &name, node, &path, &plan, &mut members),
                None => self.definition_schema(doc, node, &path),
            };
            keep_any_json_map(&mut schema);
            self.inherit(&id, key, node, &path, &mut schema);
            if let Some(discriminator) = node.get("discriminator") {
                let tag = discriminator.str_of("propertyName");
                if self.is_union(&id) {
                    if let (Some(tag), None) = (tag, &schema.discriminator) {
                        schema.discriminator = Some(text(tag, discriminator.at));
                        self.ensure_tag(&mut schema, tag, discriminator.at);
                    }
                } else if !self.core.has_children.contains(&id) {
                    let message = format!(
                        "`{}` has a discriminator but no schema extends it or is one of its `oneOf`: read as a plain object",
                        key.name
                    );
                    self.warn(doc, discriminator.at, &[&path[..], &["discriminator"]].concat(), message);
                } else if !self.unions.contains_key(&id) {
                    let message = format!(
                        "`{}` has a discriminator inside another hierarchy: its descendants are variants of the outer union",
                        key.name
                    );
                    self.warn(doc, discriminator.at, &[&path[..], &["discriminator"]].concat(), message);
                }
            }
            if self.unions.contains_key(&id) && !self.is_union(&id) {
                // A `oneOf` union nested in another hierarchy: its members join the outer union.
                schema.discriminator = None;
            }
            self.mark_required(doc, node, &path, &mut schema);
            if let Some(tag) = self.union_root(&id).and_then(|root| self.union_tag(&root)) {
                // The union's base has the tag; a variant's own (a constant) would be an unused type.
                schema.properties.retain(|key, _| key.value != tag);
            }
            out.insert(text(name, key.at), schema);
            // Inline members of a union come right after it.
            out.extend(members);
        }
        out
    }

    /// The discriminator value of a variant component: as its union's plan says, else as its
    /// root's `mapping` names it, else its tag's constant, else its schema name.
    pub(super) fn tag_value(&self, id: &SchemaId, parent: &SchemaId, node: &Node) -> (String, At) {
        if let Some(value) = self.tag_values.get(id) {
            return value.clone();
        }
        let root = self.union_root(id).unwrap_or_else(|| parent.clone());
        let root_node = self.named_schema_node(&root);
        let discriminator = root_node.and_then(|root| root.get("discriminator"));
        let mapped = discriminator
            .and_then(|discriminator| discriminator.get("mapping"))
            .into_iter()
            .flat_map(Node::members)
            .find(|(_, target)| {
                target.as_str().and_then(|reference| self.named_schema_of(root.0, reference)).as_ref() == Some(id)
            });
        if let Some((key, _)) = mapped {
            return (key.name.clone(), key.at);
        }
        let tag = discriminator.and_then(|discriminator| discriminator.str_of("propertyName"));
        if let Some(constant) = tag.and_then(|tag| constant_of(id.0, node, tag, self)) {
            return constant;
        }
        (id.1.clone(), node.at)
    }

    /// The base of a `oneOf` union: the component's own properties and the tag (a required
    /// string); inline members become definitions named `<Union><Value>` that extend it.
    fn union_base(
        &mut self,
        doc: usize,
        name: &str,
        node: &'a Node,
        path: &[&str],
        plan: &UnionPlan,
        out: &mut Vec<(Text, Schema)>,
    ) -> Schema {
        let mut schema = self.definition_schema(doc, node, path);
        if let Some(base) = &plan.base
            && let Some(base_node) = self.named_schema_node(base)
        {
            // The folded base's properties come first, as a Swagger base's would.
            let base_path = ["components", "schemas", base.1.as_str()];
            let mut common = self.definition_schema(base.0, base_node, &base_path);
            self.mark_required(base.0, base_node, &base_path, &mut common);
            common.properties.extend(std::mem::take(&mut schema.properties));
            schema.properties = common.properties;
            schema.description = schema.description.or(common.description);
            schema.additional_properties = schema.additional_properties.or(common.additional_properties);
        }
        schema.kind = Some(text("object", node.at));
        schema.discriminator = Some(text(plan.tag.clone(), plan.tag_at));
        self.ensure_tag(&mut schema, &plan.tag, plan.tag_at);
        let keyword = if node.get("oneOf").is_some() { "oneOf" } else { "anyOf" };
        let members = node.get(keyword).map(Node::items).unwrap_or_default();
        for variant in &plan.variants {
            let Member::Inline(index) = variant.member else { continue };
            let Some(member) = members.get(index) else { continue };
            let index = index.to_string();
            let member_path = [path, &[keyword, index.as_str()]].concat();
            let mut variant_schema = self.definition_schema(doc, member, &member_path);
            self.mark_required(doc, member, &member_path, &mut variant_schema);
            variant_schema.properties.retain(|key, _| key.value != plan.tag);
            variant_schema.kind = Some(text("object", member.at));
            variant_schema.extends = Some(text(name, member.at));
            variant_schema.discriminator_value = Some(text(variant.value.clone(), variant.at));
            let variant_name = self.core.free_name(&format!("{}{}", type_name(name), type_name(&variant.value)));
            out.push((text(variant_name, member.at), variant_schema));
        }
        schema
    }

    /// The discriminator of a union root: its `oneOf` plan's tag, else its `propertyName`.
    fn union_tag(&self, root: &SchemaId) -> Option<String> {
        if let Some(plan) = self.unions.get(root) {
            return Some(plan.tag.clone());
        }
        let discriminator = self.named_schema_node(root)?.get("discriminator")?;
        discriminator.str_of("propertyName").map(str::to_owned)
    }

    /// Makes the discriminator a required string property of a union's base.
    fn ensure_tag(&self, schema: &mut Schema, tag: &str, at: At) {
        match schema.properties.iter_mut().find(|(key, _)| key.value == tag) {
            Some((_, property)) => {
                property.required = true;
                if property.reference.is_none() {
                    *property = Schema {
                        kind: Some(text("string", at)),
                        description: property.description.take(),
                        required: true,
                        ..Schema::default()
                    };
                }
            }
            None => {
                let tag_schema = Schema { kind: Some(text("string", at)), required: true, ..Schema::default() };
                schema.properties.insert(text(tag, at), tag_schema);
            }
        }
    }
}

/// The string constant a member schema gives property `tag`: `const: x`, or `enum: [x]`.
fn constant_of(doc: usize, member: &Node, tag: &str, reader: &Reader<'_>) -> Option<(String, At)> {
    let property = member.get("properties")?.get(tag)?;
    let property = match property.str_of("$ref") {
        Some(reference) => reader.follow(doc, reference)?.1,
        None => property,
    };
    if let Some(constant) = property.get("const") {
        return constant.as_str().map(|value| (value.to_owned(), constant.at));
    }
    match property.get("enum")?.items() {
        [single] => single.as_str().map(|value| (value.to_owned(), single.at)),
        _ => None,
    }
}
