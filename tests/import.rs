//! The Swagger 2.0 reader: one focused fixture per construct (`tests/import/`), and the whole
//! vendored Azure Data Factory 2018-06-01 API: its counts, its warnings, and a crate from it
//! that compiles with warnings denied.

use datafactory_codegen::ir::{self, LongRunning, Model, ParamKind, Presence, Type};
use datafactory_codegen::{Diagnostic, Options, Severity, lower_from_inputs};
use datafactory_tests::root;

#[allow(dead_code)]
#[path = "../xtask/src/generate.rs"]
mod generate;

const DATA_FACTORY: &str = "vendor/azure-datafactory-2018-06-01/datafactory.json";

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(root().join(path)).map_err(|error| error.to_string())
}

fn lower_with(inputs: &[&str], options: &Options) -> (ir::Ir, Vec<Diagnostic>) {
    let inputs: Vec<String> = inputs.iter().map(|input| (*input).to_owned()).collect();
    match lower_from_inputs(&inputs, &mut read, options) {
        Ok((ir, warnings, _)) => (ir, warnings),
        Err((errors, sources)) => panic!("{}", errors.render(&sources)),
    }
}

fn lower(inputs: &[&str]) -> (ir::Ir, Vec<Diagnostic>) {
    lower_with(inputs, &Options::default())
}

fn model<'a>(ir: &'a ir::Ir, name: &str) -> &'a Model {
    ir.models.iter().find(|model| model.name() == name).unwrap_or_else(|| panic!("no model {name}"))
}

fn structure<'a>(ir: &'a ir::Ir, name: &str) -> &'a ir::Struct {
    match model(ir, name) {
        Model::Struct(model) => model,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'a>(model: &'a ir::Struct, wire: &str) -> &'a ir::Field {
    model.fields.iter().find(|field| field.wire_name == wire).unwrap_or_else(|| panic!("no {}.{wire}", model.name))
}

/// The warnings as `pointer: message`, for asserting which places they name.
fn named(warnings: &[Diagnostic]) -> Vec<String> {
    warnings
        .iter()
        .filter(|warning| warning.severity == Severity::Warning)
        .map(|warning| format!("{}: {}", warning.pointer.as_deref().unwrap_or("-"), warning.message))
        .collect()
}

fn has(warnings: &[String], pointer: &str, text: &str) -> bool {
    warnings.iter().any(|warning| warning.starts_with(&format!("{pointer}: ")) && warning.contains(text))
}

#[test]
fn all_of_hierarchies_become_one_union_over_every_depth() {
    let (ir, warnings) = lower(&["tests/import/inheritance.json"]);
    let Model::Union(union) = model(&ir, "Activity") else { panic!("Activity is not a union") };
    let tags: Vec<&str> = union.variants.iter().map(|variant| variant.tag_value.as_str()).collect();
    assert_eq!(tags, ["Execution", "CopyActivity"], "x-ms-discriminator-value, else the definition name");
    let copy = structure(&ir, "CopyActivity");
    let wires: Vec<&str> = copy.fields.iter().map(|field| field.wire_name.as_str()).collect();
    assert_eq!(wires, ["name", "folder", "linkedService", "source"], "inherited first, the tag left out");
    // One inline model for the shared property, named after the definition that declares it.
    assert_eq!(field(copy, "folder").ty, Type::Named("ActivityFolder".into()));
    assert_eq!(field(structure(&ir, "ExecutionActivity"), "folder").ty, Type::Named("ActivityFolder".into()));
    assert_eq!(field(copy, "source").presence, Presence::Required);
    let holder = structure(&ir, "Holder");
    assert_eq!(field(holder, "copy").ty, Type::Named("Activity".into()), "a variant is read as its union");
    assert!(matches!(model(&ir, "Lonely"), Model::Struct(_)), "no empty unions");
    let warnings = named(&warnings);
    assert!(
        has(&warnings, "#/definitions/Holder/properties/copy/$ref", "is a variant of the union `Activity`"),
        "{warnings:#?}"
    );
    assert!(has(&warnings, "#/definitions/Lonely/discriminator", "no definition extends it"), "{warnings:#?}");
    assert!(has(&warnings, "#/definitions/CopyActivity/required/1", "`linkedService` is required"), "{warnings:#?}");
}

