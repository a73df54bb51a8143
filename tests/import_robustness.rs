//! No input crashes the Swagger and OpenAPI readers. Property tests feed them arbitrary bytes
//! (bare and behind a `swagger`/`openapi` header), text-mutated and structure-mutated copies of
//! the fixtures; the properties: never a panic, and every accepted input yields files that parse
//! as Rust. Also: the fast JSON reader gives the YAML parser's tree (positions included) for any
//! JSON value.

use datafactory_tests::root;
use proptest::prelude::*;
use restgen::import::tree::{Node, Value as TreeValue};
use restgen::{Options, generate_from_inputs};
use serde_json::{Map, Value, json};

const SWAGGER_FIXTURES: &[&str] =
    &["tests/import/operations.json", "tests/import/inheritance.json", "tests/import/enums.json"];
const OPENAPI_FIXTURES: &[&str] = &["tests/import/openapi30.yaml", "tests/import/openapi31.json"];

/// A fixture as JSON (YAML ones through the importer's own parser).
fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).expect("a fixture");
    let (node, _) = restgen::import::parse_document(path, &text).expect("a fixture parses");
    node.to_json()
}

/// Generates from one in-memory file; an accepted input must give files that parse as Rust.
fn generate_and_parse(text: &str) -> Result<bool, TestCaseError> {
    let path = "input/random.json".to_owned();
    let mut loader = |asked: &str| if asked == path { Ok(text.to_owned()) } else { Err("not found".to_owned()) };
    match generate_from_inputs(std::slice::from_ref(&path), &mut loader, &Options::default()) {
        Ok(generated) => {
            for file in &generated.generated.files {
                if let Err(error) = syn::parse_file(&file.contents) {
                    return Err(TestCaseError::fail(format!("{} does not parse: {error}", file.path)));
                }
            }
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// Pieces that readers give meaning to, for values put in place of others.
fn fragment() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        Just(json!(1.5)),
        "[a-zA-Z_{}/#~ -]{0,12}".prop_map(Value::String),
        Just(json!("#/components/schemas/Pet")),
        Just(json!("#/definitions/Thing")),
        Just(json!("#/definitions/Missing")),
        Just(json!("string")),
        Just(json!("object")),
        Just(json!("array")),
        Just(json!("null")),
        Just(json!("2XX")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        let key = prop_oneof![
            Just("$ref"),
            Just("type"),
            Just("oneOf"),
            Just("anyOf"),
            Just("allOf"),
            Just("items"),
            Just("properties"),
            Just("additionalProperties"),
            Just("enum"),
            Just("const"),
            Just("nullable"),
            Just("discriminator"),
            Just("propertyName"),
            Just("mapping"),
            Just("required"),
            Just("format"),
            Just("x-ms-enum"),
            Just("x-ms-discriminator-value"),
            Just("schema"),
            Just("content"),
            Just("in"),
            Just("name"),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// One change to a document: a value replaced, or a member removed, at the `choice`-th place.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), fragment()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        any::<usize>().prop_map(Mutation::Remove),
    ]
}

/// Applies a mutation at the `choice`-th node (depth first, modulo the number of nodes).
fn apply(document: &mut Value, mutation: &Mutation) {
    let count = count_nodes(document);
    let (choice, replacement) = match mutation {
        Mutation::Replace(at, value) => (at % count.max(1), Some(value.clone())),
        Mutation::Remove(at) => (at % count.max(1), None),
    };
    let mut seen = 0;
    visit(document, choice, &mut seen, &replacement);
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Returns true once the mutation is done.
fn visit(value: &mut Value, choice: usize, seen: &mut usize, replacement: &Option<Value>) -> bool {
    match value {
        Value::Object(members) => {
            let keys: Vec<String> = members.keys().cloned().collect();
            for key in keys {
                *seen += 1;
                if *seen == choice {
                    match replacement {
                        Some(new) => {
                            members.insert(key, new.clone());
                        }
                        None => {
                            members.remove(&key);
                        }
                    }
                    return true;
                }
                if let Some(child) = members.get_mut(&key)
                    && visit(child, choice, seen, replacement)
                {
                    return true;
                }
            }
            false
        }
        Value::Array(items) => {
            for index in 0..items.len() {
                *seen += 1;
                if *seen == choice {
                    match replacement {
                        Some(new) => items[index] = new.clone(),
                        None => {
                            items.remove(index);
                        }
                    }
                    return true;
                }
                if visit(&mut items[index], choice, seen, replacement) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_readers(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        header in prop_oneof![Just(""), Just("{\"swagger\": \"2.0\", "), Just("{\"openapi\": \"3.0.3\", "), Just("openapi: 3.1.0\n")],
    ) {
        let text = format!("{header}{}", String::from_utf8_lossy(&bytes));
        generate_and_parse(&text)?;
    }

    #[test]
    fn text_mutations_of_the_fixtures_never_panic(
        which in 0..SWAGGER_FIXTURES.len() + OPENAPI_FIXTURES.len(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..20, "[\\[\\]{}\":, a-z$#/]{0,6}"), 1..4),
    ) {
        let path = SWAGGER_FIXTURES.iter().chain(OPENAPI_FIXTURES).nth(which).expect("a fixture");
        let mut text = std::fs::read_to_string(root().join(path)).expect("a fixture");
        for (at, length, insert) in cuts {
            let mut start = at.index(text.len().max(1));
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + length).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end.max(start), &insert);
        }
        generate_and_parse(&text)?;
    }

    #[test]
    fn structure_mutations_of_the_fixtures_never_panic_and_accepted_ones_give_rust(
        which in 0..SWAGGER_FIXTURES.len() + OPENAPI_FIXTURES.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let path = SWAGGER_FIXTURES.iter().chain(OPENAPI_FIXTURES).nth(which).expect("a fixture");
        let mut document = fixture(path);
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let text = serde_json::to_string_pretty(&document).expect("JSON");
        generate_and_parse(&text)?;
    }

    #[test]
    fn the_fast_json_reader_gives_the_yaml_parsers_tree(value in fragment(), pretty in any::<bool>()) {
        let document = Value::Object(Map::from_iter([("root".to_owned(), value)]));
        let text = if pretty { serde_json::to_string_pretty(&document) } else { serde_json::to_string(&document) }
            .expect("JSON");
        let fast = restgen::import::parse_json(&text);
        let slow = restgen::import::parse_yaml("x", &text);
        if let (Some(fast), Ok(slow)) = (&fast, &slow) {
            prop_assert!(same(fast, slow), "{text}");
        }
        prop_assert!(!(fast.is_some() && slow.is_err()), "the YAML parser refuses what the fast reader read: {text}");
    }
}

/// The same tree, positions included.
fn same(fast: &Node, slow: &Node) -> bool {
    fast.at == slow.at
        && match (&fast.value, &slow.value) {
            (TreeValue::Object(fast), TreeValue::Object(slow)) => {
                fast.len() == slow.len()
                    && fast.iter().zip(slow.iter()).all(|((fast_key, fast), (slow_key, slow))| {
                        fast_key.name == slow_key.name && fast_key.at == slow_key.at && same(fast, slow)
                    })
            }
            (TreeValue::Array(fast), TreeValue::Array(slow)) => {
                fast.len() == slow.len() && fast.iter().zip(slow).all(|(fast, slow)| same(fast, slow))
            }
            (fast, slow) => format!("{fast:?}") == format!("{slow:?}"),
        }
}
