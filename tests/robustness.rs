//! No input crashes the generator. Property tests feed it arbitrary text, mutated copies of the
//! real spec and random valid specs (with awkward names); the properties: never a panic, and
//! every accepted spec yields files that parse as Rust. A few random valid specs are compiled.
//! (The `fuzz/` target checks the same properties with coverage guidance, on nightly.)

use datafactory_tests::{root, spec_sources};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use restgen::lower::{type_name, value_name};
use restgen::{SourceFile, generate};
use serde_json::{Map, Value, json};

fn source(text: String) -> SourceFile {
    SourceFile { path: "spec/random.yaml".into(), text }
}

/// Generates, and checks that every file of an accepted spec parses as Rust.
fn generate_and_parse(sources: &[SourceFile]) -> Result<bool, TestCaseError> {
    match generate(sources) {
        Ok(files) => {
            for file in files {
                if let Err(error) = syn::parse_file(&file.contents) {
                    return Err(TestCaseError::fail(format!(
                        "{} does not parse: {error}\n{}",
                        file.path, file.contents
                    )));
                }
            }
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

const YAML_PIECES: &[&str] = &[
    "definitions:",
    "operations:",
    "api:",
    "  ",
    "    ",
    "\n",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "$ref: ",
    "type: object",
    "type: string",
    "enum:",
    "properties:",
    "required: true",
    "discriminator: kind",
    "extends: A",
    "A:",
    "B:",
    "kind:",
    "value: x",
    "additionalProperties: true",
    "path: /x/{y}",
    "method: GET",
    "responses:",
    "\"200\":",
    "description: d",
    "!!binary",
    "---",
    "? ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "1e999",
    "-1",
];

/// Text made of YAML and spec fragments: more likely than random bytes to get past the parser.
fn yaml_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(YAML_PIECES), 0..60).prop_map(|pieces| pieces.concat())
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    ReplaceWord(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), proptest::sample::select(YAML_PIECES)).prop_map(|(at, word)| Mutation::ReplaceWord(at, word)),
    ]
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let count = lines.len().max(1);
    match *mutation {
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at % count);
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => lines.insert(at % count, lines[at % count]),
        Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % count, b % count),
        Mutation::Truncate(at) => {
            let cut = text.char_indices().nth(at % text.chars().count().max(1)).map_or(0, |(index, _)| index);
            return text[..cut].to_owned();
        }
        Mutation::ReplaceWord(at, word) if !lines.is_empty() => {
            let line = lines[at % count];
            let replaced = match line.split_once(": ") {
                Some((key, _)) => format!("{key}: {word}"),
                None => format!("{line}{word}"),
            };
            let mut owned: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
            owned[at % count] = replaced;
            return owned.join("\n");
        }
        _ => {}
    }
    lines.join("\n")
}

/// Awkward names: keywords, prelude types, leading digits, `-` and `.`, non-ASCII.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "match",
    "2nd-value",
    "my.name",
    "fooBar",
    "Ünïcode",
    "String",
    "Option",
    "Result",
    "value",
    "Default",
    "async",
    "name",
    "kind",
    "additional",
    "é",
    "x-ms-thing",
];

#[derive(Debug, Clone)]
enum Shape {
    Object(Vec<(usize, u8, u8)>),
    Enum(Vec<usize>),
    Union(usize),
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        proptest::collection::vec((0..NAMES.len(), 0u8..12, 0u8..16), 0..6).prop_map(Shape::Object),
        proptest::collection::vec(0..NAMES.len(), 1..5).prop_map(Shape::Enum),
        (1usize..3).prop_map(Shape::Union),
    ]
}

