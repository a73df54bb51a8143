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
