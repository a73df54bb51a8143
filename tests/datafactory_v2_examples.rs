//! Every response body of the 66 published examples of the Data Factory 2018-06-01 API
//! (`vendor/azure-datafactory-2018-06-01/examples/`, named by each operation's `x-ms-examples`)
//! goes through its operation's generated `parse_response` and serializes back to the same JSON
//! (value-equal). An example that contradicts its own schema is listed below with the reason,
//! and the list is asserted exactly: a case that starts to pass, or a new failure, fails the test.
//!
//! (The requests of the examples are not built here yet: see the notes of issue 14.)

use datafactory_tests::root;
use datafactory_v2::runtime::Operation;
use datafactory_v2::{Error, Response};
use serde_json::Value;
use std::collections::BTreeSet;

/// An outcome's body as JSON (`null` for an outcome without one).
trait BodyJson {
    fn body_json(&self) -> Value;
}

impl<B: serde::Serialize, H> BodyJson for Response<B, H> {
    fn body_json(&self) -> Value {
        serde_json::to_value(&self.body).expect("a decoded body serializes")
    }
}

/// The operations whose outcome is an enum of several successes.
macro_rules! outcomes {
    ($($outcome:path { $($variant:ident),* }),* $(,)?) => {$(
        impl BodyJson for $outcome {
            fn body_json(&self) -> Value {
                use $outcome as Outcome;
                match self {
                    $(Outcome::$variant(response) => response.body_json(),)*
                    _ => Value::Null,
                }
            }
        }
    )*};
}

outcomes! {
    datafactory_v2::datasets::DeleteResponse { Ok, NoContent },
    datafactory_v2::factories::DeleteResponse { Ok, NoContent },
    datafactory_v2::integration_runtime_nodes::DeleteResponse { Ok, NoContent },
    datafactory_v2::integration_runtime_object_metadata::RefreshResponse { Ok, Accepted },
    datafactory_v2::integration_runtimes::DeleteResponse { Ok, NoContent },
    datafactory_v2::integration_runtimes::StartResponse { Ok, Accepted },
    datafactory_v2::integration_runtimes::StopResponse { Ok, Accepted },
    datafactory_v2::linked_services::DeleteResponse { Ok, NoContent },
    datafactory_v2::pipelines::DeleteResponse { Ok, NoContent },
    datafactory_v2::triggers::DeleteResponse { Ok, NoContent },
}

/// `operation id => module::Builder`, for every operation of the input.
macro_rules! operations {
    ($($id:literal => $module:ident::$builder:ident),* $(,)?) => {
        const OPERATIONS: &[&str] = &[$($id),*];

        /// The response parsed by the operation's generated code, as JSON.
        fn parse(id: &str, response: http::Response<Vec<u8>>) -> Result<Value, Error> {
            match id {
                $($id => <datafactory_v2::$module::$builder as Operation>::parse_response(response).map(|output| output.body_json()),)*
                other => panic!("no operation {other} in the table"),
            }
        }
    };
}