#[test]
fn additional_properties_and_bare_objects() {
    let (ir, warnings) = lower(&["tests/import/objects.yaml"]);
    let maps = structure(&ir, "Maps");
    let json_map = Type::Map(Box::new(Type::Json));
    assert_eq!(field(maps, "anyTrue").ty, json_map);
    assert_eq!(field(maps, "anyEmpty").ty, json_map);
    assert_eq!(field(maps, "anyObject").ty, json_map);
    assert_eq!(field(maps, "strings").ty, Type::Map(Box::new(Type::String)));
    assert_eq!(field(maps, "typed").ty, Type::Map(Box::new(Type::Named("Item".into()))));
    assert_eq!(field(maps, "expression").ty, Type::Json, "a bare object is any JSON value");
    assert!(!ir.models.iter().any(|model| model.name() == "TypedMap"), "a typed map is written in place");
    let notes = structure(&ir, "Notes");
    assert!(notes.fields.is_empty() && notes.keeps_extras);
    let resource = structure(&ir, "Resource");
    assert!(resource.keeps_extras && field(resource, "name").docs.iter().any(|line| line.contains("Read-only")));
    let warnings = named(&warnings);
    assert!(has(&warnings, "#/definitions/Resource/additionalProperties", "kept as JSON"), "{warnings:#?}");
}

#[test]
fn enums_named_plain_integer_and_odd() {
    let (ir, warnings) = lower(&["tests/import/enums.json"]);
    let Model::Enum(state) = model(&ir, "RunState") else { panic!("RunState is not an enum") };
    assert_eq!(state.variants.len(), 2);
    assert_eq!(state.variants[0].docs, ["It runs."]);
    let things = structure(&ir, "Things");
    assert_eq!(field(things, "state").ty, Type::Named("RunState".into()));
    assert_eq!(field(things, "again").ty, Type::Named("RunState".into()), "the same x-ms-enum is one type");
    let Model::Enum(plain) = model(&ir, "ThingsPlain") else { panic!("no inline enum") };
    assert_eq!(plain.variants.len(), 2, "`A` would be the variant of `a`: read as unknown");
    assert_eq!(field(things, "level").ty, Type::I32);
    assert!(field(things, "level").docs.iter().any(|line| line == "Values: 1, 2, 3."));
    assert_eq!(field(things, "odd").ty, Type::Json);
    let warnings = named(&warnings);
    assert!(has(&warnings, "#/definitions/Things/properties/odd/enum", "read as JSON"), "{warnings:#?}");
    assert!(
        has(&warnings, "#/definitions/Things/properties/state/x-ms-enum/name", "`RunState` has no description"),
        "{warnings:#?}"
    );
    assert!(has(&warnings, "#/definitions/Things/properties/plain/enum/2", "same variant"), "{warnings:#?}");
}

#[test]
fn formats_and_secrets() {
    let (ir, warnings) = lower(&["tests/import/formats.json"]);
    let formats = structure(&ir, "Formats");
    let expected = [
        ("at", Type::Timestamp),
        ("http", Type::String),
        ("day", Type::String),
        ("span", Type::Duration),
        ("small", Type::I32),
        ("big", Type::I64),
        ("f", Type::F32),
        ("d", Type::F64),
        ("bytes", Type::String),
        ("id", Type::String),
        ("link", Type::String),
        ("pass", Type::Secret),
        ("key", Type::Secret),
        ("odd", Type::String),
        ("wrapped", Type::Named("SecretBase".into())),
    ];
    for (wire, ty) in expected {
        assert_eq!(field(formats, wire).ty, ty, "{wire}");
    }
    assert_eq!(field(structure(&ir, "SecureString"), "value").ty, Type::Secret, "SecureString holds a secret");
    assert!(ir.secret_properties.contains(&"value".to_owned()));
    let warnings = named(&warnings);
    assert!(has(&warnings, "#/definitions/Formats/properties/odd", "unknown string format"), "{warnings:#?}");
}

