//! The OpenAPI 3.1 export (`spec/openapi/`, kept fresh by `cargo xtask regenerate`): what the
//! spec says arrives in the documents. `.ci/run` also has an independent validator
//! (`openapi-spec-validator`) check them.

use datafactory_tests::{root, spec_sources};
use serde_json::Value;

fn exported(locale: &str) -> Vec<(String, Value)> {
    let sources = spec_sources();
    let files =
        restgen::export_openapi(&sources, locale).unwrap_or_else(|errors| panic!("{}", errors.render(&sources)));
    files.into_iter().map(|file| (file.path, serde_json::from_str(&file.contents).expect("JSON"))).collect()
}

fn document(name: &str) -> Value {
    exported("en").into_iter().find(|(path, _)| path == name).map(|(_, document)| document).expect("exported")
}

/// Every operation of a document, by operation id.
fn operations(document: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            found.push((operation["operationId"].as_str().expect("an id").to_owned(), operation));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn one_document_per_api_with_every_operation_and_its_servers_and_security() {
    let documents = exported("en");
    let names: Vec<&str> = documents.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(names, ["gateways.json", "integration-runtimes.json"]);
    let gateways = document("gateways.json");
    assert_eq!(gateways["openapi"], "3.1.0");
    assert!(gateways["info"]["x-generated"].as_str().unwrap().contains("do not edit"));
    assert_eq!(gateways["servers"][0]["url"], "https://management.azure.com");
    assert_eq!(gateways["security"][0]["azure_auth"][0], "user_impersonation");
    let flows = &gateways["components"]["securitySchemes"]["azure_auth"]["flows"]["implicit"];
    assert!(flows["authorizationUrl"].as_str().unwrap().starts_with("https://login.microsoftonline.com/"));
    let ids: Vec<String> = operations(&gateways).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        [
            "Gateways_Create",
            "Gateways_Delete",
            "Gateways_Get",
            "Gateways_List",
            "Gateways_RegenerateKey",
            "Gateways_Update"
        ]
    );
}

#[test]
fn parameters_bodies_responses_and_what_openapi_cannot_say() {
    let gateways = document("gateways.json");
    let operations = operations(&gateways);
    let (_, create) = operations.iter().find(|(id, _)| id == "Gateways_Create").unwrap();
    let parameters = create["parameters"].as_array().unwrap();
    let find = |name: &str| parameters.iter().find(|parameter| parameter["name"] == name).unwrap();
    assert_eq!(find("GatewayName")["in"], "path");
    assert_eq!(find("GatewayName")["required"], true);
    assert_eq!(find("api-version")["schema"]["const"], "2015-10-01");
    assert_eq!(find("api-version")["x-api-version"], true);
    assert_eq!(find("x-ms-client-request-id")["x-auto"], "uuid");
    assert_eq!(create["requestBody"]["x-bind"]["name"], "GatewayName");
    let content = &create["requestBody"]["content"]["application/json"];
    assert_eq!(content["schema"]["$ref"], "#/components/schemas/GatewayCreateRequest");
    assert!(content["examples"].as_object().is_some_and(|examples| !examples.is_empty()), "the page's sample");
    assert_eq!(create["responses"]["200"]["x-header-set"], "WriteHeaders");
    assert!(create["responses"]["200"]["headers"]["x-ms-request-id"]["schema"]["type"] == "string");
    let runtimes = document("integration-runtimes.json");
    let (_, get_status) =
        self::operations(&runtimes).into_iter().find(|(id, _)| id == "IntegrationRuntimes_GetStatus").unwrap();
    assert_eq!(get_status["x-idempotent"], true, "a POST the spec marks safe to repeat");
    let key = &gateways["components"]["schemas"]["GatewayKey"]["properties"]["key"];
    assert_eq!((&key["format"], &key["x-ms-secret"]), (&Value::from("password"), &Value::from(true)));
}

#[test]
fn the_union_is_one_of_its_variants_with_a_discriminator_mapping() {
    let runtimes = document("integration-runtimes.json");
    let schemas = &runtimes["components"]["schemas"];
    let union = &schemas["IntegrationRuntimeStatus"];
    assert_eq!(union["discriminator"]["propertyName"], "type");
    assert_eq!(union["discriminator"]["mapping"]["Managed"], "#/components/schemas/ManagedIntegrationRuntimeStatus");
    assert_eq!(union["oneOf"].as_array().map(Vec::len), Some(2));
    let managed = &schemas["ManagedIntegrationRuntimeStatus"];
    assert_eq!(managed["allOf"][0]["$ref"], "#/components/schemas/IntegrationRuntimeStatusCommon");
    assert_eq!(managed["x-ms-discriminator-value"], "Managed");
    assert!(schemas["IntegrationRuntimeStatusCommon"]["required"].as_array().unwrap().contains(&Value::from("type")));
    // Only what this API reaches: no gateway models here.
    assert!(schemas.get("Gateway").is_none());
}

