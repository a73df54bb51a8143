//! Which Cargo features each model needs: a model that only some APIs reach compiles only when
//! one of their features is on, so that a user of one API does not compile the others' models.

use crate::ir::{Api, Model, Type};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The API features that gate each model, by model name. A model every API reaches, or one
/// that no API reaches (it is public, and may be used directly), has no entry: it is always
/// compiled, and so is everything it reaches.
pub fn model_gates(models: &[Model], apis: &[Api]) -> BTreeMap<String, Vec<String>> {
    let walk = Walk { models, index: models.iter().enumerate().map(|(at, model)| (model.name(), at)).collect() };
    let mut reached_by: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); models.len()];
    for api in apis {
        let mut reached = vec![false; models.len()];
        for name in api_roots(api) {
            walk.name(name, &mut reached);
        }
        for at in (0..models.len()).filter(|&at| reached[at]) {
            reached_by[at].insert(api.module.as_str());
        }
    }
    // What no API reaches is always compiled, and so must be everything it reaches.
    let mut always = vec![false; models.len()];
    for model in models.iter().enumerate().filter(|(at, _)| reached_by[*at].is_empty()).map(|(_, model)| model) {
        walk.name(model.name(), &mut always);
    }
    models
        .iter()
        .enumerate()
        .filter(|&(at, _)| !always[at] && reached_by[at].len() < apis.len())
        .map(|(at, model)| (model.name().to_owned(), reached_by[at].iter().map(|api| (*api).to_owned()).collect()))
        .collect()
}

/// The models an API's operations name: request bodies, success and error bodies, typed parameters.
fn api_roots(api: &Api) -> Vec<&str> {
    let mut names = Vec::new();
    for operation in &api.operations {
        if let Some(body) = &operation.body {
            names.push(body.model.as_str());
        }
        let types = operation
            .successes
            .iter()
            .filter_map(crate::ir::Success::json_body)
            .chain(operation.failures.iter().filter_map(|failure| failure.body.as_ref()))
            .chain(operation.value_body.iter().filter_map(|body| match &body.kind {
                crate::ir::ValueKind::Json(ty) => Some(ty),
                _ => None,
            }))
            .chain(operation.params.iter().filter_map(|param| param.value_type.as_ref()));
        for ty in types {
            type_names(ty, &mut names);
        }
    }
    names
}

/// The model names inside a type.
fn type_names<'a>(ty: &'a Type, names: &mut Vec<&'a str>) {
    match ty {
        Type::Named(name) | Type::Boxed(name) => names.push(name),
        Type::Vec(inner) | Type::Map(inner) => type_names(inner, names),
        _ => {}
    }
}

/// Marks what models reach, by name.
struct Walk<'a> {
    models: &'a [Model],
    index: HashMap<&'a str, usize>,
}

impl Walk<'_> {
    /// Marks the model `name` and, if it was not marked yet, everything it reaches.
    fn name(&self, name: &str, marked: &mut [bool]) {
        let Some(&at) = self.index.get(name) else { return };
        if std::mem::replace(&mut marked[at], true) {
            return;
        }
        let mut names = Vec::new();
        match &self.models[at] {
            Model::Struct(model) => model.fields.iter().for_each(|field| type_names(&field.ty, &mut names)),
            Model::Union(model) => {
                names.extend(model.variants.iter().map(|variant| variant.struct_name.as_str()));
                names.push(&model.unknown_struct);
                model.shared_fields.iter().for_each(|field| type_names(&field.ty, &mut names));
            }
            Model::Enum(_) => {}
        }
        for name in names {
            self.name(name, marked);
        }
    }
}