#[test]
fn operations_parameters_responses_paging_and_polling() {
    let (ir, _) = lower(&["tests/import/operations.json"]);
    let modules: Vec<&str> = ir.apis.iter().map(|api| api.module.as_str()).collect();
    assert_eq!(modules, ["operations", "things"], "one API per operation group");
    let things = &ir.apis[1];
    assert_eq!((things.version.as_str(), things.base_url.as_str()), ("2024-01-01", "https://example.test"));
    let operation = |id: &str| things.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("no {id}"));
    let get = operation("Things_Get");
    let param =
        |name: &str| get.params.iter().find(|param| param.spec_name == name).unwrap_or_else(|| panic!("{name}"));
    assert!(matches!(param("thingName").kind, ParamKind::Path { .. }), "a path-level parameter");
    assert!(!param("thingName").client_level, "x-ms-parameter-location: method");
    assert!(matches!(param("api-version").kind, ParamKind::Query { api_version: true, .. }));
    assert_eq!(param("$top").value_type, Some(Type::I32));
    assert_eq!(param("deep").value_type, Some(Type::Bool));
    assert_eq!(param("kinds").value_type, Some(Type::Vec(Box::new(Type::String))));
    assert_eq!(param("mode").values, ["fast", "slow"]);
    assert!(matches!(&param("If-None-Match").kind, ParamKind::Header { required: false, .. }));
    assert_eq!(get.failures.iter().map(|(status, _)| status.as_str()).collect::<Vec<_>>(), ["304", "default"]);
    let put = operation("Things_CreateOrUpdate");
    assert_eq!(put.long_running, Some(LongRunning::AzureAsyncOperation));
    let body = put.body.as_ref().expect("a body");
    assert_eq!((body.model.as_str(), body.optional), ("Thing", false));
    assert_eq!(put.successes.iter().map(|success| success.status).collect::<Vec<_>>(), [200, 202]);
    assert!(put.successes[1].headers.is_some(), "the 202's headers are typed");
    let delete = operation("Things_Delete");
    assert_eq!(delete.long_running, Some(LongRunning::Default));
    assert!(delete.successes.iter().any(|success| success.status == 204 && success.body.is_none()));
    let list = operation("Things_List").pageable.as_ref().expect("pageable");
    assert_eq!(
        (list.item_field.as_str(), list.next_link.as_ref().map(|link| link.0.as_str())),
        ("value", Some("nextLink"))
    );
    let one_page = ir.apis[0].operations[0].pageable.as_ref().expect("pageable");
    assert_eq!(one_page.next_link, None, "a null nextLinkName is one page");
    let thing = structure(&ir, "Thing");
    assert!(field(thing, "properties").client_flatten, "x-ms-client-flatten is kept, the shape stays nested");
}

#[test]
fn references_across_files_in_a_cycle_and_yaml_input() {
    let (ir, _) = lower(&["tests/import/multi_file/main.yaml"]);
    assert_eq!(ir.sources, ["tests/import/multi_file/main.yaml", "tests/import/multi_file/defs/types.json"]);
    // Each holds the other: both boxed.
    assert_eq!(field(structure(&ir, "Root"), "leaf").ty, Type::Boxed("Leaf".into()));
    assert!(matches!(field(structure(&ir, "Leaf"), "root").ty, Type::Named(_) | Type::Boxed(_)));
}

#[test]
fn errors_name_the_file_the_pointer_and_the_line() {
    let inputs = ["tests/import/broken.json".to_owned()];
    let Err((errors, sources)) = lower_from_inputs(&inputs, &mut read, &Options::default()) else {
        panic!("broken input was accepted")
    };
    let found: Vec<String> = errors
        .0
        .iter()
        .filter(|error| error.severity == Severity::Error)
        .map(|error| {
            format!("{}:{}: {}: {}", error.file, error.line, error.pointer.as_deref().unwrap_or("-"), error.message)
        })
        .collect();
    let expected = [
        "tests/import/broken.json:6: #/paths/~1a/get/responses/200/schema/$ref: `#/definitions/Missing` names nothing that was loaded",
        "tests/import/broken.json:7: #/paths/~1b/get/operationId: the operation id `A_Get` is used twice",
    ];
    for line in expected {
        assert!(found.iter().any(|found| found == line), "missing {line:?} in {found:#?}");
    }
    let rendered = errors.render(&sources);
    assert!(rendered.contains("--> tests/import/broken.json:7:"), "{rendered}");
}

