//! The seed pages' sample exchanges, as carried by the spec's `examples`: every sample response
//! parses into the generated types and serializes back to the same JSON, and every sample
//! request is reproduced by its request builder (method, URL with query, headers, body).

use datafactory::models::IntegrationRuntimeStatus;
use datafactory::{Operation, gateways, integration_runtimes};
use datafactory_tests::{Example, example_response, spec_examples};
use serde_json::Value;

/// The body a parsed response serializes back to, and its typed `x-ms-request-id`.
fn parse_and_reserialize(example: &Example) -> (Option<Value>, Option<String>) {
    let response = example_response(example);
    let to_json = |body: &dyn erased::Serialize| Some(erased::to_value(body));
    match example.operation_id.as_str() {
        "IntegrationRuntimes_GetStatus" => {
            let ok = integration_runtimes::GetStatus::parse_response(response).expect("parses");
            (to_json(&ok.body), ok.headers.x_ms_request_id)
        }
        "Gateways_Create" => match gateways::Create::parse_response(response).expect("parses") {
            gateways::CreateResponse::Ok(ok) => (to_json(&ok.body), ok.headers.x_ms_request_id),
            other => panic!("expected 200, got {other:?}"),
        },
        "Gateways_Delete" => {
            let ok = gateways::Delete::parse_response(response).expect("parses");
            (None, ok.headers.x_ms_request_id)
        }
        "Gateways_Get" => {
            let ok = gateways::Get::parse_response(response).expect("parses");
            (to_json(&ok.body), ok.headers.x_ms_request_id)
        }
        "Gateways_List" => {
            let ok = gateways::List::parse_response(response).expect("parses");
            (to_json(&ok.body), ok.headers.x_ms_request_id)
        }
        "Gateways_RegenerateKey" => {
            let ok = gateways::RegenerateKey::parse_response(response).expect("parses");
            (to_json(&ok.body), ok.headers.x_ms_request_id)
        }
        "Gateways_Update" => {
            let ok = gateways::Update::parse_response(response).expect("parses");
            (to_json(&ok.body), ok.headers.x_ms_request_id)
        }
        other => panic!("no test reads the responses of {other}: add it here"),
    }
}

/// `serde_json::to_value` behind a trait object, so each arm above can hand over its own type.
mod erased {
    pub trait Serialize {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Serialize for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("serializes")
        }
    }
    pub fn to_value(value: &dyn Serialize) -> serde_json::Value {
        value.json()
    }
}

#[test]
fn every_operation_has_an_example() {
    let examples = spec_examples();
    let mut ids: Vec<&str> = examples.iter().map(|example| example.operation_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids,
        [
            "Gateways_Create",
            "Gateways_Delete",
            "Gateways_Get",
            "Gateways_List",
            "Gateways_RegenerateKey",
            "Gateways_Update",
            "IntegrationRuntimes_GetStatus"
        ]
    );
}

#[test]
fn sample_responses_round_trip() {
    for example in spec_examples() {
        let (body, request_id) = parse_and_reserialize(&example);
        assert_eq!(body, example.response_body, "{}: the body changed on the way through the types", example.name);
        let sent_id =
            example.response_headers.iter().find(|(name, _)| name == "x-ms-request-id").map(|(_, value)| value.clone());
        assert_eq!(request_id, sent_id, "{}: x-ms-request-id", example.name);
    }
}

