//! Whole-spec checks that need every model lowered: reference cycles no value can satisfy, and
//! warnings about definitions no operation uses or that lack a description.

use super::{Lowering, ParsedFile};
use crate::ir::{self, Presence, Type};
use crate::spec::{Description, Schema};
use std::collections::{HashMap, HashSet};

impl Lowering<'_> {
    /// A struct whose required properties lead back to itself can never be built or read: every
    /// value would need another inside it. (Cycles through an optional, nullable or array
    /// property, such as `CloudError.details`, are fine.)
    pub(super) fn check_required_cycles(&mut self, files: &[ParsedFile]) {
        let required: HashMap<&str, Vec<&str>> = self
            .models
            .iter()
            .filter_map(|model| match model {
                ir::Model::Struct(model) => Some((model.name.as_str(), required_targets(model).collect())),
                _ => None,
            })
            .collect();
        let mut reported = HashSet::new();
        let mut errors = Vec::new();
        // In model order (sorted by name by now), so that a spec always reports the same member.
        let starts = self.models.iter().filter(|model| matches!(model, ir::Model::Struct(_))).map(ir::Model::name);
        for start in starts {
            if let Some(cycle) = find_cycle(start, &required)
                && reported.insert(sorted(&cycle))
            {
                errors.push((start.to_owned(), cycle.join(" → ")));
            }
        }
        errors.sort();
        for (name, cycle) in errors {
            let message =
                format!("unrepresentable cycle: `{name}` requires itself ({cycle}), so no value of it can exist");
            let help = "make one of the properties on the cycle optional (drop its `required: true`)".to_owned();
            let (file, at) = self.location_of(&name, files);
            self.sink.error_with_help(&file, at.as_ref(), message, help);
        }
    }

    /// Warnings that do not stop generation: definitions no operation reaches (only when the
    /// spec has operations), and definitions and properties without a description.
    pub(super) fn warn(&mut self, files: &[ParsedFile], apis: &[ir::Api]) {
        let mut warnings = Vec::new();
        if apis.iter().any(|api| !api.operations.is_empty()) {
            let used = self.reachable(apis);
            for (name, definition) in &self.definitions {
                if !used.contains(definition.rust_name.as_str()) {
                    let message = format!("the definition `{name}` is not used by any operation");
                    warnings.push((definition.file, definition.at, message));
                }
            }
        }
        for (name, definition) in &self.definitions {
            if definition
                .schema
                .description
                .as_ref()
                .and_then(Description::english)
                .is_none_or(|text| text.trim().is_empty())
            {
                warnings.push((definition.file, definition.at, format!("the definition `{name}` has no description")));
            }
            // Properties too, in the own format (an imported file's gaps are not the reader's to fill).
            if files[definition.file].spec.imported_from.is_none() {
                undescribed_properties(name, definition.schema, definition.file, &mut warnings);
            }
        }
        for (file, at, message) in warnings {
            self.sink.warning(&files[file].path, Some(&at), message);
        }
    }

    /// The models the operations reach, directly or through other models.
    fn reachable<'a>(&'a self, apis: &'a [ir::Api]) -> HashSet<&'a str> {
        let models: HashMap<&'a str, &'a ir::Model> = self.models.iter().map(|model| (model.name(), model)).collect();
        let mut stack: Vec<&'a str> = Vec::new();
        for operation in apis.iter().flat_map(|api| &api.operations) {
            stack.extend(operation.failures.iter().filter_map(|failure| failure.body.as_ref()).flat_map(named_in));
            stack.extend(operation.body.iter().map(|body| body.model.as_str()));
            if let Some(ir::ValueBody { kind: ir::ValueKind::Json(ty), .. }) = &operation.value_body {
                stack.extend(named_in(ty));
            }
            stack.extend(operation.successes.iter().filter_map(ir::Success::json_body).flat_map(named_in));
        }
        let mut seen = HashSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            match models.get(name) {
                Some(ir::Model::Struct(model)) => {
                    stack.extend(model.fields.iter().flat_map(|field| named_in(&field.ty)))
                }
                Some(ir::Model::Union(model)) => {
                    stack.extend(model.variants.iter().map(|variant| variant.struct_name.as_str()));
                    stack.push(model.unknown_struct.as_str());
                }
                Some(ir::Model::Enum(_)) | None => {}
            }
        }
        seen
    }

    /// Where a model was defined: its definition, or the file of the first definition for an
    /// inline model (whose own position is not kept).
    fn location_of(&self, rust_name: &str, files: &[ParsedFile]) -> (String, Option<serde_saphyr::Location>) {
        let definition = self.definitions.values().find(|definition| definition.rust_name == rust_name);
        match definition {
            Some(definition) => (files[definition.file].path.clone(), Some(definition.at)),
            None => (files.first().map(|file| file.path.clone()).unwrap_or_default(), None),
        }
    }
}

/// The structs a struct's required, non-nullable properties hold directly.
fn required_targets(model: &ir::Struct) -> impl Iterator<Item = &str> {
    model.fields.iter().filter(|field| field.presence == Presence::Required).filter_map(|field| match &field.ty {
        Type::Named(name) | Type::Boxed(name) => Some(name.as_str()),
        _ => None,
    })
}

/// Every model name inside a type (through arrays and maps).
fn named_in(ty: &Type) -> Vec<&str> {
    match ty {
        Type::Named(name) | Type::Boxed(name) => vec![name.as_str()],
        Type::Vec(inner) | Type::Map(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

/// A path of required properties from `start` back to `start`, if there is one.
fn find_cycle<'a>(start: &'a str, edges: &HashMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    let mut stack = vec![(start, vec![start])];
    let mut seen = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        for &next in edges.get(node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start);
                return Some(cycle);
            }
            if seen.insert(next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push((next, longer));
            }
        }
    }
    None
}

fn sorted(cycle: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = cycle.iter().map(|name| (*name).to_owned()).collect();
    names.sort();
    names.dedup();
    names
}

/// A warning for every property of `schema` (and of its inline objects and array items) without
/// a description, named by its path from the definition (`Gateway.properties.status`).
fn undescribed_properties(
    path: &str,
    schema: &Schema,
    file: usize,
    warnings: &mut Vec<(usize, serde_saphyr::Location, String)>,
) {
    for (name, property) in &schema.properties {
        let here = format!("{path}.{}", name.value);
        if property.description.as_ref().and_then(Description::english).is_none_or(|text| text.trim().is_empty()) {
            warnings.push((file, name.referenced, format!("the property `{here}` has no description")));
        }
        undescribed_properties(&here, property, file, warnings);
        if let Some(items) = &property.items {
            undescribed_properties(&format!("{here}[]"), items, file, warnings);
        }
    }
}
