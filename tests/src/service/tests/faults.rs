//! Each fault, and how queued faults are used up: in order, one per request, before auth.

use super::{FACTORY, Harness, send};
use crate::service::Fault;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[tokio::test]
async fn too_many_requests_is_429_with_retry_after_even_without_credentials() {
    let h = Harness::start().await;
    h.service.push_fault(Fault::TooManyRequests { retry_after_secs: 7 });
    let answer = send(h.bare(Method::GET, &h.gateways_url(""))).await;
    assert_eq!(answer.error_code(429), "TooManyRequests");
    assert_eq!(answer.header("retry-after"), Some("7"));
    assert!(answer.header("x-ms-request-id").is_some());
    // The fault was used up: the same request now meets auth.
    assert_eq!(send(h.bare(Method::GET, &h.gateways_url(""))).await.status, 401);
}

#[tokio::test]
async fn status_faults_answer_in_order_one_per_request() {
    let h = Harness::start().await;
    h.service.push_fault(Fault::Status(500));
    h.service.push_fault(Fault::Status(503));
    assert_eq!(send(h.v1(Method::GET, "")).await.error_code(500), "InternalServerError");
    assert_eq!(send(h.get_status(FACTORY, "ir1")).await.error_code(503), "ServiceUnavailable");
    assert_eq!(send(h.v1(Method::GET, "")).await.status, 200);
    assert_eq!(h.service.requests().len(), 3, "faulted requests are recorded too");
}

#[tokio::test]
async fn truncated_body_keeps_status_and_headers_and_cuts_the_body_in_half() {
    let h = Harness::start().await;
    h.create("gw", "d").await;
    let whole = send(h.v1(Method::GET, "/gw")).await;
    h.service.push_fault(Fault::TruncatedBody);
    let cut = send(h.v1(Method::GET, "/gw")).await;
    assert_eq!(cut.status, 200);
    assert_eq!(cut.header("content-type"), Some("application/json"));
    assert_eq!(cut.body, whole.body[..whole.body.len() / 2]);
    assert!(serde_json::from_slice::<Value>(&cut.body).is_err());
}

#[tokio::test]
async fn invalid_json_is_200_with_a_broken_body() {
    let h = Harness::start().await;
    h.service.push_fault(Fault::InvalidJson);
    let answer = send(h.get_status(FACTORY, "ir1")).await;
    assert_eq!((answer.status.as_u16(), answer.body.as_slice()), (200, b"{\"name\": oops".as_slice()));
    assert_eq!(answer.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn unknown_enum_value_replaces_every_enum_value() {
    let h = Harness::start().await;
    h.create("gw", "d").await;
    h.service.push_fault(Fault::UnknownEnumValue);
    let list = send(h.v1(Method::GET, "")).await.json();
    let properties = &list["value"][0]["properties"];
    assert_eq!((&properties["status"], &properties["versionStatus"]), (&"Hibernating".into(), &"Hibernating".into()));
    assert_eq!(properties["provisioningState"], "Succeeded");

    h.service.push_fault(Fault::UnknownEnumValue);
    let runtime = send(h.get_status(FACTORY, "ir1")).await.json();
    let properties = &runtime["properties"];
    assert_eq!((&properties["state"], &properties["type"]), (&"Hibernating".into(), &"SelfHosted".into()));
    let node = &properties["typeProperties"]["nodes"][0];
    assert_eq!((&node["status"], &node["lastUpdateResult"]), (&"Hibernating".into(), &"Hibernating".into()));
    assert_eq!(properties["typeProperties"]["autoUpdate"], "Hibernating");
    assert_eq!(properties["typeProperties"]["versionStatus"], "UpToDate", "a plain string, not an enum");

    h.service.push_fault(Fault::UnknownEnumValue);
    let managed = send(h.get_status(FACTORY, "managed1")).await.json();
    assert_eq!(managed["properties"]["typeProperties"]["nodes"][0]["status"], "Hibernating");
}

#[tokio::test]
async fn unknown_runtime_type_is_an_azure_ssis_runtime() {
    let h = Harness::start().await;
    h.service.push_fault(Fault::UnknownRuntimeType);
    let answer = send(h.get_status(FACTORY, "ssis-1")).await;
    assert_eq!(answer.status, 200);
    let body = answer.json();
    assert_eq!(body["name"], "ssis-1");
    let properties = &body["properties"];
    assert_eq!((&properties["type"], &properties["state"]), (&"Azure-SSIS".into(), &"Started".into()));
    assert_eq!(properties["dataFactoryName"], FACTORY);
    assert!(properties["typeProperties"].as_object().is_some_and(|object| !object.is_empty()));
}

#[tokio::test]
async fn extra_property_adds_future_property_at_the_top_and_in_properties() {
    let h = Harness::start().await;
    h.create("gw", "d").await;
    let future = json!({"x": 1});
    h.service.push_fault(Fault::ExtraProperty);
    let got = send(h.v1(Method::GET, "/gw")).await.json();
    assert_eq!((&got["futureProperty"], &got["properties"]["futureProperty"]), (&future, &future));
    assert_eq!(got["name"], "gw");

    h.service.push_fault(Fault::ExtraProperty);
    let list = send(h.v1(Method::GET, "")).await.json();
    assert_eq!((&list["futureProperty"], &list["value"][0]["properties"]["futureProperty"]), (&future, &future));

    h.service.push_fault(Fault::ExtraProperty);
    let runtime = send(h.get_status(FACTORY, "ir1")).await.json();
    assert_eq!((&runtime["futureProperty"], &runtime["properties"]["futureProperty"]), (&future, &future));
}

#[tokio::test]
async fn slow_waits_then_answers_normally() {
    let h = Harness::start().await;
    h.service.push_fault(Fault::Slow(Duration::from_millis(300)));
    let started = Instant::now();
    let answer = send(h.get_status(FACTORY, "ir1")).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.json()["properties"]["type"], "SelfHosted");
}

#[tokio::test]
async fn drop_connection_sends_200_headers_then_aborts_the_body() {
    let h = Harness::start().await;
    h.service.push_fault(Fault::DropConnection);
    let response = h.get_status(FACTORY, "ir1").send().await.expect("the status line and headers arrive");
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-ms-request-id"));
    assert!(response.bytes().await.is_err(), "the body must fail");
    // The service itself is fine afterwards.
    assert_eq!(send(h.get_status(FACTORY, "ir1")).await.status, 200);
}

#[tokio::test]
async fn shutdown_stops_the_service() {
    let h = Harness::start().await;
    let url = h.gateways_url("");
    let super::Harness { service, .. } = h;
    service.shutdown().await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
    assert!(client.get(&url).send().await.is_err());
}
