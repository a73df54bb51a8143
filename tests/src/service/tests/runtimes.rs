//! The v2 getStatus operation: the runtime type follows the name.

use super::{FACTORY, Harness, send};
use serde_json::Value;

#[tokio::test]
async fn a_runtime_named_managed_is_a_started_managed_runtime() {
    let h = Harness::start().await;
    let body = send(h.get_status(FACTORY, "managedRuntime")).await.json();
    assert_eq!(body["name"], "managedRuntime");
    let properties = &body["properties"];
    assert_eq!((&properties["type"], &properties["state"]), (&"Managed".into(), &"Started".into()));
    assert_eq!(properties["dataFactoryName"], FACTORY);
    let type_properties = &properties["typeProperties"];
    assert!(type_properties["createTime"].as_str().is_some_and(|time| time.ends_with('Z')));
    let node = &type_properties["nodes"][0];
    assert!(node["nodeId"].is_string());
    assert_eq!((&node["status"], &node["errors"]), (&"Available".into(), &serde_json::json!([])));
    assert_eq!(type_properties["otherErrors"], serde_json::json!([]));
    let operation = &type_properties["lastOperation"];
    assert_eq!((&operation["type"], &operation["result"]), (&"start".into(), &"Succeeded".into()));
    assert_eq!((&operation["errorCode"], &operation["parameters"]), (&"".into(), &serde_json::json!([])));
    assert!(operation["startTime"].is_string() && operation["activityId"].is_string());
}

#[tokio::test]
async fn any_other_runtime_is_the_spec_example_self_hosted_runtime() {
    let h = Harness::start().await;
    let example = crate::spec_examples()
        .into_iter()
        .find(|example| example.operation_id == "IntegrationRuntimes_GetStatus")
        .and_then(|example| example.response_body)
        .expect("the spec's getStatus example");
    let answer = send(h.get_status(FACTORY, "exampleIntegrationRuntime")).await;
    assert_eq!(answer.status, 200);
    let mut body = answer.json();
    // The one addition to the example: the factory the request named.
    assert_eq!(body["properties"].as_object_mut().and_then(|p| p.remove("dataFactoryName")), Some(FACTORY.into()));
    assert_eq!(body, example);

    let other = send(h.get_status(FACTORY, "ir-2")).await.json();
    assert_eq!((&other["name"], &other["properties"]["type"]), (&Value::from("ir-2"), &Value::from("SelfHosted")));
}

#[tokio::test]
async fn get_status_of_a_factory_that_was_not_added_is_404() {
    let h = Harness::start().await;
    let answer = send(h.get_status("elsewhere", "managed1")).await;
    assert_eq!(answer.error_code(404), "ResourceNotFound");
    assert!(answer.json()["error"]["message"].as_str().unwrap().contains("elsewhere"));
    h.service.add_factory(super::SUBSCRIPTION, super::GROUP, "elsewhere");
    assert_eq!(send(h.get_status("elsewhere", "managed1")).await.status, 200);
}

/// The service implements only the v2 operations the tests use: any other operation of
/// `datafactory-v2`'s APIs is read by the generated server and answered `501`, naming it.
#[tokio::test]
async fn a_v2_operation_the_service_does_not_implement_is_501() {
    let h = Harness::start().await;
    let url = h.url_of(&format!("{}/integrationRuntimes/ir1", super::v2_factory_path(FACTORY)), "2018-06-01");
    let answer = send(h.bare(reqwest::Method::GET, &url).bearer_auth(super::TOKEN)).await;
    assert_eq!(answer.error_code(501), "NotImplemented");
    let message = answer.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("IntegrationRuntimes_Get"), "{message}");
    // The generated server still reads the request first: a wrong api-version is a 400.
    let wrong =
        send(h.bare(reqwest::Method::GET, &url.replace("2018-06-01", "2017-09-01-preview")).bearer_auth(super::TOKEN));
    assert_eq!(wrong.await.error_code(400), "InvalidApiVersionParameter");
}
