//! The Swagger 2.0 reader: one focused fixture per construct (`tests/import/`), and the whole
//! vendored Azure Data Factory 2018-06-01 API: its counts, its warnings, and a crate from it
//! that compiles with warnings denied.

use datafactory_tests::root;
use restgen::import::tree::{Node, Value};
use restgen::ir::{self, EnumWire, LongRunning, Model, ParamKind, Presence, Type};
use restgen::{Diagnostic, Options, Severity, lower_from_inputs};

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
        .map(|warning| format!("{}: {}", warning.pointer.as_deref().map_or("-", String::as_str), warning.message))
        .collect()
}

fn has(warnings: &[String], pointer: &str, text: &str) -> bool {
    warnings.iter().any(|warning| warning.starts_with(&format!("{pointer}: ")) && warning.contains(text))
}

#[test]
fn all_of_hierarchies_become_one_union_over_every_depth() {
    let (ir, warnings) = lower(&["tests/import/inheritance.json"]);
    assert_eq!(
        tags(union(&ir, "Activity")),
        [("Execution", "ExecutionActivity"), ("CopyActivity", "CopyActivity")],
        "x-ms-discriminator-value, else the definition name"
    );
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
    // A variant that is itself a union (its own discriminator): its descendants are variants of
    // the outer union, and a value of it is read as the outer union.
    assert_eq!(field(holder, "execution").ty, Type::Named("Activity".into()));
    assert!(
        has(&warnings, "#/definitions/ExecutionActivity/discriminator", "inside another hierarchy"),
        "{warnings:#?}"
    );
    // A union whose base extends another schema: the inherited properties are shared by every
    // variant and kept by the fallback.
    let connection = union(&ir, "DataConnection");
    assert_eq!(tags(connection), [("EventHub", "EventHubConnection")]);
    let shared: Vec<&str> = connection.shared_fields.iter().map(|field| field.wire_name.as_str()).collect();
    assert_eq!(shared, ["id", "name", "location"]);
    let wires: Vec<&str> = structure(&ir, "EventHubConnection").fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(wires, ["id", "name", "location", "hub"]);
    let fallback: Vec<&str> =
        structure(&ir, "UnknownDataConnection").fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(fallback, ["id", "name", "kind", "location"]);
    assert_eq!(field(holder, "connection").ty, Type::Named("DataConnection".into()));
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
    assert_eq!(state.variants[0].docs, ["It runs.", "", "On the wire: `Started`."]);
    let things = structure(&ir, "Things");
    assert_eq!(field(things, "state").ty, Type::Named("RunState".into()));
    assert_eq!(field(things, "again").ty, Type::Named("RunState".into()), "the same x-ms-enum is one type");
    let Model::Enum(plain) = model(&ir, "ThingsPlain") else { panic!("no inline enum") };
    assert_eq!(plain.variants.len(), 2, "`A` would be the variant of `a`: read as unknown");
    let Model::Enum(level) = model(&ir, "ThingsLevel") else { panic!("an integer enum is an enum") };
    assert_eq!(level.wire, EnumWire::Integer);
    let wire: Vec<&str> = level.variants.iter().map(|variant| variant.wire_value.as_str()).collect();
    assert_eq!(wire, ["1", "2", "3"], "a repeated value is one variant");
    let Model::Enum(priority) = model(&ir, "Priority") else { panic!("x-ms-enum.name hoists an integer enum") };
    let variants: Vec<(&str, &str)> =
        priority.variants.iter().map(|variant| (variant.name.as_str(), variant.wire_value.as_str())).collect();
    assert_eq!(variants, [("Normal", "0"), ("High", "1"), ("Low", "-1")], "x-ms-enum's value names");
    let Model::Enum(clash) = model(&ir, "Clash") else { panic!("no Clash") };
    let names: Vec<&str> = clash.variants.iter().map(|variant| variant.name.as_str()).collect();
    assert_eq!(names, ["V1", "V2"], "names that would be one variant: every variant is named by its value");
    assert_eq!(field(things, "ratio").ty, Type::F64, "a number enum stays a number");
    assert!(field(things, "ratio").docs.iter().any(|line| line == "Values: 0.5, 1.5."));
    assert_eq!(field(things, "huge").ty, Type::I64, "a value beyond i64: the integer, documented");
    assert!(field(things, "huge").docs.iter().any(|line| line == "Values: 1, 18446744073709551615."));
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
    assert_eq!(get.failures.iter().map(|failure| failure.status.as_str()).collect::<Vec<_>>(), ["304", "default"]);
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
    // The builder sets a flattened object's properties one by one; not what only the service sets.
    let setters: Vec<&str> = body.setters.iter().map(|setter| setter.name.as_str()).collect();
    assert_eq!(setters, ["size", "zone", "password"], "x-ms-mutability [read] is read-only");
    let properties = structure(&ir, "ThingProperties");
    let docs = |fields: &ir::Struct, name: &str| field(fields, name).docs.join("\n");
    assert!(field(properties, "state").read_only);
    assert!(docs(properties, "zone").contains("Set when the resource is created"), "{}", docs(properties, "zone"));
    assert!(docs(properties, "password").contains("Write-only"), "{}", docs(properties, "password"));
    let list = operation("Things_List");
    let param = |name: &str| list.params.iter().find(|param| param.spec_name == name).expect(name).docs.join("\n");
    assert!(param("$filter").contains("over the properties of ThingProperties."), "{}", param("$filter"));
    assert!(param("$top").contains("parameter group ListOptions."), "{}", param("$top"));
}