operations! {
    "ActivityRuns_QueryByPipelineRun" => activity_runs::QueryByPipelineRun,
    "Datasets_CreateOrUpdate" => datasets::CreateOrUpdate,
    "Datasets_Delete" => datasets::Delete,
    "Datasets_Get" => datasets::Get,
    "Datasets_ListByFactory" => datasets::ListByFactory,
    "ExposureControl_GetFeatureValue" => exposure_control::GetFeatureValue,
    "Factories_ConfigureFactoryRepo" => factories::ConfigureFactoryRepo,
    "Factories_CreateOrUpdate" => factories::CreateOrUpdate,
    "Factories_Delete" => factories::Delete,
    "Factories_Get" => factories::Get,
    "Factories_GetDataPlaneAccess" => factories::GetDataPlaneAccess,
    "Factories_GetGitHubAccessToken" => factories::GetGitHubAccessToken,
    "Factories_List" => factories::List,
    "Factories_ListByResourceGroup" => factories::ListByResourceGroup,
    "Factories_Update" => factories::Update,
    "IntegrationRuntimeNodes_Delete" => integration_runtime_nodes::Delete,
    "IntegrationRuntimeNodes_Get" => integration_runtime_nodes::Get,
    "IntegrationRuntimeNodes_GetIpAddress" => integration_runtime_nodes::GetIpAddress,
    "IntegrationRuntimeNodes_Update" => integration_runtime_nodes::Update,
    "IntegrationRuntimeObjectMetadata_Get" => integration_runtime_object_metadata::Get,
    "IntegrationRuntimeObjectMetadata_Refresh" => integration_runtime_object_metadata::Refresh,
    "IntegrationRuntimes_CreateLinkedIntegrationRuntime" => integration_runtimes::CreateLinkedIntegrationRuntime,
    "IntegrationRuntimes_CreateOrUpdate" => integration_runtimes::CreateOrUpdate,
    "IntegrationRuntimes_Delete" => integration_runtimes::Delete,
    "IntegrationRuntimes_Get" => integration_runtimes::Get,
    "IntegrationRuntimes_GetConnectionInfo" => integration_runtimes::GetConnectionInfo,
    "IntegrationRuntimes_GetMonitoringData" => integration_runtimes::GetMonitoringData,
    "IntegrationRuntimes_GetStatus" => integration_runtimes::GetStatus,
    "IntegrationRuntimes_ListAuthKeys" => integration_runtimes::ListAuthKeys,
    "IntegrationRuntimes_ListByFactory" => integration_runtimes::ListByFactory,
    "IntegrationRuntimes_RegenerateAuthKey" => integration_runtimes::RegenerateAuthKey,
    "IntegrationRuntimes_RemoveLinks" => integration_runtimes::RemoveLinks,
    "IntegrationRuntimes_Start" => integration_runtimes::Start,
    "IntegrationRuntimes_Stop" => integration_runtimes::Stop,
    "IntegrationRuntimes_SyncCredentials" => integration_runtimes::SyncCredentials,
    "IntegrationRuntimes_Update" => integration_runtimes::Update,
    "IntegrationRuntimes_Upgrade" => integration_runtimes::Upgrade,
    "LinkedServices_CreateOrUpdate" => linked_services::CreateOrUpdate,
    "LinkedServices_Delete" => linked_services::Delete,
    "LinkedServices_Get" => linked_services::Get,
    "LinkedServices_ListByFactory" => linked_services::ListByFactory,
    "Operations_List" => operations::List,
    "PipelineRuns_Cancel" => pipeline_runs::Cancel,
    "PipelineRuns_Get" => pipeline_runs::Get,
    "PipelineRuns_QueryByFactory" => pipeline_runs::QueryByFactory,
    "Pipelines_CreateOrUpdate" => pipelines::CreateOrUpdate,
    "Pipelines_CreateRun" => pipelines::CreateRun,
    "Pipelines_Delete" => pipelines::Delete,
    "Pipelines_Get" => pipelines::Get,
    "Pipelines_ListByFactory" => pipelines::ListByFactory,
    "RerunTriggers_Cancel" => rerun_triggers::Cancel,
    "RerunTriggers_Create" => rerun_triggers::Create,
    "RerunTriggers_ListByTrigger" => rerun_triggers::ListByTrigger,
    "RerunTriggers_Start" => rerun_triggers::Start,
    "RerunTriggers_Stop" => rerun_triggers::Stop,
    "TriggerRuns_QueryByFactory" => trigger_runs::QueryByFactory,
    "Triggers_CreateOrUpdate" => triggers::CreateOrUpdate,
    "Triggers_Delete" => triggers::Delete,
    "Triggers_Get" => triggers::Get,
    "Triggers_ListByFactory" => triggers::ListByFactory,
    "Triggers_Start" => triggers::Start,
    "Triggers_Stop" => triggers::Stop,
}

/// Examples whose response contradicts the schema, with the reason. Asserted exactly.
const KNOWN_CONTRADICTIONS: &[(&str, &str, &str)] = &[
    (
        "IntegrationRuntimeObjectMetadata_Refresh",
        "200",
        "`properties: null` and `error: null`, which the schema does not mark `x-nullable`: read as absent, written without them",
    ),
    (
        "IntegrationRuntimes_Start",
        "200",
        "`properties.typeProperties.state`, which ManagedIntegrationRuntimeStatusTypeProperties does not declare (and it keeps no extra properties)",
    ),
    ("IntegrationRuntimes_Stop", "200", "a body (`{\"id\": ...}`) where the operation's 200 declares none"),
    (
        "PipelineRuns_QueryByFactory",
        "200",
        "`durationInMs: null` on a run in progress, which the schema does not mark `x-nullable`",
    ),
    ("RerunTriggers_Create", "200", "no `requestedStartTime`, which RerunTumblingWindowTriggerTypeProperties requires"),
    (
        "RerunTriggers_ListByTrigger",
        "200",
        "no `requestedStartTime`, which RerunTumblingWindowTriggerTypeProperties requires",
    ),
];