#[test]
fn pt_br_descriptions_where_the_spec_has_them() {
    let portuguese = exported("pt-BR");
    let gateways = &portuguese.iter().find(|(path, _)| path == "gateways.json").unwrap().1;
    let (_, create) = operations(gateways).into_iter().find(|(id, _)| id == "Gateways_Create").unwrap();
    assert_eq!(create["description"], "Cria um novo gateway.");
    assert_eq!(
        document("gateways.json")["paths"].as_object().unwrap().len(),
        gateways["paths"].as_object().unwrap().len()
    );
}

#[test]
fn the_checked_in_documents_are_the_export() {
    for (path, document) in exported("en") {
        let written = std::fs::read_to_string(root().join("spec/openapi").join(&path)).expect("checked in");
        assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), document, "{path}: run `cargo xtask regenerate`");
    }
}

/// Reading the exported documents back through the OpenAPI reader gives the same Rust, byte for
/// byte below the `@generated` line (which names the files read), without a warning: the union
/// comes back from its `oneOf` + `<Base>Common` form, and the operations' order does not depend
/// on the order of the document's paths.
#[test]
fn read_back_every_module_is_the_same_rust() {
    let inputs = ["spec/openapi/gateways.json".to_owned(), "spec/openapi/integration-runtimes.json".to_owned()];
    let mut loader = |path: &str| std::fs::read_to_string(root().join(path)).map_err(|error| error.to_string());
    let generated = restgen::generate_from_inputs(&inputs, &mut loader, &restgen::Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let warnings: Vec<String> = generated.generated.warnings.iter().map(|w| w.render(&generated.sources)).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    assert_eq!(generated.apis, ["gateways", "integration_runtimes"]);
    let below_header = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_owned()).unwrap_or_default();
    let paths: Vec<&str> = generated.generated.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, ["gateways.rs", "integration_runtimes.rs", "mod.rs", "models.rs"]);
    for file in &generated.generated.files {
        let original = std::fs::read_to_string(root().join("generated/src/generated").join(&file.path)).unwrap();
        assert!(below_header(&file.contents) == below_header(&original), "{} differs when read back", file.path);
    }
}

/// An integer enum is exported with numbers for values (and its value names), and read back from
/// the document it is the same Rust enum.
#[test]
fn integer_enums_are_exported_as_numbers_and_read_back_the_same() {
    let definitions = std::fs::read_to_string(root().join("tests/fixtures/integer_enum.yaml")).unwrap();
    let api = "api: {name: disks, title: Disks, version: \"2020-01-01\", baseUrl: \"https://example.test\"}\n\
               operations:\n  Disks_Get:\n    description: Gets the disk.\n    method: GET\n    path: /disk\n    \
               responses:\n      \"200\":\n        description: The disk.\n        schema:\n          $ref: Disk\n";
    let sources = [restgen::SourceFile { path: "disks.yaml".into(), text: format!("{api}{definitions}") }];
    let exported =
        restgen::export_openapi(&sources, "en").unwrap_or_else(|errors| panic!("{}", errors.render(&sources)));
    let document: Value = serde_json::from_str(&exported[0].contents).unwrap();
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["BlockSize"]["type"], "integer");
    assert_eq!(schemas["BlockSize"]["enum"], serde_json::json!([512, 4096]));
    assert_eq!(schemas["Priority"]["x-ms-enum"]["values"][0], serde_json::json!({"value": -1, "name": "Low"}));

    let models = |files: Vec<restgen::GeneratedFile>| {
        files.into_iter().find(|file| file.path == "models.rs").map(|file| file.contents).unwrap_or_default()
    };
    let original = models(restgen::generate(&sources).unwrap_or_else(|errors| panic!("{}", errors.render(&sources))));
    let mut loader = |_: &str| Ok(exported[0].contents.clone());
    let read_back =
        restgen::generate_from_inputs(&["disks.json".to_owned()], &mut loader, &restgen::Options::default())
            .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let read_back = models(read_back.generated.files);
    for item in ["pub enum BlockSize {", "pub enum Priority {", "pub enum DiskLevel {"] {
        let text =
            |models: &str| models.split_once(item).map(|(_, rest)| rest.split("\n}\n").next().unwrap_or("").to_owned());
        assert!(text(&original).is_some(), "{item} not generated");
        assert_eq!(text(&original), text(&read_back), "{item}");
    }
}