#[test]
fn swagger_form_fields_files_and_bodies_that_are_not_json() {
    let (ir, warnings) = lower(&["tests/import/operations.json"]);
    let warnings = named(&warnings);
    let things = &ir.apis[1];
    let operation = |id: &str| things.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("no {id}"));
    // `formData` fields are a form body: a definition of its own, a property per field.
    let annotate = operation("Things_Annotate");
    let body = annotate.body.as_ref().expect("a form body");
    assert_eq!((body.model.as_str(), body.encoding), ("AnnotateBody", ir::Encoding::Form));
    let form = structure(&ir, "AnnotateBody");
    assert_eq!(field(form, "Note").presence, Presence::Required);
    assert_eq!(field(form, "Tags").ty, Type::Vec(Box::new(Type::String)));
    assert_eq!(field(form, "Priority").ty, Type::I32);
    // A `type: file` response, or one of an operation that produces no JSON, is bytes or text.
    assert_eq!(operation("Things_GetReport").successes[0].body, Some(ir::ValueKind::Bytes));
    let set_text = operation("Things_SetText").value_body.as_ref().expect("a text body");
    assert_eq!((&set_text.kind, set_text.content_type.as_str()), (&ir::ValueKind::Text, "text/plain"));
    // A file field makes the form multipart: the file is a file part, the other fields text.
    let upload = operation("Things_Upload").body.as_ref().expect("a multipart body");
    assert_eq!((upload.model.as_str(), upload.encoding), ("UploadBody", ir::Encoding::Multipart));
    let parts = structure(&ir, "UploadBody");
    assert_eq!((&field(parts, "file").ty, field(parts, "file").presence), (&Type::File, Presence::Required));
    assert_eq!(field(parts, "caption").ty, Type::String);
    assert!(!warnings.iter().any(|warning| warning.contains("Upload")), "{warnings:#?}");
    compiles("tests/import/operations.json", "swagger-operations");
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
            format!(
                "{}:{}: {}: {}",
                error.file,
                error.line,
                error.pointer.as_deref().map_or("-", String::as_str),
                error.message
            )
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
    let imported = restgen::import::read(&[DATA_FACTORY.to_owned()], &mut loader, false)
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

// The whole Data Factory crate is `datafactory-v2`, a member of the workspace kept fresh by
// `cargo xtask regenerate --check`: the workspace's build, clippy and docs check it (CI also
// checks each of its features alone), so no scratch copy of it is compiled here.

/// The same tree, positions included, or the first difference as a JSON pointer.
fn same_tree(fast: &Node, slow: &Node, pointer: &str) -> Result<(), String> {
    if fast.at != slow.at {
        return Err(format!("{pointer}: at {:?}, the YAML parser says {:?}", fast.at, slow.at));
    }
    match (&fast.value, &slow.value) {
        (Value::Object(fast), Value::Object(slow)) if fast.len() == slow.len() => {
            fast.iter().zip(slow.iter()).try_for_each(|((fast_key, fast), (slow_key, slow))| {
                if fast_key.name != slow_key.name || fast_key.at != slow_key.at {
                    return Err(format!("{pointer}: key {fast_key:?}, the YAML parser says {slow_key:?}"));
                }
                same_tree(fast, slow, &format!("{pointer}/{}", fast_key.name))
            })
        }
        (Value::Array(fast), Value::Array(slow)) if fast.len() == slow.len() => fast
            .iter()
            .zip(slow)
            .enumerate()
            .try_for_each(|(index, (fast, slow))| same_tree(fast, slow, &format!("{pointer}/{index}"))),
        (fast, slow) if format!("{fast:?}") == format!("{slow:?}") => Ok(()),
        (fast, slow) => Err(format!("{pointer}: {fast:?}, the YAML parser says {slow:?}")),
    }
}

#[test]
fn the_fast_json_reader_gives_the_yaml_parsers_tree_for_every_vendored_and_fixture_file() {
    let mut paths = Vec::new();
    let mut folders = vec![root().join("vendor"), root().join("tests/import")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder").map(|entry| entry.expect("an entry").path()) {
            if entry.is_dir() {
                folders.push(entry);
            } else if entry.extension().is_some_and(|extension| extension == "json") {
                paths.push(entry);
            }
        }
    }
    paths.sort();
    assert!(paths.len() > 70, "{paths:?}");
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a file");
        let slow = restgen::import::parse_yaml("x", &text);
        match (restgen::import::parse_json(&text), slow) {
            (Some(fast), Ok(slow)) => {
                same_tree(&fast, &slow, "#").unwrap_or_else(|difference| panic!("{}: {difference}", path.display()))
            }
            // Refused by both (`broken.json`), or left to the YAML parser.
            (None, _) => {}
            (Some(_), Err(error)) => panic!("{}: the YAML parser refuses it: {error:?}", path.display()),
        }
    }
}

const OPENAPI_30: &str = "tests/import/openapi30.yaml";
const OPENAPI_31: &str = "tests/import/openapi31.json";
const NEXUS: &str = "vendor/progenitor-nexus/nexus.json";

