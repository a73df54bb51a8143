//! Stage 2: spec types to the IR. Every check about meaning and every naming decision is here.

mod checks;
mod features;
mod models;
mod names;
mod operations;

use crate::diagnostics::{Diagnostic, Diagnostics, Sink};
use crate::ir::{self, Ir};
use crate::spec::{Description, Schema, SpecFile, Text};
use indexmap::IndexMap;
use serde_saphyr::Location;
use std::collections::{HashMap, HashSet};

pub use models::TEXT_FORMATS;
pub use names::{type_name, unraw, value_name, variant_name};
pub use operations::{is_json_media, is_text_media, media_essence};

/// A parsed spec file with the path it was read from.
pub struct ParsedFile {
    pub path: String,
    pub spec: SpecFile,
}

/// Lowers every file together: definitions share one namespace across files.
pub fn lower(files: &[ParsedFile], locale: &str) -> Result<(Ir, Vec<Diagnostic>), Diagnostics> {
    lower_beside_broken(files, locale, &HashSet::new())
}

/// [`lower`] of the files that parsed, beside files that did not: `broken_definitions` are the
/// definition names those files declare, so that a reference to one is not reported as well
/// (the file's own error is the one to fix).
pub fn lower_beside_broken(
    files: &[ParsedFile],
    locale: &str,
    broken_definitions: &HashSet<String>,
) -> Result<(Ir, Vec<Diagnostic>), Diagnostics> {
    let mut lowering = Lowering {
        broken_definitions,
        sink: Sink::default(),
        definitions: IndexMap::new(),
        models: Vec::new(),
        locale: locale.to_owned(),
        translated_files: Vec::new(),
        untranslated: Vec::new(),
        taken_type_names: HashSet::new(),
        definition_type_names: HashSet::new(),
        model_index: HashMap::new(),
        extenders: HashMap::new(),
        own_fields: HashMap::new(),
        multipart_models: HashSet::new(),
        imported_files: files
            .iter()
            .filter(|file| file.spec.imported_from.is_some())
            .map(|file| file.path.clone())
            .collect(),
    };
    for (file, parsed) in files.iter().enumerate() {
        for (name, schema) in &parsed.spec.definitions {
            if let Some(first) = lowering.definitions.get(&name.value) {
                let message = format!("the definition `{}` is defined twice", name.value);
                let first = (files[first.file].path.as_str(), &first.at);
                lowering.sink.duplicate(&parsed.path, &name.referenced, message, first);
                continue;
            }
            let entry = Definition { file, at: name.referenced, schema, rust_name: type_name(&name.value) };
            lowering.definitions.insert(name.value.clone(), entry);
        }
    }
    lowering.multipart_models = files
        .iter()
        .flat_map(|file| file.spec.operations.values())
        .filter_map(|operation| operation.request_body.as_ref())
        .filter(|body| {
            body.content_type.as_ref().is_some_and(|media| media_essence(&media.value) == "multipart/form-data")
        })
        .filter_map(|body| lowering.definitions.get(&body.schema.reference.as_ref()?.value))
        .map(|definition| definition.rust_name.clone())
        .collect();
    lowering.check_type_name_collisions(files);
    lowering.index_definitions();
    let definitions: Vec<_> =
        lowering.definitions.iter().map(|(name, def)| (name.clone(), def.file, def.schema)).collect();
    for (name, file, schema) in definitions {
        lowering.lower_definition(&files[file].path, &name, schema);
    }

    let mut apis = Vec::new();
    for parsed in files {
        if let Some(api) = lowering.lower_api(parsed) {
            apis.push(api);
        }
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    // API lowering may add inline models (response bodies), so sorting and boxing come last.
    models::box_recursive_fields(&mut lowering.models);
    models::box_setters(&lowering.models, &mut apis);
    lowering.models.sort_by(|a, b| a.name().cmp(b.name()));
    lowering.model_index =
        lowering.models.iter().enumerate().map(|(index, model)| (model.name().to_owned(), index)).collect();
    for pair in apis.windows(2) {
        if pair[0].module == pair[1].module {
            lowering.sink.error(&files[0].path, None, format!("two files describe the API `{}`", pair[0].module));
        }
    }
    lowering.check_required_cycles(files);
    lowering.warn(files, &apis);
    lowering.warn_untranslated();
    let warnings = lowering.sink.finish()?;
    let mut secret_properties: Vec<String> = lowering
        .models
        .iter()
        .filter_map(|model| match model {
            ir::Model::Struct(model) => Some(model.fields.iter().filter(|field| field.ty == ir::Type::Secret)),
            _ => None,
        })
        .flatten()
        .map(|field| field.wire_name.clone())
        .collect();
    secret_properties.sort();
    secret_properties.dedup();
    let sources =
        files.iter().map(|file| file.spec.imported_from.clone().unwrap_or_else(|| file.path.clone())).collect();
    let model_gates = features::model_gates(&lowering.models, &apis);
    Ok((Ir { sources, models: lowering.models, apis, secret_properties, model_gates }, warnings))
}

/// A definition of the shared namespace.
struct Definition<'a> {
    file: usize,
    at: Location,
    schema: &'a Schema,
    rust_name: String,
}