/// The request a caller makes for each sample, with the values the page shows.
fn build_request(example: &Example) -> http::Request<Vec<u8>> {
    let client_id =
        example.request_headers.iter().find(|(name, _)| name == "x-ms-client-request-id").map(|(_, id)| id.clone());
    let client_id = client_id.unwrap_or_default();
    let zeros = "00000000-0000-0000-0000-000000000000";
    let request = match example.name.as_str() {
        "IntegrationRuntimes_GetStatus" => integration_runtimes::GetStatus::new(
            "12345678-1234-1234-1234-12345678abc",
            "exampleResourceGroup",
            "exampleFactoryName",
            "exampleIntegrationRuntime",
        )
        .build(),
        "Gateways_Create" => gateways::Create::new(zeros, "adf", "test", "gatewaytest")
            .description("test description.")
            .x_ms_client_request_id(client_id)
            .build(),
        "Gateways_Delete" => {
            gateways::Delete::new(zeros, "adf", "test", "gatewaytest").x_ms_client_request_id(client_id).build()
        }
        "Gateways_Get" => {
            gateways::Get::new(zeros, "ADF", "SPRestDataFactory", "SPGateway").x_ms_client_request_id(client_id).build()
        }
        "Gateways_List" => {
            gateways::List::new(zeros, "ADF", "SPRestDataFactory").x_ms_client_request_id(client_id).build()
        }
        "Gateways_RegenerateKey" => {
            gateways::RegenerateKey::new(zeros, "adf", "test", "gatewaytest").x_ms_client_request_id(client_id).build()
        }
        "Gateways_Update" => gateways::Update::new(zeros, "adf", "test", "gatewaytest")
            .description("test description.")
            .x_ms_client_request_id(client_id)
            .build(),
        other => panic!("no test builds the request of example {other}: add it here"),
    };
    request.unwrap_or_else(|error| panic!("{}: {error}", example.name))
}

#[test]
fn sample_requests_are_reproduced() {
    for example in spec_examples() {
        let request = build_request(&example);
        assert_eq!(request.method().as_str(), example.method, "{}: method", example.name);
        assert_eq!(request.uri().to_string(), example.url, "{}: URL", example.name);
        for (name, value) in &example.request_headers {
            assert_eq!(
                request.headers().get(name).map(|v| v.to_str().unwrap()),
                Some(value.as_str()),
                "{}: {name}",
                example.name
            );
        }
        let body: Option<Value> =
            (!request.body().is_empty()).then(|| serde_json::from_slice(request.body()).expect("JSON body"));
        assert_eq!(body, example.request_body, "{}: body", example.name);
    }
}

#[test]
fn get_status_sample_is_typed() {
    let example = spec_examples().into_iter().find(|e| e.operation_id == "IntegrationRuntimes_GetStatus").unwrap();
    let ok = integration_runtimes::GetStatus::parse_response(example_response(&example)).unwrap();
    assert_eq!(ok.status, 200);
    assert_eq!(ok.headers.x_ms_ratelimit_remaining_subscription_reads, Some(14997));
    let status = &ok.body.as_ref().expect("a body").properties;
    assert_eq!(status.r#type(), "SelfHosted");
    assert_eq!(status.state().map(|state| state.as_str()), Some("Online"));
    let IntegrationRuntimeStatus::SelfHosted(self_hosted) = status else {
        panic!("expected SelfHosted, got {status:?}")
    };
    let properties = &self_hosted.type_properties;
    assert_eq!(
        properties.update_delay_offset.as_ref().unwrap().to_std().unwrap(),
        std::time::Duration::from_secs(3 * 3600)
    );
    let node = &properties.nodes.as_ref().unwrap()[0];
    let register = node.register_time.as_ref().unwrap();
    assert_eq!(register.as_str(), "2018-06-14T14:51:44.9237069Z");
    assert_eq!(register.value().nanosecond(), 923_706_900);
    assert_eq!(node.max_concurrent_jobs, Some(56));
    assert_eq!(node.capabilities.as_ref().unwrap()["serviceBusConnected"], "True");
}

#[test]
fn regenerated_key_keeps_its_leading_space_and_stays_out_of_debug() {
    let example = spec_examples().into_iter().find(|e| e.operation_id == "Gateways_RegenerateKey").unwrap();
    let ok = gateways::RegenerateKey::parse_response(example_response(&example)).unwrap();
    let key = ok.body.as_ref().and_then(|body| body.key.as_ref()).expect("a key");
    assert!(key.expose().starts_with(" ADF#066b1a89"), "{:?}", key.expose());
    let debug = format!("{ok:?}");
    assert!(!debug.contains("ADF#"), "the key leaks into Debug: {debug}");
}