fn union<'a>(ir: &'a ir::Ir, name: &str) -> &'a ir::Union {
    match model(ir, name) {
        Model::Union(union) => union,
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn tags(union: &ir::Union) -> Vec<(&str, &str)> {
    union.variants.iter().map(|variant| (variant.tag_value.as_str(), variant.struct_name.as_str())).collect()
}

fn operation<'a>(ir: &'a ir::Ir, id: &str) -> &'a ir::Operation {
    ir.apis.iter().flat_map(|api| &api.operations).find(|op| op.id == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn openapi_30_unions_nullable_enums_operations() {
    let (ir, warnings) = lower(&[OPENAPI_30]);
    assert_eq!(tags(union(&ir, "Pet")), [("cat", "Cat"), ("dog", "Dog")], "allOf children, values from the mapping");
    assert_eq!(tags(union(&ir, "Owner")), [("Person", "Person"), ("Shelter", "Shelter")], "no mapping: schema names");
    assert_eq!(tags(union(&ir, "Toy")), [("ball", "ToyBall"), ("rope", "ToyRope")], "inferred tag, inline members");
    assert_eq!(union(&ir, "Toy").tag, "shape");
    let cat = structure(&ir, "Cat");
    assert_eq!(
        cat.fields.iter().map(|field| field.wire_name.as_str()).collect::<Vec<_>>(),
        ["name", "born", "tags", "nickname", "lives"]
    );
    assert_eq!(field(cat, "nickname").presence, Presence::OptionalNullable, "nullable: true");
    assert_eq!(field(cat, "tags").ty, Type::Map(Box::new(Type::String)));
    let new_pet = structure(&ir, "NewPet");
    assert_eq!(field(new_pet, "owner").ty, Type::Named("Owner".into()), "allOf of one $ref beside nullable");
    assert_eq!(field(new_pet, "owner").presence, Presence::OptionalNullable);
    assert_eq!(field(new_pet, "mixed").ty, Type::Json, "an untyped anyOf");
    assert_eq!(field(new_pet, "weight").ty, Type::F32);
    let Model::Enum(food) = model(&ir, "Food") else { panic!("Food is not an enum") };
    assert_eq!(
        food.variants.iter().map(|v| (v.wire_value.as_str(), v.docs[0].as_str())).collect::<Vec<_>>(),
        [("meat", "Meat."), ("fish", "Fish.")]
    );
    assert!(structure(&ir, "Extra").keeps_extras);
    let modules: Vec<&str> = ir.apis.iter().map(|api| api.module.as_str()).collect();
    assert_eq!(modules, ["default_api", "owners", "pets"], "the first tag, else `default` (a Cargo feature)");
    let pets = ir.apis.iter().find(|api| api.module == "pets").expect("pets");
    assert_eq!(pets.base_url, "https://eu.pets.example/v1", "the first server, variables at their defaults");
    assert!(pets.docs.iter().any(|line| line.contains("pets.write")), "oauth2 scopes: {:#?}", pets.docs);
    let list = operation(&ir, "Pets_ListPets");
    assert_eq!(list.failures.iter().map(|failure| failure.status.as_str()).collect::<Vec<_>>(), ["4XX", "default"]);
    let param =
        |name: &str| list.params.iter().find(|param| param.spec_name == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(param("limit").value_type, Some(Type::I32));
    assert_eq!(param("colors").value_type, Some(Type::Vec(Box::new(Type::String))));
    assert!(matches!(param("X-Trace").kind, ParamKind::Header { required: false, .. }));
    let get = operation(&ir, "Pets_GetPet");
    assert!(matches!(get.params[0].kind, ParamKind::Path { .. }), "a path-level $ref parameter");
    assert_eq!(get.successes.iter().map(|success| success.status).collect::<Vec<_>>(), [200], "2XX read as 200");
    let create = operation(&ir, "Pets_CreatePet");
    assert_eq!(create.body.as_ref().map(|body| body.model.as_str()), Some("NewPet"));
    assert!(create.successes[0].headers.is_some());
    let upload = operation(&ir, "Pets_PutPetPhoto").body.as_ref().expect("a multipart body");
    assert_eq!((upload.model.as_str(), upload.encoding), ("PutPetPhotoBody", ir::Encoding::Multipart));
    let parts = structure(&ir, "PutPetPhotoBody");
    assert_eq!(field(parts, "photo").ty, Type::File);
    assert_eq!(field(parts, "extras").ty, Type::Vec(Box::new(Type::File)));
    assert_eq!(field(parts, "tags").ty, Type::Vec(Box::new(Type::String)));
    let warnings = named(&warnings);
    assert!(has(&warnings, "#/components/schemas/Mixed", "read as JSON"), "{warnings:#?}");
    assert!(has(&warnings, "#/paths/~1pets~1{petId}/get/responses/2XX", "read as `200`"), "{warnings:#?}");
}

#[test]
fn openapi_31_type_lists_const_and_ref_siblings() {
    let (ir, warnings) = lower(&[OPENAPI_31]);
    assert_eq!(tags(union(&ir, "Shape")), [("circle", "Circle"), ("square", "Square")]);
    assert_eq!(tags(union(&ir, "Event")), [("created", "EventCreated"), ("deleted", "EventDeleted")], "const tags");
    assert!(structure(&ir, "Circle").fields.iter().all(|field| field.wire_name != "type"), "the tag is the union's");
    let drawing = structure(&ir, "Drawing");
    assert_eq!(field(drawing, "note").presence, Presence::OptionalNullable, "type: [string, null]");
    assert_eq!(field(drawing, "note").ty, Type::String);
    assert_eq!(field(drawing, "createdBy").ty, Type::Named("User".into()), "anyOf [$ref, null]");
    assert_eq!(field(drawing, "createdBy").presence, Presence::OptionalNullable);
    assert!(field(drawing, "background").docs[0].starts_with("The background (a"), "the `$ref`'s sibling description");
    assert_eq!(field(drawing, "version").ty, Type::I64, "a number const keeps its type");
    assert!(field(drawing, "version").docs.iter().any(|line| line == "Value: 2."));
    assert_eq!(field(drawing, "level").ty, Type::Named("DrawingLevel".into()), "an integer enum");
    assert_eq!(field(drawing, "meta").ty, Type::Map(Box::new(Type::I64)));
    assert_eq!(field(drawing, "anything").ty, Type::Json);
    assert_eq!(field(drawing, "shapes").ty, Type::Vec(Box::new(Type::Named("Shape".into()))));
    let create = operation(&ir, "Drawings_CreateDrawing");
    assert_eq!(create.body.as_ref().map(|body| body.model.as_str()), Some("CreateDrawingBody"), "an inline body");
    let get = operation(&ir, "Drawings_GetDrawing");
    assert_eq!(get.failures.iter().map(|failure| failure.status.as_str()).collect::<Vec<_>>(), ["5XX"]);
    let drawings = ir.apis.iter().find(|api| api.module == "drawings").expect("drawings");
    assert_eq!(drawings.base_url, "https://draw.example/api");
    assert!(named(&warnings).is_empty(), "no warning names a schema: {:#?}", named(&warnings));
}

/// The Rust type of a success body, as the example program names it.
fn rust_type(krate: &str, ty: &Type) -> String {
    match ty {
        Type::Named(name) | Type::Boxed(name) => format!("{krate}::models::{name}"),
        Type::Vec(item) => format!("Vec<{}>", rust_type(krate, item)),
        other => panic!("no example body of type {other:?} in the fixtures"),
    }
}

/// Every example response body of an OpenAPI document: (operation id, status, example name, body).
fn openapi_examples(path: &str) -> Vec<(String, String, String, serde_json::Value)> {
    let text = read(path).expect("a fixture");
    let (root, _) = restgen::import::parse_document(path, &text).expect("parses");
    let root = root.to_json();
    let mut found = Vec::new();
    for item in root["paths"].as_object().into_iter().flat_map(|paths| paths.values()) {
        for operation in
            item.as_object().into_iter().flat_map(|item| item.values()).filter(|op| op.get("responses").is_some())
        {
            let id = operation["operationId"].as_str().unwrap_or_default();
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let Some(media) = response.pointer("/content/application~1json") else { continue };
                if let Some(example) = media.get("example") {
                    found.push((id.to_owned(), status.clone(), "example".to_owned(), example.clone()));
                }
                for (name, example) in
                    media.get("examples").and_then(|examples| examples.as_object()).into_iter().flatten()
                {
                    found.push((id.to_owned(), status.clone(), name.clone(), example["value"].clone()));
                }
            }
        }
    }
    found
}

/// Generates a crate from `input`, checks it with warnings denied, then runs a program in it that
/// decodes every example response body into its operation's success body type and writes it back.
/// `programs` are more example programs (names and sources) run in the same crate, each printing
/// `<name>: ok` when its assertions hold.
fn generate_check_and_round_trip(input: &str, crate_name: &str, programs: &[(&str, &str)]) {
    let inputs = [input.to_owned()];
    let mut loader = read;
    let generated = restgen::generate_from_inputs(&inputs, &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let (ir, _) = lower(&[input]);
    let krate = crate_name.replace('-', "_");
    let mut cases = String::new();
    let examples = openapi_examples(input);
    assert!(examples.len() >= 3, "{examples:#?}");
    for (id, status, name, body) in &examples {
        let op = ir
            .apis
            .iter()
            .flat_map(|api| &api.operations)
            .find(|op| op.id.ends_with(&format!("_{}", restgen::lower::type_name(id))))
            .unwrap_or_else(|| panic!("no operation {id}"));
        let code: u16 = if status == "2XX" { 200 } else { status.parse().expect("a status") };
        let success =
            op.successes.iter().find(|success| success.status == code).unwrap_or_else(|| panic!("{id} {status}"));
        let ty = rust_type(&krate, success.json_body().expect("a JSON body"));
        cases.push_str(&format!(
            "    round_trip::<{ty}>({:?}, {:?});\n",
            format!("{id} {status} {name}"),
            body.to_string()
        ));
    }
    let program = format!(
        "//! Written by tests/import.rs: every example body decodes into its type and writes back the same JSON.\n\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, text: &str) {{\n    \
         let value: T = serde_json::from_str(text).unwrap_or_else(|error| panic!(\"{{name}}: {{error}}\"));\n    \
         let back = serde_json::to_value(&value).expect(\"serializes\");\n    \
         let expected: serde_json::Value = serde_json::from_str(text).expect(\"JSON\");\n    \
         assert!(same(&back, &expected), \"{{name}}: {{back}} is not {{expected}}\");\n    println!(\"round trip: {{name}}\");\n}}\n\n\
         /// JSON equality where `3` and `3.0` are the same number (a `number` is an `f64`).\n\
         fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {{\n    \
         use serde_json::Value;\n    match (a, b) {{\n        \
         (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),\n        \
         (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),\n        \
         (Value::Object(a), Value::Object(b)) => a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same(a, b))),\n        \
         _ => a == b,\n    }}\n}}\n\nfn main() {{\n{cases}}}\n"
    );
    let dir = root().join(format!("target/import-{crate_name}-crate"));
    xtask::scratch::write_generated_crate(&root(), &dir, crate_name, &generated)
        .unwrap_or_else(|error| panic!("{error}"));
    std::fs::create_dir_all(dir.join("examples")).expect("examples folder");
    std::fs::write(dir.join("examples/round_trip.rs"), program).expect("the program");
    for (name, source) in programs {
        std::fs::write(dir.join(format!("examples/{name}.rs")), source).expect("a program");
    }
    let target = root().join("target/scratch-crates-target");
    if let Err(errors) = xtask::scratch::check_crate(&dir, &target) {
        panic!("the crate from {input} does not compile:\n{errors}");
    }
    let stdout = run_example(&dir, &target, "round_trip");
    println!("{stdout}");
    assert_eq!(stdout.lines().filter(|line| line.starts_with("round trip: ")).count(), examples.len());
    for (name, _) in programs {
        let stdout = run_example(&dir, &target, name);
        assert!(stdout.contains(&format!("{name}: ok")), "{stdout}");
    }
}

/// Runs the example program `name` of the crate in `dir`; its output, once it has succeeded.
fn run_example(dir: &std::path::Path, target: &std::path::Path, name: &str) -> String {
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--all-features", "--offline", "--quiet", "--example", name])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{name}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[test]
fn the_openapi_30_fixture_generates_a_crate_that_compiles_and_round_trips_its_examples() {
    let bodies = include_str!("import/programs/openapi30_bodies.rs");
    generate_check_and_round_trip(OPENAPI_30, "openapi30-fixture", &[("bodies", bodies)]);
}

#[test]
fn the_openapi_31_fixture_generates_a_crate_that_compiles_and_round_trips_its_examples() {
    generate_check_and_round_trip(OPENAPI_31, "openapi31-fixture", &[]);
}

#[test]
fn the_nexus_openapi_30_input_generates_a_crate_that_compiles_with_its_counts_and_warnings() {
    let text = read(NEXUS).expect("vendored");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let schemas = json["components"]["schemas"].as_object().map_or(0, |schemas| schemas.len());
    let written: usize = json["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .map(|item| {
            item.as_object().map_or(0, |item| item.values().filter(|op| op.get("operationId").is_some()).count())
        })
        .sum();
    let (ir, warnings) = lower(&[NEXUS]);
    let unions = ir.models.iter().filter(|model| matches!(model, Model::Union(_))).count();
    let operations: usize = ir.apis.iter().map(|api| api.operations.len()).sum();
    println!("schemas: {schemas}; models: {} ({unions} unions)", ir.models.len());
    println!("operations: {written} written, {operations} generated in {} APIs", ir.apis.len());
    println!("warnings: {}", warnings.len());
    for warning in named(&warnings) {
        println!("  {warning}");
    }
    assert_eq!((schemas, written), (194, 193));
    // Left out: 5 operations with neither a success nor a redirect (3 websockets, 2 device-flow
    // calls with only `default`). The 3 logins that answer with a redirect are generated.
    assert_eq!(operations, 188);
    // Every `oneOf` of objects in it has a string constant in each member: all are unions.
    assert_eq!(unions, 19);
    // (Its `Error` schema types the error responses, so it is used; every request body is sent:
    // the two forms, the octet-stream upload and the five bodies that are no object schema;
    // every response body is read, as JSON, text or bytes.)
    assert_eq!(warnings.len(), 91, "{:#?}", named(&warnings));
    let named_warnings = named(&warnings);
    assert!(!named_warnings.iter().any(|warning| warning.contains("without a body")), "{named_warnings:#?}");
    assert!(!named_warnings.iter().any(|warning| warning.contains("not read")), "{named_warnings:#?}");
    compiles(NEXUS, "nexus");
}

/// Generates a crate from `input` as `cargo xtask generate` does and checks that it compiles
/// with warnings denied.
fn compiles(input: &str, name: &str) {
    let mut loader = read;
    let generated = restgen::generate_from_inputs(&[input.to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let dir = root().join(format!("target/import-{name}-crate"));
    xtask::scratch::write_generated_crate(&root(), &dir, name, &generated).unwrap_or_else(|error| panic!("{error}"));
    if let Err(errors) = xtask::scratch::check_crate(&dir, &root().join("target/scratch-crates-target")) {
        panic!("the {name} crate does not compile:\n{errors}");
    }
}

/// Generating from the spec model an import writes (`--emit-spec`) gives the same Rust as
/// generating from the input, every file byte for byte (each YAML file says `importedFrom`, which
/// the `@generated` line names).
fn the_emitted_spec_generates_the_same_rust(input: &str) {
    let inputs = [input.to_owned()];
    let mut loader = read;
    let imported = restgen::import::read(&inputs, &mut loader, false)
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let emitted = restgen::import::emit_spec(&imported);
    let original = restgen::generate_from_inputs(&inputs, &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let paths: Vec<String> = emitted.iter().map(|file| format!("emitted/{}", file.path)).collect();
    let mut from_memory = |path: &str| {
        emitted
            .iter()
            .find(|file| format!("emitted/{}", file.path) == path)
            .map(|file| file.text.clone())
            .ok_or_else(|| format!("{path}: not emitted"))
    };
    let again = restgen::generate_from_inputs(&paths, &mut from_memory, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let names = |files: &[restgen::GeneratedFile]| files.iter().map(|file| file.path.clone()).collect::<Vec<_>>();
    assert_eq!(names(&original.generated.files), names(&again.generated.files));
    for (first, second) in original.generated.files.iter().zip(&again.generated.files) {
        if first.contents != second.contents {
            let line = first.contents.lines().zip(second.contents.lines()).position(|(a, b)| a != b);
            panic!("{input}: {} differs from line {line:?}", first.path);
        }
    }
    assert_eq!(original.apis, again.apis);
}

#[test]
fn the_emitted_spec_of_data_factory_generates_the_same_rust() {
    the_emitted_spec_generates_the_same_rust(DATA_FACTORY);
}

#[test]
fn the_emitted_spec_of_the_openapi_fixtures_generates_the_same_rust() {
    the_emitted_spec_generates_the_same_rust(OPENAPI_30);
    the_emitted_spec_generates_the_same_rust(OPENAPI_31);
}

/// Imported input is never refused over a Rust name: each collision is resolved by the one rule
/// (a warning says how), a property declared again down an `allOf` chain is one field, a union
/// may extend a plain base, error responses are typed by whatever schema they name, and the
/// crate compiles.
#[test]
fn collisions_in_imported_input_are_renamed_with_a_warning_and_the_crate_compiles() {
    const COLLISIONS: &str = "tests/import/collisions.json";
    let (ir, warnings) = lower(&[COLLISIONS]);
    let messages: Vec<&str> = warnings.iter().map(|warning| warning.message.as_str()).collect();
    for expected in [
        "two parameters of `Things_Get` would both be `name`: the query parameter `Name` is `name_query`",
        "the parameter `build` would shadow the method `build`: the query parameter `build` is `build_query`",
        "the body setter `send` has the name of a parameter or method of `Things_Get`: the setter of body property `properties.send` is `properties_send`",
        "the body setter `body_name` has the name of a parameter or method of `Things_Get`: the setter of body property `properties.name` is `properties_name`",
        "`Things_get` needs the name `Get`, which another operation or header set of `things` has: it is `ThingsGet`",
        "two properties of `Thing` would both be the Rust field `e_tag`: the property `e_tag` is the field `e_tag_2`",
    ] {
        assert!(messages.contains(&expected), "missing {expected:?} in {messages:#?}");
    }
    let thing = structure(&ir, "Thing");
    let ids: Vec<_> = thing.fields.iter().filter(|field| field.wire_name == "id").collect();
    assert_eq!(ids.len(), 1, "`id` declared again is one field");
    assert_eq!(ids[0].docs[0], "The id, declared again.", "as the most derived schema declares it");
    assert_eq!(thing.fields[0].wire_name, "id", "where the base had it");
    let Model::Union(trigger) = model(&ir, "Trigger") else { panic!("Trigger is a union") };
    let shared: Vec<_> = trigger.shared_fields.iter().map(|field| field.wire_name.as_str()).collect();
    assert_eq!(shared, ["id", "name"], "a union's base properties are shared by its variants");
    let put = ir.apis[0].operations.iter().find(|operation| operation.id == "Things_Get").expect("Things_Get");
    let bodies: Vec<_> = put.failures.iter().map(|failure| (failure.status.as_str(), failure.body.clone())).collect();
    assert_eq!(
        bodies,
        [("404", Some(Type::Named("NotFound".into()))), ("default", Some(Type::Named("ErrorResponse".into())))]
    );
    assert!(put.has_error_enum(), "two error types: `error_body` gives an enum of them");

    compiles(COLLISIONS, "collisions");
}

/// Every write operation of the Twilio documents takes its form body: the builder holds the
/// body model and writes it as `application/x-www-form-urlencoded` (the runtime's `encode_form`
/// has its own tests, read back by an independent parser).
#[test]
fn every_twilio_form_body_is_sent_as_a_form() {
    let mut forms = 0;
    for entry in std::fs::read_dir(root().join("vendor/twilio")).expect("vendor/twilio") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let input = format!("vendor/twilio/{}", path.file_name().expect("a name").to_string_lossy());
        let document: serde_json::Value = serde_json::from_str(&read(&input).expect("readable")).expect("JSON");
        let declared: Vec<String> = document["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, item)| item.as_object().into_iter().flatten())
            .filter(|(_, operation)| {
                operation["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object()
            })
            .filter_map(|(_, operation)| operation["operationId"].as_str().map(str::to_owned))
            .collect();
        let (ir, warnings) = lower(&[&input]);
        assert!(!warnings.iter().any(|warning| warning.message.contains("without a body")), "{input}");
        let operations: Vec<&ir::Operation> = ir.apis.iter().flat_map(|api| &api.operations).collect();
        for id in &declared {
            let operation = operations
                .iter()
                .find(|operation| operation.id.ends_with(id.as_str()))
                .unwrap_or_else(|| panic!("{input}: no operation {id}"));
            let body = operation.body.as_ref().unwrap_or_else(|| panic!("{input}: {id} has no body"));
            assert_eq!(body.encoding, ir::Encoding::Form, "{input}: {id}");
        }
        forms += declared.len();
    }
    assert!(forms > 100, "the documents declare many form bodies: {forms}");
}

/// One API gathered from files of two versions (Azure Network's folder `2018-12-01` holds
/// `vmssNetworkInterface.json` of `2017-03-30`): each operation sends its own file's version.
#[test]
fn an_operation_sends_the_api_version_of_its_own_file() {
    let folder = "vendor/azure-corpus/specification/network/resource-manager/Microsoft.Network/stable/2018-12-01";
    let (ir, _) = lower(&[&format!("{folder}/networkInterface.json"), &format!("{folder}/vmssNetworkInterface.json")]);
    let api = ir.apis.iter().find(|api| api.module == "network_interfaces").expect("the NetworkInterfaces API");
    assert_eq!(api.version, "2018-12-01");
    let own = operation(&ir, "NetworkInterfaces_Get");
    assert_eq!(own.api_version, None, "the API's version");
    let vmss = operation(&ir, "NetworkInterfaces_GetVirtualMachineScaleSetNetworkInterface");
    assert_eq!(vmss.api_version.as_deref(), Some("2017-03-30"));
}

/// `x-ms-paths` items are operations too; the literal query of their key is sent with each request.
#[test]
fn x_ms_paths_operations_are_generated_with_their_literal_query() {
    let input = "vendor/azure-corpus/specification/authorization/resource-manager/Microsoft.Authorization/stable/2015-07-01/authorization.json";
    let (ir, _) = lower(&[input]);
    let get = operation(&ir, "RoleDefinitions_GetById");
    assert_eq!(get.path_template, "/{roleDefinitionId}");
    assert_eq!(get.literal_query, vec![("disambiguation_dummy".to_owned(), String::new())]);
}

/// The example answers a `Mock` gives come from each operation's `x-ms-examples` files (the
/// first with a body for the status), else the response's own `examples`; an example file that
/// cannot be read is a warning that names it, never an error.
#[test]
fn example_answers_come_from_x_ms_examples_files_and_response_examples() {
    let swagger = serde_json::json!({
        "swagger": "2.0",
        "info": { "title": "Things", "version": "2024-01-01" },
        "paths": {
            "/things/{name}": {
                "get": {
                    "operationId": "Things_Get",
                    "parameters": [{ "name": "name", "in": "path", "required": true, "type": "string" }],
                    "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } },
                    "x-ms-examples": {
                        "Without a body": { "$ref": "./examples/Things_Delete.json" },
                        "A thing": { "$ref": "./examples/Things_Get.json" }
                    }
                },
                "delete": {
                    "operationId": "Things_Delete",
                    "parameters": [{ "name": "name", "in": "path", "required": true, "type": "string" }],
                    "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } },
                    "x-ms-examples": { "Gone": { "$ref": "./examples/Missing.json" } }
                }
            },
            "/things": {
                "get": {
                    "operationId": "Things_List",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "schema": { "type": "array", "items": { "$ref": "#/definitions/Thing" } },
                            "examples": { "application/json": [{ "name": "listed" }] }
                        }
                    }
                }
            }
        },
        "x-ms-paths": {
            "/things/{name}?archive=true": {
                "post": {
                    "operationId": "Things_Archive",
                    "parameters": [{ "name": "name", "in": "path", "required": true, "type": "string" }],
                    "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } },
                    "x-ms-examples": { "Archived": { "$ref": "./examples/Things_Archive.json" } }
                }
            }
        },
        "definitions": { "Thing": { "type": "object", "properties": { "name": { "type": "string" } } } }
    });
    let files: std::collections::HashMap<&str, String> = [
        ("api/things.json", swagger.to_string()),
        (
            "api/examples/Things_Get.json",
            r#"{"parameters": {}, "responses": {"200": {"body": {"name": "from a file"}}}}"#.into(),
        ),
        ("api/examples/Things_Delete.json", r#"{"parameters": {}, "responses": {"204": {}}}"#.into()),
        (
            "api/examples/Things_Archive.json",
            r#"{"parameters": {}, "responses": {"200": {"body": {"name": "old"}}}}"#.into(),
        ),
    ]
    .into_iter()
    .collect();
    let mut loader = |path: &str| files.get(path).cloned().ok_or_else(|| "no such file".to_owned());
    let (ir, warnings, _) = lower_from_inputs(&["api/things.json".to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let example = |id: &str| operation(&ir, id).successes[0].example.clone();
    assert_eq!(example("Things_Get").as_deref(), Some(r#"{"name":"from a file"}"#));
    assert_eq!(example("Things_List").as_deref(), Some(r#"[{"name":"listed"}]"#));
    assert_eq!(example("Things_Delete"), None);
    assert_eq!(example("Things_Archive").as_deref(), Some(r#"{"name":"old"}"#), "an operation of `x-ms-paths`");
    let warnings = named(&warnings);
    let missing: Vec<&String> =
        warnings.iter().filter(|warning| warning.contains("api/examples/Missing.json")).collect();
    assert_eq!(missing.len(), 1, "{warnings:#?}");
    assert!(missing[0].contains("no such file") && missing[0].contains("mock"), "{}", missing[0]);
}

/// `x-ms-skip-url-encoding` on a path parameter (a scope) makes it one sent as it is; an
/// `api-version` with a `minLength` makes no rule.
#[test]
fn a_scope_parameter_is_sent_as_it_is() {
    let swagger = serde_json::json!({
        "swagger": "2.0",
        "info": { "title": "Scoped", "version": "2024-01-01" },
        "paths": {
            "/{scope}/providers/Microsoft.Example/things/{name}": {
                "get": {
                    "operationId": "Things_Get",
                    "parameters": [
                        { "name": "scope", "in": "path", "required": true, "type": "string", "x-ms-skip-url-encoding": true },
                        { "name": "name", "in": "path", "required": true, "type": "string" },
                        { "name": "api-version", "in": "query", "required": true, "type": "string", "minLength": 1 }
                    ],
                    "responses": { "200": { "description": "OK" } }
                }
            }
        }
    });
    let text = swagger.to_string();
    let mut loader = |_: &str| Ok::<_, String>(text.clone());
    let (ir, _, _) = lower_from_inputs(&["scoped.json".to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let raw: Vec<(&str, bool)> = operation(&ir, "Things_Get")
        .params
        .iter()
        .filter_map(|param| match &param.kind {
            ParamKind::Path { raw, .. } => Some((param.spec_name.as_str(), *raw)),
            _ => None,
        })
        .collect();
    assert_eq!(raw, [("scope", true), ("name", false)]);
    // The `api-version`'s `minLength` (as in common-types v2 and later) makes no rule: the
    // value is the API's constant, and an unused rule would be a dead-code warning.
    let generated = restgen::generate_from_inputs(&["scoped.json".to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let code: String = generated.generated.files.iter().map(|file| file.contents.as_str()).collect();
    assert!(code.contains("request.raw_segment(\"scope\"") && !code.contains("API_VERSION_RULE"));
}

/// An OpenAPI response with JSON content but no schema is read as any JSON value, as a request
/// body without one is, never left unread.
#[test]
fn a_json_answer_without_a_schema_is_any_json() {
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Versions", "version": "2" },
        "paths": {
            "/": {
                "get": {
                    "operationId": "listVersions",
                    "responses": { "200": { "description": "The versions.", "content": { "application/json": {} } } }
                }
            }
        }
    });
    let text = document.to_string();
    let mut loader = |_: &str| Ok::<_, String>(text.clone());
    let (ir, _, _) = lower_from_inputs(&["versions.json".to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let operation = ir.apis.iter().flat_map(|api| &api.operations).next().expect("the operation");
    assert_eq!(operation.successes[0].json_body(), Some(&Type::Json));
}

/// A file a `$ref` names that cannot be read (a sibling folder not copied along) costs what it
/// defines, not the crate: one warning for the file and one at each use; a schema from it is
/// any JSON, a model whose `allOf` parent is in it keeps the properties it does not know, a
/// parameter from it is left out, and a placeholder no parameter is left for is a path
/// parameter. A union's tag may be declared by the schema its base extends. The crate compiles.
#[test]
fn a_missing_sibling_file_costs_what_it_defines_not_the_crate() {
    let swagger = serde_json::json!({
        "swagger": "2.0",
        "info": { "title": "Partial", "version": "2024-01-01" },
        "paths": {
            "/subscriptions/{subscriptionId}/providers/Microsoft.Example/settings/{settingName}": {
                "get": {
                    "operationId": "Settings_Get",
                    "parameters": [
                        { "$ref": "../common/types.json#/parameters/SubscriptionId" },
                        { "name": "settingName", "in": "path", "required": true, "type": "string" },
                        { "$ref": "../common/types.json#/parameters/ApiVersion" }
                    ],
                    "responses": {
                        "200": { "description": "OK", "schema": { "$ref": "#/definitions/Setting" } },
                        "default": { "description": "Error", "schema": { "$ref": "../common/types.json#/definitions/CloudError" } }
                    }
                }
            }
        },
        "definitions": {
            "SettingResource": {
                "type": "object",
                "properties": { "kind": { "type": "string" } },
                "required": ["kind"],
                "allOf": [{ "$ref": "../common/types.json#/definitions/Resource" }]
            },
            "Setting": {
                "type": "object",
                "discriminator": "kind",
                "allOf": [{ "$ref": "#/definitions/SettingResource" }]
            },
            "DataExportSetting": {
                "type": "object",
                "x-ms-discriminator-value": "DataExportSetting",
                "properties": { "enabled": { "type": "boolean" } },
                "allOf": [{ "$ref": "#/definitions/Setting" }]
            }
        }
    });
    let text = swagger.to_string();
    let mut loader = |path: &str| match path {
        "service/partial.json" => Ok(text.clone()),
        _ => Err("No such file or directory".to_owned()),
    };
    let inputs = ["service/partial.json".to_owned()];
    let (ir, warnings, _) = lower_from_inputs(&inputs, &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let warnings = named(&warnings);
    let unreadable = warnings.iter().filter(|warning| warning.contains("cannot read `common/types.json`")).count();
    assert_eq!(unreadable, 1, "{warnings:#?}");
    let get = "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Microsoft.Example~1settings~1{settingName}/get";
    for (pointer, text) in [
        (format!("{get}/parameters/0"), "the parameter is left out"),
        (format!("{get}/responses/default/schema/$ref"), "read as any JSON value"),
        ("#/definitions/SettingResource/allOf/0".to_owned(), "its properties are not copied"),
        (
            "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Microsoft.Example~1settings~1{settingName}"
                .to_owned(),
            "no parameter declares the placeholder `{subscriptionId}`",
        ),
    ] {
        assert!(has(&warnings, &pointer, text), "no {pointer}: {text} in {warnings:#?}");
    }
    let params: Vec<(&str, bool)> = operation(&ir, "Settings_Get")
        .params
        .iter()
        .map(|param| (param.spec_name.as_str(), matches!(param.kind, ParamKind::Path { .. })))
        .collect();
    assert_eq!(params, [("subscriptionId", true), ("settingName", true)]);
    assert!(structure(&ir, "SettingResource").keeps_extras);
    assert_eq!(tags(union(&ir, "Setting")), [("DataExportSetting", "DataExportSetting")]);
    // And it compiles, warnings denied.
    let generated = restgen::generate_from_inputs(&inputs, &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let dir = root().join("target/import-partial-crate");
    xtask::scratch::write_generated_crate(&root(), &dir, "partial", &generated)
        .unwrap_or_else(|error| panic!("{error}"));
    if let Err(errors) = xtask::scratch::check_crate(&dir, &root().join("target/scratch-crates-target")) {
        panic!("the partial crate does not compile:\n{errors}");
    }
}

/// An integer parameter's `enum` is read as its documented values (numbers), as a string one's is.
#[test]
fn integer_parameter_values_are_read() {
    let swagger = serde_json::json!({
        "swagger": "2.0",
        "info": { "title": "Sized", "version": "1" },
        "paths": {
            "/disks": {
                "get": {
                    "operationId": "Disks_List",
                    "parameters": [
                        { "name": "size", "in": "query", "type": "integer", "enum": [512, 4096] },
                        { "name": "ratio", "in": "query", "type": "number", "enum": [0.5, 1] },
                        { "name": "tier", "in": "query", "type": "string", "enum": ["hot", "cold"] }
                    ],
                    "responses": { "204": { "description": "Done" } }
                }
            }
        }
    });
    let text = swagger.to_string();
    let mut loader = |_: &str| Ok::<_, String>(text.clone());
    let (ir, _, _) = lower_from_inputs(&["sized.json".to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let values: Vec<(&str, Vec<&str>)> = operation(&ir, "Disks_List")
        .params
        .iter()
        .map(|param| (param.spec_name.as_str(), param.values.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(values, [("size", vec!["512", "4096"]), ("ratio", vec!["0.5", "1"]), ("tier", vec!["hot", "cold"])]);
}

/// A required property the service never returns (`x-ms-mutability` without `read`, or
/// OpenAPI's `writeOnly`) is required in requests only: the field is optional, so that an
/// answer without it is read, and its docs say it is required in a request.
#[test]
fn a_required_property_the_service_never_returns_is_optional() {
    let swagger = serde_json::json!({
        "swagger": "2.0",
        "info": { "title": "Controllers", "version": "1" },
        "paths": {
            "/controller": {
                "get": {
                    "operationId": "Controllers_Get",
                    "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Controller" } } }
                }
            }
        },
        "definitions": {
            "Controller": {
                "type": "object",
                "required": ["hostId", "credentials", "password"],
                "properties": {
                    "hostId": { "type": "string", "x-ms-mutability": ["read", "create"] },
                    "credentials": { "type": "string", "x-ms-mutability": ["create"] },
                    "password": { "type": "string", "writeOnly": true }
                }
            }
        }
    });
    let text = swagger.to_string();
    let mut loader = |_: &str| Ok::<_, String>(text.clone());
    let (ir, _, _) = lower_from_inputs(&["controllers.json".to_owned()], &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let controller = structure(&ir, "Controller");
    assert_eq!(field(controller, "hostId").presence, Presence::Required);
    for wire in ["credentials", "password"] {
        let field = field(controller, wire);
        assert_eq!(field.presence, Presence::Optional, "{wire}");
        assert!(field.docs.iter().any(|line| line.contains("Required in a request.")), "{wire}: {:?}", field.docs);
    }
}