struct Lowering<'a> {
    sink: Sink,
    /// Definitions declared by files that did not parse: references to them are not errors here.
    broken_definitions: &'a HashSet<String>,
    definitions: IndexMap<String, Definition<'a>>,
    models: Vec<ir::Model>,
    /// The locale of the doc comments (`en` by default); others fall back to English per element.
    locale: String,
    /// The files that have at least one description in `locale`.
    translated_files: Vec<String>,
    /// The elements with an English description but none in `locale`: file, element and place.
    untranslated: Vec<(String, String, Option<serde_saphyr::Location>)>,
    /// Type names in use or reserved: definitions, union fallbacks, inline models so far.
    taken_type_names: HashSet<String>,
    /// The type names of the definitions.
    definition_type_names: HashSet<String>,
    /// Where each model is in `models`, by name.
    model_index: HashMap<String, usize>,
    /// The definitions that extend each definition, in spec order.
    extenders: HashMap<String, Vec<String>>,
    /// The fields of each definition's own `properties`, lowered once: a struct that extends it
    /// shares its inline models (`DatasetFolder`) instead of making its own copy.
    own_fields: HashMap<String, Vec<ir::Field>>,
    /// The definitions sent as `multipart/form-data` bodies (Rust names): their `format: binary`
    /// properties are files.
    multipart_models: HashSet<String>,
    /// The files an importer wrote (they carry `importedFrom`): a collision of Rust names in one
    /// is resolved by renaming, with a warning, since its author could not see Rust names.
    imported_files: HashSet<String>,
}