/// `(operation id, example file)` of every `x-ms-examples` reference in the input.
fn examples() -> Vec<(String, String)> {
    let path = root().join("vendor/azure-datafactory-2018-06-01/datafactory.json");
    let swagger: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("the vendored Swagger")).unwrap();
    let mut examples = Vec::new();
    for item in swagger["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values().filter(|operation| operation.is_object()) {
            let Some(id) = operation["operationId"].as_str() else { continue };
            for example in operation["x-ms-examples"].as_object().into_iter().flat_map(|examples| examples.values()) {
                let file = example["$ref"].as_str().expect("an example reference").trim_start_matches("./");
                examples.push((id.to_owned(), file.to_owned()));
            }
        }
    }
    examples.sort();
    examples
}

#[test]
fn the_table_names_every_operation_of_the_input() {
    let in_input: BTreeSet<String> = examples().into_iter().map(|(id, _)| id).collect();
    let in_table: BTreeSet<String> = OPERATIONS.iter().map(|id| id.to_string()).collect();
    assert_eq!(in_table, in_input);
    assert_eq!(in_table.len(), 62);
}

#[test]
fn every_example_response_decodes_and_serializes_back_to_the_same_json() {
    let examples = examples();
    assert_eq!(examples.len(), 66, "the input names 66 example files");
    let mut checked = 0;
    let mut contradictions = Vec::new();
    for (id, file) in &examples {
        let path = root().join("vendor/azure-datafactory-2018-06-01").join(file);
        let example: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("an example file")).unwrap();
        for (status, answer) in example["responses"].as_object().expect("responses") {
            let status: u16 = status.parse().expect("a status");
            let body = answer.get("body").cloned();
            let bytes = body.as_ref().map(|body| serde_json::to_vec(body).unwrap()).unwrap_or_default();
            let response = http::Response::builder().status(status).body(bytes).unwrap();
            checked += 1;
            match parse(id, response) {
                Ok(decoded) => {
                    let expected = body.unwrap_or(Value::Null);
                    if decoded != expected {
                        contradictions.push((
                            id.clone(),
                            status,
                            format!("round trip differs: {}", first_difference(&expected, &decoded)),
                        ));
                    }
                }
                Err(error) => contradictions.push((id.clone(), status, error.to_string())),
            }
        }
    }
    println!("{checked} example responses checked, {} contradict their schema", contradictions.len());
    for (id, status, reason) in &contradictions {
        println!("  {id} {status}: {reason}");
    }
    let found: Vec<(String, u16)> = contradictions.iter().map(|(id, status, _)| (id.clone(), *status)).collect();
    let known: Vec<(String, u16)> =
        KNOWN_CONTRADICTIONS.iter().map(|(id, status, _)| (id.to_string(), status.parse().unwrap())).collect();
    assert_eq!(found, known, "the examples that contradict their schema changed");
}

/// Where two JSON values first differ, as a JSON pointer and both values.
fn first_difference(expected: &Value, actual: &Value) -> String {
    fn walk(pointer: String, expected: &Value, actual: &Value) -> Option<String> {
        match (expected, actual) {
            (Value::Object(a), Value::Object(b)) => {
                let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                keys.into_iter().find_map(|key| match (a.get(key), b.get(key)) {
                    (Some(a), Some(b)) => walk(format!("{pointer}/{key}"), a, b),
                    (Some(a), None) => Some(format!("{pointer}/{key}: expected {a}, got nothing")),
                    (None, _) => Some(format!("{pointer}/{key}: not expected")),
                })
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                a.iter().zip(b).enumerate().find_map(|(index, (a, b))| walk(format!("{pointer}/{index}"), a, b))
            }
            (Value::Array(a), Value::Array(b)) => {
                Some(format!("{pointer}: {} elements expected, {} got", a.len(), b.len()))
            }
            _ if expected == actual => None,
            _ => Some(format!("{pointer}: expected {expected}, got {actual}")),
        }
    }
    walk(String::new(), expected, actual)
        .unwrap_or_else(|| format!("equal values that compare unequal: {expected} / {actual}"))
}

/// A typed query parameter takes its Rust type and is written as its text.
#[test]
fn typed_query_parameters_are_written_as_their_text() {
    let request = datafactory_v2::pipelines::CreateRun::new(
        "12345678-1234-1234-1234-12345678abc",
        "exampleResourceGroup",
        "exampleFactoryName",
        "examplePipeline",
    )
    .is_recovery(true)
    .build()
    .expect("a request");
    let query = request.uri().query().unwrap_or_default();
    assert!(query.contains("isRecovery=true") && query.contains("api-version=2018-06-01"), "{query}");
    let request = datafactory_v2::pipeline_runs::Cancel::new(
        "12345678-1234-1234-1234-12345678abc",
        "exampleResourceGroup",
        "exampleFactoryName",
        "16ac5348-ff82-4f95-a80d-638c1d47b721",
    )
    .is_recursive(false)
    .build()
    .expect("a request");
    assert!(request.uri().query().unwrap_or_default().contains("isRecursive=false"));
}
