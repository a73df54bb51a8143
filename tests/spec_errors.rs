//! A broken spec gives errors with file, line and column, never a panic and never output.

use restgen::{Severity, SourceFile, generate};

fn errors(text: &str) -> Vec<String> {
    let source = SourceFile { path: "spec/broken.yaml".into(), text: text.into() };
    match generate(&[source]) {
        Ok(files) => panic!("a broken spec generated {} files", files.len()),
        Err(diagnostics) => diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message))
            .collect(),
    }
}

#[test]
fn yaml_syntax_errors_have_a_position() {
    let found = errors("definitions:\n  A: [unclosed\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("spec/broken.yaml:"), "{found:?}");
    assert!(!found[0].starts_with("spec/broken.yaml:0:0"), "{found:?}");
}

#[test]
fn unknown_keys_are_errors() {
    let found = errors(
        "definitions:\n  A:\n    type: object\n    properties:\n      b:\n        type: string\n        requird: true\n",
    );
    assert!(found[0].contains("requird"), "{found:?}");
    assert!(found[0].starts_with("spec/broken.yaml:7:"), "{found:?}");
}

#[test]
fn references_to_nothing_are_reported_together_with_their_positions() {
    let found = errors(
        "definitions:\n  A:\n    type: object\n    properties:\n      b:\n        $ref: Gatway\n      c:\n        $ref: Missing\n",
    );
    assert_eq!(
        found,
        ["spec/broken.yaml:6:15: `Gatway` names no definition", "spec/broken.yaml:8:15: `Missing` names no definition"]
    );
}

#[test]
fn duplicate_keys_are_errors() {
    let found = errors("definitions:\n  A:\n    type: object\n  A:\n    type: object\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("the key `A` appears twice in this mapping"), "{found:?}");
}

#[test]
fn names_that_collide_after_case_conversion_are_errors() {
    let found = errors("definitions:\n  fooBar:\n    type: object\n  FooBar:\n    type: object\n");
    assert!(found.iter().any(|e| e.contains("would both be the Rust type `FooBar`")), "{found:?}");
}

#[test]
fn operation_errors_name_the_problem() {
    let spec = r#"
api: {name: things, title: T, version: "1", baseUrl: "https://example.test"}
operations:
  Things_Get:
    description: Gets.
    method: GET
    path: /things/{thingName}/{other}
    parameters:
      - {name: thingName, in: path, required: true, pattern: "([unclosed"}
      - {name: unused, in: path, required: true}
    responses:
      "20x": {description: Odd.}
      "404": {description: Missing.}
"#;
    let found = errors(spec);
    let expected = [
        "invalid regex pattern",
        "the placeholder `{other}` has no path parameter",
        "the path parameter `unused` is not used by the path template",
        "`20x` is not a status code",
        "`Things_Get` has no success (2xx) or redirect (3xx) response",
    ];
    for message in expected {
        assert!(found.iter().any(|e| e.contains(message)), "missing {message:?} in {found:?}");
    }
    assert!(!found.iter().any(|e| e.contains("CloudError")), "no API needs a definition of a given name: {found:?}");
}

#[test]
fn keywords_and_awkward_names_are_escaped_not_errors() {
    let spec = "definitions:\n  self:\n    type: object\n    properties:\n      type: {type: string}\n      self: {type: string}\n      2nd-value: {type: string}\n      é.x: {type: string}\n";
    let files = generate(&[SourceFile { path: "spec/ok.yaml".into(), text: spec.into() }]).expect("generates");
    let models = &files.iter().find(|file| file.path == "models.rs").unwrap().contents;
    for expected in [
        "pub struct Self_",
        "pub r#type: Option<String>",
        "pub self_: Option<String>",
        // Each field is written and read under its JSON name.
        "__object.optional(\"self\", &self.self_, &self.__received_nulls)",
        "__object.optional(\"2nd-value\", &self._2nd_value, &self.__received_nulls)",
        "__object.optional(\"é.x\", &self.é_x, &self.__received_nulls)",
        "\"self\" => { crate::runtime::object::optional_field( &mut __map, &mut self_, \"self\", &mut __received_nulls, ) }",
    ] {
        // Compared with runs of whitespace as one space: the renderer decides where lines break.
        let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat(models).contains(&flat(expected)), "missing {expected:?} in\n{models}");
    }
}

#[test]
fn constructs_the_generator_cannot_represent_are_named_as_unsupported() {
    let found = errors(
        "definitions:\n  M:\n    type: object\n    additionalProperties: {type: string}\n  V:\n    type: object\n    discriminatorValue: x\n",
    );
    assert!(found.iter().any(|e| e.contains("unsupported: a definition that is a map")), "{found:?}");
    assert!(found.iter().any(|e| e.contains("`discriminatorValue` needs `extends`")), "{found:?}");
}

#[test]
fn statuses_are_distinct_and_references_resolve() {
    let spec = r#"
api: {name: things, title: T, version: "1", baseUrl: "https://example.test"}
operations:
  Things_List:
    description: Lists.
    method: GET
    path: /things
    parameters:
      - {name: top, in: query, type: integer, pattern: "^1$"}
      - {name: body, in: header}
    responses:
      "200": {description: OK.}
      "0200": {description: Also OK.}
      "404": {description: Missing., schema: {$ref: Nowhere}}
"#;
    let found = errors(spec);
    let expected = [
        "the status `0200` is listed twice",
        "`Nowhere` names no definition",
        "`pattern`, `minLength` and `maxLength` apply to string parameters only",
        "two parameters of `Things_List` would both be `body`",
    ];
    for message in expected {
        assert!(found.iter().any(|e| e.contains(message)), "missing {message:?} in {found:?}");
    }
}

#[test]
fn prelude_names_and_markdown_in_descriptions_are_made_safe() {
    let spec = "definitions:\n  String:\n    type: object\n    description: \"See https://example.test/x. Use <key> or [Missing] and\\n    ```\\n    not code\\n```\"\n    properties:\n      a: {type: string}\n";
    let files = generate(&[SourceFile { path: "spec/ok.yaml".into(), text: spec.into() }]).expect("generates");
    let models = &files.iter().find(|file| file.path == "models.rs").unwrap().contents;
    for expected in ["pub struct String_", "<https://example.test/x>.", "&lt;key&gt;", "\\[Missing\\]", "\\`\\`\\`"] {
        assert!(models.contains(expected), "missing {expected:?} in\n{models}");
    }
}

#[test]
fn hostile_input_hits_a_limit_not_the_stack_or_the_memory() {
    // Deep nesting: a clear error, not a stack overflow.
    let deep = format!("definitions:\n  A: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let found = errors(&deep);
    assert_eq!(found.len(), 1, "{found:?}");
    // Too large: refused before parsing.
    let huge = format!("# {}\n", "x".repeat(restgen::parse::MAX_FILE_BYTES));
    let found = errors(&huge);
    assert!(found[0].contains("more than the limit"), "{found:?}");
}

/// The hand-authored spec keeps its name collisions as errors: its maintainer can rename (an
/// imported file has them renamed instead, `tests/import.rs`).
#[test]
fn a_name_collision_in_the_hand_authored_spec_stays_an_error() {
    let found = errors(
        r#"
api: {name: things, title: T, version: "1", baseUrl: "https://example.test"}
operations:
  Things_List:
    description: Lists.
    method: GET
    path: /things
    parameters:
      - {name: top, in: query, description: One.}
      - {name: Top, in: query, description: Two.}
    responses:
      "200": {description: OK.}
"#,
    );
    assert!(
        found.iter().any(|error| error.ends_with("two parameters of `Things_List` would both be `top`")),
        "{found:?}"
    );
}