impl Lowering<'_> {
    /// A description's doc lines in the run's locale, falling back to English (the element is then
    /// noted as untranslated). `element` names it in warnings, e.g. `property Gateway.name`.
    fn docs(
        &mut self,
        file: &str,
        at: Option<&serde_saphyr::Location>,
        element: impl FnOnce() -> String,
        description: Option<&Description>,
    ) -> Vec<String> {
        let Some(description) = description else { return Vec::new() };
        let Some(english) = description.english() else {
            self.sink.error(
                file,
                at,
                format!("the description of {} has no `en` text (English is the fallback)", element()),
            );
            return Vec::new();
        };
        if self.locale == "en" {
            return doc_lines(Some(english));
        }
        match description.in_locale(&self.locale) {
            Some(text) => {
                if !self.translated_files.iter().any(|known| known == file) {
                    self.translated_files.push(file.to_owned());
                }
                doc_lines(Some(text))
            }
            None => {
                self.untranslated.push((file.to_owned(), element(), at.copied()));
                doc_lines(Some(english))
            }
        }
    }

    /// In each file that has descriptions in the locale, one warning per element without one, at
    /// its place. (A file with none in the locale is not translated at all: no warnings.)
    fn warn_untranslated(&mut self) {
        let mut untranslated = std::mem::take(&mut self.untranslated);
        untranslated.retain(|(file, _, _)| self.translated_files.contains(file));
        // Shared parameters are lowered once per operation that uses them.
        untranslated.sort_by(|a, b| {
            (&a.0, a.2.map(|at| (at.line(), at.column())), &a.1).cmp(&(
                &b.0,
                b.2.map(|at| (at.line(), at.column())),
                &b.1,
            ))
        });
        untranslated.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        for (file, element, at) in untranslated {
            let message = format!("{element} has no `{}` description: English is used", self.locale);
            self.sink.warning(&file, at.as_ref(), message);
        }
    }

    fn struct_by_name(&self, name: &str) -> Option<&ir::Struct> {
        match self.models.get(*self.model_index.get(name)?)? {
            ir::Model::Struct(model) => Some(model),
            _ => None,
        }
    }

    /// Adds a model and indexes it by name.
    fn add_model(&mut self, model: ir::Model) {
        self.taken_type_names.insert(model.name().to_owned());
        self.model_index.insert(model.name().to_owned(), self.models.len());
        self.models.push(model);
    }

    /// Indexes what lookups need many times: taken type names (with union fallbacks, taken
    /// before their union is lowered) and who extends whom. Keeps lowering linear in the spec.
    fn index_definitions(&mut self) {
        for (name, definition) in &self.definitions {
            self.taken_type_names.insert(definition.rust_name.clone());
            self.definition_type_names.insert(definition.rust_name.clone());
            if definition.schema.discriminator.is_some() {
                self.taken_type_names.insert(format!("Unknown{}", definition.rust_name));
            }
            if let Some(base) = &definition.schema.extends {
                self.extenders.entry(base.value.clone()).or_default().push(name.clone());
            }
        }
    }

    /// Two things of `file` would have one Rust name. In a hand-authored spec that is an error
    /// (its maintainer renames one); in an imported file it is a warning saying how the rule of
    /// the caller renamed the second (`renamed`), and `true` is returned: the caller renames.
    /// `first` is the place of the other one, when it has its own.
    fn collision(
        &mut self,
        file: &str,
        at: Option<&Location>,
        message: String,
        renamed: impl FnOnce() -> String,
        first: Option<(&str, &Location)>,
    ) -> bool {
        let imported = self.imported_files.contains(file);
        let (severity, message) = if imported {
            (crate::diagnostics::Severity::Warning, format!("{message}: {}", renamed()))
        } else {
            (crate::diagnostics::Severity::Error, message)
        };
        self.sink.collision(severity, file, at, message, first);
        imported
    }

    fn error(&mut self, file: &str, at: &Text, message: impl Into<String>) {
        self.sink.error(file, Some(&at.referenced), message);
    }

    /// An error about a name that is not one of `candidates`, with the closest as a hint.
    fn unknown_name<'c>(
        &mut self,
        file: &str,
        at: &Text,
        message: String,
        candidates: impl IntoIterator<Item = &'c str>,
    ) {
        match crate::diagnostics::closest(&at.value, candidates) {
            Some(close) => {
                self.sink.error_with_help(file, Some(&at.referenced), message, format!("did you mean `{close}`?"))
            }
            None => self.error(file, at, message),
        }
    }

    /// Two definitions whose Rust names are the same (`fooBar` and `FooBar`) cannot both exist.
    fn check_type_name_collisions(&mut self, files: &[ParsedFile]) {
        let mut seen: IndexMap<&str, (&str, &Definition)> = IndexMap::new();
        let mut errors = Vec::new();
        for (name, def) in &self.definitions {
            if let Some((first, first_def)) = seen.insert(&def.rust_name, (name, def)) {
                let message =
                    format!("the definitions `{first}` and `{name}` would both be the Rust type `{}`", def.rust_name);
                errors.push((def.file, def.at, message, first_def.file, first_def.at));
            }
        }
        for (file, at, message, first_file, first_at) in errors {
            self.sink.duplicate(&files[file].path, &at, message, (&files[first_file].path, &first_at));
        }
    }
}

/// A description as doc lines (an empty description gives none).
fn doc_lines(description: Option<&str>) -> Vec<String> {
    let Some(text) = description else { return Vec::new() };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.trim().lines().map(|line| prose(line.trim())).collect()
}

/// Spec descriptions are prose, not Markdown: escape what rustdoc would read as HTML, links or
/// code (a fence would even become a doctest), and turn bare URLs into autolinks.
fn prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        // A URL may be quoted or in parentheses: `'https://x.com'.` keeps its punctuation outside.
        let url_start = word.len() - word.trim_start_matches(['\'', '"', '(']).len();
        let url_end = word.trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']).len().max(url_start);
        let url = &word[url_start..url_end];
        if (url.starts_with("https://") || url.starts_with("http://")) && !url.contains(['<', '>']) {
            out.push_str(&format!("{}<{url}>{}", &word[..url_start], &word[url_end..]));
            continue;
        }
        for c in word.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '[' | ']' | '`' | '*' | '_' | '#' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}