#[test]
fn strict_turns_every_reader_warning_into_an_error() {
    let inputs = ["tests/import/objects.yaml".to_owned()];
    let options = Options { strict: true, ..Options::default() };
    let Err((errors, _)) = lower_from_inputs(&inputs, &mut read, &options) else { panic!("strict accepted a warning") };
    assert!(errors.0.iter().any(|error| error.severity == Severity::Error && error.message.contains("kept as JSON")));
}

#[test]
fn the_whole_data_factory_api_is_read_with_its_counts() {
    let (ir, warnings) = lower(&[DATA_FACTORY]);
    let unions: Vec<&ir::Union> = ir
        .models
        .iter()
        .filter_map(|model| match model {
            Model::Union(union) => Some(union),
            _ => None,
        })
        .collect();
    let variants: usize = unions.iter().map(|union| union.variants.len()).sum();
    let operations: Vec<&ir::Operation> = ir.apis.iter().flat_map(|api| &api.operations).collect();
    let pageable = operations.iter().filter(|operation| operation.pageable.is_some()).count();
    let long_running = operations.iter().filter(|operation| operation.long_running.is_some()).count();
    // Definitions as read: every file's `definitions`, then what became a model of its own.
    let mut definitions = 0;
    for file in [
        "datafactory.json",
        "entityTypes/Dataset.json",
        "entityTypes/IntegrationRuntime.json",
        "entityTypes/LinkedService.json",
        "entityTypes/Pipeline.json",
        "entityTypes/Trigger.json",
    ] {
        let text = read(&format!("vendor/azure-datafactory-2018-06-01/{file}")).expect("vendored file");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        definitions += json["definitions"].as_object().map_or(0, |map| map.len());
    }
    let mut loader = read;
    let imported = datafactory_codegen::import::read(&[DATA_FACTORY.to_owned()], &mut loader, false)
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let spec_definitions: usize = imported.files.iter().map(|file| file.spec.definitions.len()).sum();
    println!("definitions in the input: {definitions}");
    println!(
        "definitions of the spec model: {spec_definitions} (the rest are written in place; named enums hoisted out of properties are added)"
    );
    println!("models: {} ({} unions, {variants} variants reachable through dispatch)", ir.models.len(), unions.len());
    println!(
        "APIs: {}; operations: {}; pageable: {pageable}; long-running: {long_running}",
        ir.apis.len(),
        operations.len()
    );
    println!("warnings: {}", warnings.len());
    for warning in named(&warnings) {
        println!("  {warning}");
    }
    assert_eq!(definitions, 579);
    assert_eq!(operations.len(), 62);
    assert_eq!(pageable, 9);
    assert_eq!(long_running, 8);
    // 17 discriminators: SsisObjectMetadata has no descendant here, so it is a plain struct.
    assert_eq!(unions.len(), 16);
    // 287 allOf descendants of the 17, every one a variant at every depth.
    assert_eq!(variants, 287);
    assert!(unions.iter().all(|union| !union.variants.is_empty()), "no empty unions");
    assert_eq!(ir.apis.len(), 14);
    let mut kinds: Vec<String> = named(&warnings)
        .iter()
        .map(|warning| warning.split_once(": ").map_or(warning.clone(), |(_, message)| message.to_owned()))
        .map(|message| message.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { "_" } else { part }).collect())
        .collect();
    kinds.sort();
    kinds.dedup();
    println!("kinds of warnings: {kinds:#?}");
    assert_eq!(warnings.len(), 38, "{:#?}", named(&warnings));
}

#[test]
fn the_whole_data_factory_api_generates_a_crate_that_compiles() {
    let inputs = [DATA_FACTORY.to_owned()];
    let previous = std::env::current_dir().expect("current dir");
    // The inputs are paths from the workspace root, as `cargo xtask generate` takes them.
    let generated = {
        let mut loader = read;
        datafactory_codegen::generate_from_inputs(&inputs, &mut loader, &Options::default())
            .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)))
    };
    assert_eq!(previous, std::env::current_dir().expect("current dir"));
    let dir = root().join("target/import-datafactory-crate");
    generate::write_crate(&root(), &dir, "azure-datafactory", &generated).unwrap_or_else(|error| panic!("{error}"));
    let checked = xtask::scratch::check_crate(&dir, &root().join("target/scratch-crates-target"));
    if let Err(errors) = checked {
        panic!("the Data Factory crate does not compile:\n{errors}");
    }
}