/// A path parameter sent as it is (`skipUrlEncoding`) is exported as `x-ms-skip-url-encoding`,
/// and read back from the document the request is built the same way, `/`s included.
#[test]
fn a_scope_sent_as_it_is_is_exported_and_read_back() {
    let spec = "api: {name: locks, title: Locks, version: \"2020-01-01\", baseUrl: \"https://example.test\"}\n\
                operations:\n  Locks_Get:\n    description: Gets the lock of a scope.\n    method: GET\n    \
                path: \"/{scope}/providers/Microsoft.Example/lock\"\n    parameters:\n      - name: scope\n        \
                in: path\n        required: true\n        skipUrlEncoding: true\n        description: The scope.\n    \
                responses:\n      \"200\":\n        description: The lock.\n";
    let sources = [restgen::SourceFile { path: "locks.yaml".into(), text: spec.into() }];
    let exported =
        restgen::export_openapi(&sources, "en").unwrap_or_else(|errors| panic!("{}", errors.render(&sources)));
    let document: Value = serde_json::from_str(&exported[0].contents).unwrap();
    let parameter = &document["paths"]["/{scope}/providers/Microsoft.Example/lock"]["get"]["parameters"][0];
    assert_eq!(parameter["x-ms-skip-url-encoding"], true, "{parameter}");
    let api = |files: Vec<restgen::GeneratedFile>| {
        files.into_iter().find(|file| file.path == "locks.rs").map(|file| file.contents).unwrap_or_default()
    };
    let original = api(restgen::generate(&sources).unwrap_or_else(|errors| panic!("{}", errors.render(&sources))));
    assert!(original.contains("request.raw_segment(\"scope\""), "{original}");
    let mut loader = |_: &str| Ok(exported[0].contents.clone());
    let read_back =
        restgen::generate_from_inputs(&["locks.json".to_owned()], &mut loader, &restgen::Options::default())
            .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    assert!(api(read_back.generated.files).contains("request.raw_segment(\"scope\""));
}

/// A parameter's documented values: listed in its docs, and an integer parameter's exported
/// as numbers; a value not of the parameter's type is an error at the value.
#[test]
fn parameter_values_are_documented_and_integer_ones_exported_as_numbers() {
    let spec = |values: &str| {
        format!(
            "api: {{name: disks, title: Disks, version: \"2020-01-01\", baseUrl: \"https://example.test\"}}\n\
             operations:\n  Disks_List:\n    description: Lists disks.\n    method: GET\n    path: /disks\n    \
             parameters:\n      - name: size\n        in: query\n        type: integer\n        description: The size.\n        \
             enum: [{values}]\n      - name: tier\n        in: query\n        enum: [{{value: hot}}, {{value: cold}}]\n    \
             responses:\n      \"204\":\n        description: Done.\n"
        )
    };
    let sources = [restgen::SourceFile { path: "disks.yaml".into(), text: spec("{value: 512}, {value: 4096}") }];
    let exported =
        restgen::export_openapi(&sources, "en").unwrap_or_else(|errors| panic!("{}", errors.render(&sources)));
    let document: Value = serde_json::from_str(&exported[0].contents).unwrap();
    let parameters = &document["paths"]["/disks"]["get"]["parameters"];
    assert_eq!(parameters[0]["schema"]["enum"], serde_json::json!([512, 4096]));
    assert_eq!(parameters[1]["schema"]["enum"], serde_json::json!(["hot", "cold"]));

    let generated = restgen::generate(&sources).unwrap_or_else(|errors| panic!("{}", errors.render(&sources)));
    let code: String = generated.iter().map(|file| file.contents.as_str()).collect();
    assert!(code.contains("/// The size.\n    ///\n    /// Documented values: `512`, `4096`."), "{code}");
    assert!(code.contains("/// Documented values: `hot`, `cold`."), "{code}");

    let sources = [restgen::SourceFile { path: "disks.yaml".into(), text: spec("{value: 512}, {value: large}") }];
    let errors = restgen::generate(&sources).expect_err("a string among integer values is an error");
    let rendered = errors.render(&sources);
    assert!(rendered.contains("`large` is not an integer value"), "{rendered}");
}