/// A random valid spec, as JSON (which is YAML): definitions of every kind with awkward names,
/// and sometimes an API with an operation.
fn valid_spec() -> impl Strategy<Value = String> {
    (proptest::collection::vec((0..NAMES.len(), shape()), 1..6), any::<bool>()).prop_map(|(definitions, with_api)| {
        let mut spec = Map::new();
        let mut defs = Map::new();
        let mut taken: Vec<String> = vec!["CloudError".into(), "CloudErrorBody".into()];
        let mut objects: Vec<String> = Vec::new();
        for (index, (name, shape)) in definitions.into_iter().enumerate() {
            let name = format!("{}{index}", NAMES[name]);
            if taken.iter().any(|known| type_name(known) == type_name(&name) || type_name(known) == format!("Unknown{}", type_name(&name))) {
                continue;
            }
            taken.push(name.clone());
            match shape {
                Shape::Object(properties) => {
                    let mut props = Map::new();
                    let mut fields: Vec<String> = Vec::new();
                    for (property, kind, flags) in properties {
                        let property = NAMES[property].to_owned();
                        if fields.iter().any(|known| value_name(known) == value_name(&property)) || value_name(&property) == "additional_properties" {
                            continue;
                        }
                        fields.push(property.clone());
                        let mut schema = match kind {
                            0 => json!({"type": "string"}),
                            1 => json!({"type": "string", "format": "date-time"}),
                            2 => json!({"type": "string", "format": "duration"}),
                            3 => json!({"type": "integer", "format": "int32"}),
                            4 => json!({"type": "number"}),
                            5 => json!({"type": "boolean"}),
                            6 => json!({"type": "array", "items": {"type": "string"}}),
                            7 => json!({"type": "object", "additionalProperties": {"type": "string"}}),
                            8 => json!({"type": "object", "properties": {"inner": {"type": "string"}}}),
                            9 => json!({"type": "string", "enum": [{"value": "a"}, {"value": "B"}]}),
                            10 => json!({"type": "object"}),
                            _ => match objects.last() {
                                Some(target) => json!({"$ref": target}),
                                None => json!({"type": "string"}),
                            },
                        };
                        let object = schema.as_object_mut().expect("an object");
                        let is_ref = object.contains_key("$ref");
                        // Required references could close a cycle through earlier definitions; keep them optional.
                        object.insert("required".into(), json!(flags & 1 == 1 && !is_ref));
                        object.insert("nullable".into(), json!(flags & 2 == 2));
                        object.insert("readOnly".into(), json!(flags & 4 == 4));
                        object.insert("secret".into(), json!(flags & 8 == 8 && kind == 0));
                        object.insert("description".into(), json!(format!("The <{property}> [see] `docs` http://example.test")));
                        props.insert(property, schema);
                    }
                    defs.insert(name.clone(), json!({"type": "object", "description": "An object.", "properties": props}));
                    objects.push(name);
                }
                Shape::Enum(values) => {
                    let mut seen: Vec<String> = Vec::new();
                    let values: Vec<Value> = values
                        .into_iter()
                        .map(|value| NAMES[value].to_owned())
                        .filter(|value| {
                            let fresh = !seen.iter().any(|known| type_name(known) == type_name(value)) && !["Unknown", "UnknownValue", "Other"].contains(&type_name(value).as_str());
                            seen.push(value.clone());
                            fresh
                        })
                        .map(|value| json!({"value": value}))
                        .collect();
                    if values.is_empty() {
                        continue;
                    }
                    defs.insert(name, json!({"type": "string", "description": "An enum.", "enum": values}));
                }
                Shape::Union(variants) => {
                    let base = json!({"type": "object", "description": "A union.", "discriminator": "kind", "additionalProperties": true,
                        "properties": {"kind": {"type": "string", "required": true}, "label": {"type": "string"}}});
                    defs.insert(name.clone(), base);
                    for variant in 0..variants {
                        let variant_name = format!("{name}Variant{variant}");
                        taken.push(variant_name.clone());
                        defs.insert(variant_name, json!({"extends": name, "discriminatorValue": format!("v-{variant}"), "description": "A variant.",
                            "properties": {"size": {"type": "integer"}}}));
                    }
                }
            }
        }
        defs.insert("CloudError".into(), json!({"type": "object", "description": "An error.", "properties": {"error": {"$ref": "CloudErrorBody", "required": true}}}));
        defs.insert("CloudErrorBody".into(), json!({"type": "object", "description": "An error body.", "properties": {
            "code": {"type": "string", "required": true}, "message": {"type": "string", "required": true}, "target": {"type": "string"},
            "details": {"type": "array", "items": {"$ref": "CloudError"}}}}));
        if with_api {
            spec.insert("api".into(), json!({"name": "random_api", "title": "Random", "version": "1", "baseUrl": "https://example.test"}));
            let body = objects.first().map(|name| json!({"$ref": name}));
            let mut ok = json!({"description": "OK."});
            if let Some(body) = body {
                ok["schema"] = body;
            }
            spec.insert("operations".into(), json!({"RandomApi_Get": {"description": "Gets.", "method": "GET", "path": "/things/{type}",
                "parameters": [{"name": "type", "in": "path", "required": true}, {"name": "self", "in": "query"}, {"name": "x-ms-2nd", "in": "header"}],
                "responses": {"200": ok, "default": {"description": "Error.", "schema": {"$ref": "CloudError"}}}}}));
        }
        spec.insert("definitions".into(), Value::Object(defs));
        serde_json::to_string_pretty(&Value::Object(spec)).expect("serializes")
    })
}

proptest! {
    #![proptest_config(Config { cases: 200, ..Config::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        generate_and_parse(&[source(text)])?;
    }

    #[test]
    fn yaml_like_text_never_panics(text in yaml_like()) {
        generate_and_parse(&[source(text)])?;
    }

    #[test]
    fn mutated_copies_of_the_real_spec_never_panic(mutations in proptest::collection::vec(mutation(), 1..5)) {
        let sources: Vec<SourceFile> = spec_sources()
            .into_iter()
            .map(|source| SourceFile { text: mutations.iter().fold(source.text, |text, m| mutate(&text, m)), ..source })
            .collect();
        generate_and_parse(&sources)?;
    }

    #[test]
    fn random_valid_specs_generate_rust(spec in valid_spec()) {
        let sources = [source(spec.clone())];
        if let Err(diagnostics) = generate(&sources) {
            return Err(TestCaseError::fail(format!("{}\n{spec}", diagnostics.render(&sources))));
        }
        prop_assert!(generate_and_parse(&sources)?);
    }
}

/// A bounded sample: three random valid specs (from a fixed seed), each compiled as a crate.
#[test]
fn a_sample_of_random_valid_specs_compiles() {
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let strategy = valid_spec();
    for index in 0..3 {
        let spec = strategy.new_tree(&mut runner).expect("a spec").current();
        let sources = [source(spec.clone())];
        let dir = root().join(format!("target/random-crate-{index}"));
        xtask::scratch::write_crate(&root(), &dir, &format!("random-crate-{index}"), &sources)
            .unwrap_or_else(|error| panic!("{error}\n{spec}"));
        if let Err(errors) = xtask::scratch::check_crate(&dir, &root().join("target/scratch-crates-target")) {
            panic!("a random valid spec does not compile:\n{errors}\n{spec}");
        }
    }
}
