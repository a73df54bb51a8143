//! Every response body of the 66 published examples of the Data Factory 2018-06-01 API
//! (`vendor/azure-datafactory-2018-06-01/examples/`, named by each operation's `x-ms-examples`)
//! goes through its operation's generated `parse_response` and serializes back to the same JSON
//! (value-equal). An example that contradicts its own schema is listed below with the reason,
//! and the list is asserted exactly: a case that starts to pass, or a new failure, fails the test.
//!
//! Every example's request is built too: its parameters go into the operation's builder (the
//! table below says which argument is which) and the request's method, path, query and body are
//! compared with the example and the operation's Swagger, with the same exact list of exceptions.

use datafactory_tests::root;
use datafactory_v2::runtime::Operation;
use datafactory_v2::{Error, Response};
use example_check::{Example, first_difference, request_difference};
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

/// `operation id => module::Builder(arguments of new) [required body properties] body {optional
/// setter = parameter}`, for every operation of the input: how its example's parameters make a request.
macro_rules! operations {
    ($($id:literal => $module:ident::$builder:ident($($argument:literal),*) $([$($field:literal),+])? $($body:ident)? $({$($setter:ident = $optional:literal),+})?),* $(,)?) => {
        const OPERATIONS: &[&str] = &[$($id),*];

        /// The response parsed by the operation's generated code, as JSON.
        fn parse(id: &str, response: http::Response<Vec<u8>>) -> Result<Value, Error> {
            match id {
                $($id => <datafactory_v2::$module::$builder as Operation>::parse_response(response).map(|output| output.body_json()),)*
                other => panic!("no operation {other} in the table"),
            }
        }

        /// The request that the operation's builder makes from the example's parameters: the
        /// arguments of `new`, the whole body through `body`, and optional parameters through their setters.
        fn build(id: &str, example: &Example) -> Result<http::Request<Vec<u8>>, String> {
            match id {
                $($id => {
                    #[allow(unused_mut)]
                    let mut builder = datafactory_v2::$module::$builder::new($(example.text($argument)?,)* $($(example.body_field($field)?,)+)?) $(.$body(example.body()?))?;
                    $($(if let Some(value) = example.optional_text($optional) { builder = builder.$setter(value); })+)?
                    builder.build().map_err(|error| error.to_string())
                })*
                other => panic!("no operation {other} in the table"),
            }
        }
    };
}

operations! {
    "ActivityRuns_QueryByPipelineRun" => activity_runs::QueryByPipelineRun("subscriptionId", "resourceGroupName", "factoryName", "runId") ["lastUpdatedAfter", "lastUpdatedBefore"] body,
    "Datasets_CreateOrUpdate" => datasets::CreateOrUpdate("subscriptionId", "resourceGroupName", "factoryName", "datasetName") ["properties"] body,
    "Datasets_Delete" => datasets::Delete("subscriptionId", "resourceGroupName", "factoryName", "datasetName"),
    "Datasets_Get" => datasets::Get("subscriptionId", "resourceGroupName", "factoryName", "datasetName"),
    "Datasets_ListByFactory" => datasets::ListByFactory("subscriptionId", "resourceGroupName", "factoryName"),
    "ExposureControl_GetFeatureValue" => exposure_control::GetFeatureValue("subscriptionId", "locationId") body,
    "Factories_ConfigureFactoryRepo" => factories::ConfigureFactoryRepo("subscriptionId", "locationId") body,
    "Factories_CreateOrUpdate" => factories::CreateOrUpdate("subscriptionId", "resourceGroupName", "factoryName") body,
    "Factories_Delete" => factories::Delete("subscriptionId", "resourceGroupName", "factoryName"),
    "Factories_Get" => factories::Get("subscriptionId", "resourceGroupName", "factoryName"),
    "Factories_GetDataPlaneAccess" => factories::GetDataPlaneAccess("subscriptionId", "resourceGroupName", "factoryName") body,
    "Factories_GetGitHubAccessToken" => factories::GetGitHubAccessToken("subscriptionId", "resourceGroupName", "factoryName") ["gitHubAccessCode", "gitHubAccessTokenBaseUrl"] body,
    "Factories_List" => factories::List("subscriptionId"),
    "Factories_ListByResourceGroup" => factories::ListByResourceGroup("subscriptionId", "resourceGroupName"),
    "Factories_Update" => factories::Update("subscriptionId", "resourceGroupName", "factoryName") body,
    "IntegrationRuntimeNodes_Delete" => integration_runtime_nodes::Delete("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName", "nodeName"),
    "IntegrationRuntimeNodes_Get" => integration_runtime_nodes::Get("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName", "nodeName"),
    "IntegrationRuntimeNodes_GetIpAddress" => integration_runtime_nodes::GetIpAddress("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName", "nodeName"),
    "IntegrationRuntimeNodes_Update" => integration_runtime_nodes::Update("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName", "nodeName") body,
    "IntegrationRuntimeObjectMetadata_Get" => integration_runtime_object_metadata::Get("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName") body,
    "IntegrationRuntimeObjectMetadata_Refresh" => integration_runtime_object_metadata::Refresh("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_CreateLinkedIntegrationRuntime" => integration_runtimes::CreateLinkedIntegrationRuntime("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName") body,
    "IntegrationRuntimes_CreateOrUpdate" => integration_runtimes::CreateOrUpdate("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName") ["properties"] body,
    "IntegrationRuntimes_Delete" => integration_runtimes::Delete("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_Get" => integration_runtimes::Get("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_GetConnectionInfo" => integration_runtimes::GetConnectionInfo("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_GetMonitoringData" => integration_runtimes::GetMonitoringData("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_GetStatus" => integration_runtimes::GetStatus("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_ListAuthKeys" => integration_runtimes::ListAuthKeys("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_ListByFactory" => integration_runtimes::ListByFactory("subscriptionId", "resourceGroupName", "factoryName"),
    "IntegrationRuntimes_RegenerateAuthKey" => integration_runtimes::RegenerateAuthKey("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName") body,
    "IntegrationRuntimes_RemoveLinks" => integration_runtimes::RemoveLinks("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName") ["factoryName"] body,
    "IntegrationRuntimes_Start" => integration_runtimes::Start("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_Stop" => integration_runtimes::Stop("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_SyncCredentials" => integration_runtimes::SyncCredentials("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "IntegrationRuntimes_Update" => integration_runtimes::Update("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName") body,
    "IntegrationRuntimes_Upgrade" => integration_runtimes::Upgrade("subscriptionId", "resourceGroupName", "factoryName", "integrationRuntimeName"),
    "LinkedServices_CreateOrUpdate" => linked_services::CreateOrUpdate("subscriptionId", "resourceGroupName", "factoryName", "linkedServiceName") ["properties"] body,
    "LinkedServices_Delete" => linked_services::Delete("subscriptionId", "resourceGroupName", "factoryName", "linkedServiceName"),
    "LinkedServices_Get" => linked_services::Get("subscriptionId", "resourceGroupName", "factoryName", "linkedServiceName"),
    "LinkedServices_ListByFactory" => linked_services::ListByFactory("subscriptionId", "resourceGroupName", "factoryName"),
    "Operations_List" => operations::List(),
    "PipelineRuns_Cancel" => pipeline_runs::Cancel("subscriptionId", "resourceGroupName", "factoryName", "runId"),
    "PipelineRuns_Get" => pipeline_runs::Get("subscriptionId", "resourceGroupName", "factoryName", "runId"),
    "PipelineRuns_QueryByFactory" => pipeline_runs::QueryByFactory("subscriptionId", "resourceGroupName", "factoryName") ["lastUpdatedAfter", "lastUpdatedBefore"] body,
    "Pipelines_CreateOrUpdate" => pipelines::CreateOrUpdate("subscriptionId", "resourceGroupName", "factoryName", "pipelineName") ["properties"] body,
    "Pipelines_CreateRun" => pipelines::CreateRun("subscriptionId", "resourceGroupName", "factoryName", "pipelineName") body { reference_pipeline_run_id = "referencePipelineRunId" },
    "Pipelines_Delete" => pipelines::Delete("subscriptionId", "resourceGroupName", "factoryName", "pipelineName"),
    "Pipelines_Get" => pipelines::Get("subscriptionId", "resourceGroupName", "factoryName", "pipelineName"),
    "Pipelines_ListByFactory" => pipelines::ListByFactory("subscriptionId", "resourceGroupName", "factoryName"),
    "RerunTriggers_Cancel" => rerun_triggers::Cancel("subscriptionId", "resourceGroupName", "factoryName", "triggerName", "rerunTriggerName"),
    "RerunTriggers_Create" => rerun_triggers::Create("subscriptionId", "resourceGroupName", "factoryName", "triggerName", "rerunTriggerName") ["startTime", "endTime", "maxConcurrency"] body,
    "RerunTriggers_ListByTrigger" => rerun_triggers::ListByTrigger("subscriptionId", "resourceGroupName", "factoryName", "triggerName"),
    "RerunTriggers_Start" => rerun_triggers::Start("subscriptionId", "resourceGroupName", "factoryName", "triggerName", "rerunTriggerName"),
    "RerunTriggers_Stop" => rerun_triggers::Stop("subscriptionId", "resourceGroupName", "factoryName", "triggerName", "rerunTriggerName"),
    "TriggerRuns_QueryByFactory" => trigger_runs::QueryByFactory("subscriptionId", "resourceGroupName", "factoryName") ["lastUpdatedAfter", "lastUpdatedBefore"] body,
    "Triggers_CreateOrUpdate" => triggers::CreateOrUpdate("subscriptionId", "resourceGroupName", "factoryName", "triggerName") ["properties"] body,
    "Triggers_Delete" => triggers::Delete("subscriptionId", "resourceGroupName", "factoryName", "triggerName"),
    "Triggers_Get" => triggers::Get("subscriptionId", "resourceGroupName", "factoryName", "triggerName"),
    "Triggers_ListByFactory" => triggers::ListByFactory("subscriptionId", "resourceGroupName", "factoryName"),
    "Triggers_Start" => triggers::Start("subscriptionId", "resourceGroupName", "factoryName", "triggerName"),
    "Triggers_Stop" => triggers::Stop("subscriptionId", "resourceGroupName", "factoryName", "triggerName"),
}

/// Examples whose response contradicts the schema, with the reason. Asserted exactly.
const KNOWN_CONTRADICTIONS: &[(&str, &str, &str)] = &[
    ("IntegrationRuntimes_Stop", "200", "a body (`{\"id\": ...}`) where the operation's 200 declares none"),
    ("RerunTriggers_Create", "200", "no `requestedStartTime`, which RerunTumblingWindowTriggerTypeProperties requires"),
    (
        "RerunTriggers_ListByTrigger",
        "200",
        "no `requestedStartTime`, which RerunTumblingWindowTriggerTypeProperties requires",
    ),
];

/// One `x-ms-examples` reference of the input, with what the operation's Swagger says.
struct Case {
    id: String,
    /// The example file, relative to the vendored input.
    file: String,
    method: String,
    /// The path template (`/subscriptions/{subscriptionId}/...`).
    path: String,
    /// Every parameter of the operation: `(name, in)`, shared ones resolved.
    parameters: Vec<(String, String)>,
}

/// Every example reference of the input, sorted by operation id and file.
fn cases() -> Vec<Case> {
    let path = root().join("vendor/azure-datafactory-2018-06-01/datafactory.json");
    let swagger: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("the vendored Swagger")).unwrap();
    let resolve = |parameter: &Value| -> (String, String) {
        let parameter = match parameter["$ref"].as_str() {
            Some(reference) => &swagger["parameters"][reference.trim_start_matches("#/parameters/")],
            None => parameter,
        };
        (parameter["name"].as_str().expect("a name").to_owned(), parameter["in"].as_str().expect("an in").to_owned())
    };
    let mut cases = Vec::new();
    for (template, item) in swagger["paths"].as_object().expect("paths") {
        let shared = item["parameters"].as_array().into_iter().flatten();
        for (method, operation) in item.as_object().expect("a path item").iter().filter(|(key, _)| *key != "parameters")
        {
            let Some(id) = operation["operationId"].as_str() else { continue };
            let own = operation["parameters"].as_array().into_iter().flatten();
            let parameters: Vec<(String, String)> = shared.clone().chain(own).map(&resolve).collect();
            for example in operation["x-ms-examples"].as_object().into_iter().flat_map(|examples| examples.values()) {
                let file = example["$ref"].as_str().expect("an example reference").trim_start_matches("./");
                cases.push(Case {
                    id: id.to_owned(),
                    file: file.to_owned(),
                    method: method.to_uppercase(),
                    path: template.clone(),
                    parameters: parameters.clone(),
                });
            }
        }
    }
    cases.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
    cases
}

impl Case {
    fn example(&self) -> Value {
        let path = root().join("vendor/azure-datafactory-2018-06-01").join(&self.file);
        serde_json::from_str(&std::fs::read_to_string(&path).expect("an example file")).unwrap()
    }

    fn body_parameter(&self) -> Option<&str> {
        self.parameters.iter().find(|(_, place)| place == "body").map(|(name, _)| name.as_str())
    }
}

#[test]
fn the_table_names_every_operation_of_the_input() {
    let in_input: BTreeSet<String> = cases().into_iter().map(|case| case.id).collect();
    let in_table: BTreeSet<String> = OPERATIONS.iter().map(|id| id.to_string()).collect();
    assert_eq!(in_table, in_input);
    assert_eq!(in_table.len(), 62);
}

#[test]
fn every_example_response_decodes_and_serializes_back_to_the_same_json() {
    let cases = cases();
    assert_eq!(cases.len(), 66, "the input names 66 example files");
    let mut checked = 0;
    let mut contradictions = Vec::new();
    for case in &cases {
        let (id, example) = (&case.id, case.example());
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

/// Examples whose request the operation's builder does not reproduce, with the reason. Asserted exactly.
const KNOWN_REQUEST_CONTRADICTIONS: &[(&str, &str, &str)] = &[
    (
        "RerunTriggers_Cancel",
        "examples/RerunTriggers_Cancel.json",
        "the example names the parameter `triggerRerunName`; the operation's path says `rerunTriggerName`",
    ),
    (
        "RerunTriggers_Create",
        "examples/RerunTriggers_Create.json",
        "the example names the parameter `triggerRerunName`; the operation's path says `rerunTriggerName`",
    ),
    (
        "RerunTriggers_Start",
        "examples/RerunTriggers_Start.json",
        "the example names the parameter `triggerRerunName`; the operation's path says `rerunTriggerName`",
    ),
    (
        "RerunTriggers_Stop",
        "examples/RerunTriggers_Stop.json",
        "the example names the parameter `triggerRerunName`; the operation's path says `rerunTriggerName`",
    ),
];

#[test]
fn every_example_request_is_built_from_its_parameters_as_the_example_says() {
    let cases = cases();
    let mut mismatches = Vec::new();
    for case in &cases {
        let example = case.example();
        let parameters = example["parameters"].as_object().expect("parameters").clone();
        let example = Example::new(&parameters, case.body_parameter());
        let request = match build(&case.id, &example) {
            Ok(request) => request,
            Err(error) => {
                mismatches.push((case.id.clone(), case.file.clone(), error));
                continue;
            }
        };
        let checked = example_check::Case {
            operation: 0,
            id: case.id.clone(),
            file: case.file.clone(),
            method: case.method.clone(),
            path: case.path.clone(),
            parameters: case.parameters.clone(),
            // The Data Factory API has no parameter sent as it is.
            raw_path: Vec::new(),
            request: true,
            example: Value::Null,
        };
        if let Some(difference) = request_difference(&checked, &example, &request, None) {
            mismatches.push((case.id.clone(), case.file.clone(), difference));
        }
    }
    println!("{} example requests built, {} differ from their example", cases.len(), mismatches.len());
    for (id, file, reason) in &mismatches {
        println!("  {id} ({file}): {reason}");
    }
    let found: Vec<(&str, &str)> = mismatches.iter().map(|(id, file, _)| (id.as_str(), file.as_str())).collect();
    let known: Vec<(&str, &str)> = KNOWN_REQUEST_CONTRADICTIONS.iter().map(|(id, file, _)| (*id, *file)).collect();
    assert_eq!(found, known, "the example requests that differ changed");
}

/// Every API of the crate served by its `Mock`, as one server.
fn mocks() -> datafactory_v2::runtime::server::Server {
    use datafactory_v2::*;
    datafactory_v2::runtime::server::Server::new()
        .with(activity_runs::server::handler(activity_runs::server::Mock))
        .with(datasets::server::handler(datasets::server::Mock))
        .with(exposure_control::server::handler(exposure_control::server::Mock))
        .with(factories::server::handler(factories::server::Mock))
        .with(integration_runtime_nodes::server::handler(integration_runtime_nodes::server::Mock))
        .with(integration_runtime_object_metadata::server::handler(integration_runtime_object_metadata::server::Mock))
        .with(integration_runtimes::server::handler(integration_runtimes::server::Mock))
        .with(linked_services::server::handler(linked_services::server::Mock))
        .with(operations::server::handler(operations::server::Mock))
        .with(pipeline_runs::server::handler(pipeline_runs::server::Mock))
        .with(pipelines::server::handler(pipelines::server::Mock))
        .with(rerun_triggers::server::handler(rerun_triggers::server::Mock))
        .with(trigger_runs::server::handler(trigger_runs::server::Mock))
        .with(triggers::server::handler(triggers::server::Mock))
}

/// Operations whose `Mock` answers something other than their examples' bodies for the status
/// (the example as its type reads it, or the least valid body), with the reason. Asserted exactly.
const MOCK_ANSWERS_WITHOUT_EXAMPLE: [&str; 3] = [
    // Their examples do not fit or do not round-trip through their type (`KNOWN_CONTRADICTIONS`).
    "IntegrationRuntimes_Stop",
    "RerunTriggers_ListByTrigger",
    // Its example is 25 KB, more than the 16 KB a `Mock` embeds.
    "Operations_List",
];

/// Every example request that builds goes to the crate's generated server (every API served by
/// its `Mock`): the server takes it (its path, parameters, rules and body read as the client
/// wrote them) and the operation reads the answer.
#[tokio::test]
async fn every_example_request_is_taken_by_the_generated_server_and_its_answer_read() {
    use datafactory_v2::runtime::server::axum::body::Body;
    let server = mocks();
    let cases = cases();
    // Every example answer body, by operation and status: what a `Mock` answers where it can.
    let mut example_answers: std::collections::BTreeMap<(String, u16), Vec<Value>> = Default::default();
    for case in &cases {
        for (status, answer) in case.example()["responses"].as_object().expect("responses") {
            if let Some(body) = answer.get("body") {
                let key = (case.id.clone(), status.parse().expect("a status"));
                example_answers.entry(key).or_default().push(body.clone());
            }
        }
    }
    let (mut built, mut served) = (0, 0);
    let mut refused = Vec::new();
    let mut least_answers = BTreeSet::new();
    for case in &cases {
        let example = case.example();
        let parameters = example["parameters"].as_object().expect("parameters").clone();
        let Ok(request) = build(&case.id, &Example::new(&parameters, case.body_parameter())) else { continue };
        built += 1;
        let answer = server.answer(request.map(Body::from)).await;
        let examples = example_answers.get(&(case.id.clone(), answer.status().as_u16()));
        let answered: Value = serde_json::from_slice(answer.body()).unwrap_or(Value::Null);
        if examples.is_some_and(|examples| !examples.contains(&answered)) {
            least_answers.insert(case.id.as_str());
        }
        if !answer.status().is_success() {
            refused.push(format!(
                "{} ({}): {} {}",
                case.id,
                case.file,
                answer.status(),
                String::from_utf8_lossy(answer.body())
            ));
            continue;
        }
        match parse(&case.id, answer) {
            Ok(_) => served += 1,
            Err(error) => refused.push(format!("{} ({}): the answer was not read: {error}", case.id, case.file)),
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
    println!("{served} of {} example requests built and served", cases.len());
    // The `Mock` answers its operation's example, but where the example is larger than it
    // embeds, or does not fit its own schema (`KNOWN_CONTRADICTIONS`).
    assert_eq!(least_answers, BTreeSet::from(MOCK_ANSWERS_WITHOUT_EXAMPLE), "the mocks that answer no example");
    assert_eq!(served, built);
    assert!(built >= cases.len() - KNOWN_REQUEST_CONTRADICTIONS.len(), "only the listed examples fail to build");
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

/// An optional body (`Pipelines_CreateRun`'s parameters) is sent only when given.
#[test]
fn an_optional_body_is_sent_only_when_given() {
    let run = || {
        datafactory_v2::pipelines::CreateRun::new(
            "12345678-1234-1234-1234-12345678abc",
            "exampleResourceGroup",
            "exampleFactoryName",
            "examplePipeline",
        )
    };
    let request = run().build().expect("a request");
    assert!(request.body().is_empty());
    assert_eq!(request.headers()["content-length"], "0");
    assert!(request.headers().get("content-type").is_none());
    let parameters: datafactory_v2::models::ParameterValueSpecification =
        serde_json::from_value(serde_json::json!({ "OutputBlobNameList": ["exampleoutput.csv"] })).unwrap();
    let request = run().body(parameters).build().expect("a request");
    let sent: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent, serde_json::json!({ "OutputBlobNameList": ["exampleoutput.csv"] }));
    assert_eq!(request.headers()["content-type"], "application/json");
}

/// Examples whose exchange with the generated server Prism finds against Azure's Swagger, with
/// the reason. Asserted exactly. Each is in the example's own data, which the client sends or the
/// mock answers as it is: Prism reads the Swagger as strict JSON Schema, Azure's examples do not.
const KNOWN_PRISM_VIOLATIONS: &[(&str, &str, &str)] = &[
    (
        "ActivityRuns_QueryByPipelineRun",
        "examples/ActivityRuns_QueryByPipelineRun.json",
        "a `null` where the Swagger does not say `x-nullable` (`retryAttempt`)",
    ),
    (
        "Datasets_CreateOrUpdate",
        "examples/Datasets_Create.json",
        "a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (`properties.schema`)",
    ),
    (
        "Datasets_CreateOrUpdate",
        "examples/Datasets_Update.json",
        "a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (`properties.schema`)",
    ),
    (
        "IntegrationRuntimeObjectMetadata_Refresh",
        "examples/IntegrationRuntimeObjectMetadata_Refresh.json",
        "a `null` where the Swagger does not say `x-nullable` (`properties`, `error`)",
    ),
    (
        "IntegrationRuntimes_Start",
        "examples/IntegrationRuntimes_Start.json",
        "a `null` where the Swagger does not say `x-nullable` (`dataFactoryLocation`, `resourceUri`)",
    ),
    (
        "PipelineRuns_Get",
        "examples/PipelineRuns_Get.json",
        "a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (`annotations`)",
    ),
    (
        "PipelineRuns_QueryByFactory",
        "examples/PipelineRuns_QueryByFactory.json",
        "a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (`annotations`), and a `null` where the Swagger does not say `x-nullable` (`runEnd`, `durationInMs`)",
    ),
    (
        "Pipelines_CreateRun",
        "examples/Pipelines_CreateRun.json",
        "the request: a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (the parameter `OutputBlobNameList`)",
    ),
    (
        "Triggers_CreateOrUpdate",
        "examples/Triggers_Create.json",
        "the request: a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (a pipeline's parameter `OutputBlobNameList`)",
    ),
    (
        "Triggers_CreateOrUpdate",
        "examples/Triggers_Update.json",
        "the request: a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (a pipeline's parameter `OutputBlobNameList`)",
    ),
    (
        "Triggers_Get",
        "examples/Triggers_Get.json",
        "a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (a pipeline's parameter `OutputBlobNameList`)",
    ),
    (
        "Triggers_ListByFactory",
        "examples/Triggers_ListByFactory.json",
        "a value that is not an object where the Swagger says `type: object` (Azure's \"any value\", which the crate reads as any JSON) (a pipeline's parameter `OutputBlobNameList`)",
    ),
];

/// A third party's judgement of the generated server: Prism (`prism proxy --errors`) stands in
/// front of the crate's mocks and validates every example request and every answer against
/// Azure's own Swagger, not against anything this project wrote. Runs when `PRISM` is set.
#[tokio::test]
async fn prism_validates_every_example_exchange_with_the_mocks_against_azures_swagger() {
    use datafactory_tests::prism::{Mode, Prism};
    let upstream = datafactory_v2::runtime::server::serve_on_loopback(mocks().into_router()).await.expect("served");
    let swagger = root().join("vendor/azure-datafactory-2018-06-01/datafactory.json");
    let Some(prism) = Prism::start(&swagger, Mode::Proxy { upstream: &upstream }) else { return };
    let client = reqwest::Client::new();
    let (mut built, mut validated, mut violations) = (0, 0, Vec::new());
    for case in &cases() {
        let example = case.example();
        let parameters = example["parameters"].as_object().expect("parameters").clone();
        let Ok(request) = build(&case.id, &Example::new(&parameters, case.body_parameter())) else { continue };
        built += 1;
        let target = request.uri().path_and_query().map(ToString::to_string).unwrap_or_default();
        let method = reqwest::Method::from_bytes(request.method().as_str().as_bytes()).expect("a method");
        let mut sent = client.request(method, format!("{}{target}", prism.base_url())).bearer_auth("prism-token");
        for (name, value) in request.headers() {
            sent = sent.header(name.as_str(), value.as_bytes());
        }
        let answer = sent.body(request.into_body()).send().await.expect("an answer from Prism");
        let (status, problem) = (answer.status().as_u16(), answer.headers().get("content-type").cloned());
        let body = answer.text().await.unwrap_or_default();
        if problem.is_some_and(|media| media.as_bytes().starts_with(b"application/problem+json")) {
            violations.push((case.id.clone(), case.file.clone(), format!("{status}: {body}")));
        } else {
            validated += 1;
        }
    }
    println!("{validated} example exchanges validate against the Swagger");
    for (id, file, reason) in &violations {
        println!("  {id} ({file}): {reason}");
    }
    let found: Vec<(&str, &str)> = violations.iter().map(|(id, file, _)| (id.as_str(), file.as_str())).collect();
    let known: Vec<(&str, &str)> = KNOWN_PRISM_VIOLATIONS.iter().map(|(id, file, _)| (*id, *file)).collect();
    assert_eq!(found, known, "the exchanges Prism finds against the Swagger changed");
    assert_eq!(validated + violations.len(), built);
}
