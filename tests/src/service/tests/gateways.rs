//! The v1 gateway operations, and the checks and headers every request gets.

use super::{FACTORY, GROUP, Harness, SUBSCRIPTION, send, v1_factory_path, v2_factory_path};
use reqwest::Method;
use serde_json::{Value, json};

fn is_key(key: &str) -> bool {
    let Some(rest) = key.strip_prefix("ADF#") else { return false };
    let parts: Vec<&str> = rest.split('@').collect();
    let [a, b, c, tail] = parts.as_slice() else { return false };
    let secret = tail.strip_prefix("wu#").unwrap_or_default();
    [a, b, c].iter().all(|id| uuid::Uuid::parse_str(id).is_ok())
        && secret.len() == 44
        && secret.ends_with('=')
        && secret[..43].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[tokio::test]
async fn a_missing_or_wrong_bearer_token_is_401() {
    let h = Harness::start().await;
    let url = h.gateways_url("");
    let client_id = ("x-ms-client-request-id", "1");
    let missing = send(h.bare(Method::GET, &url).header(client_id.0, client_id.1)).await;
    assert_eq!(missing.error_code(401), "AuthenticationFailed");
    let wrong = send(h.bare(Method::GET, &url).header(client_id.0, client_id.1).bearer_auth("nope")).await;
    assert_eq!(wrong.error_code(401), "AuthenticationFailed");
    let basic =
        send(h.bare(Method::GET, &url).header(client_id.0, client_id.1).header("authorization", "Basic test-token"));
    assert_eq!(basic.await.error_code(401), "AuthenticationFailed");
    let v2 = send(h.bare(Method::POST, &h.status_url(FACTORY, "ir1"))).await;
    assert_eq!(v2.error_code(401), "AuthenticationFailed");
    assert_eq!(send(h.v1(Method::GET, "")).await.status, 200);
}

#[tokio::test]
async fn a_wrong_or_missing_api_version_is_400_naming_the_supported_one() {
    let h = Harness::start().await;
    let gateways = format!("{}/gateways", v1_factory_path(FACTORY));
    let status = format!("{}/integrationRuntimes/ir1/getStatus", v2_factory_path(FACTORY));
    let (missing, wrong) = ("MissingApiVersionParameter", "InvalidApiVersionParameter");
    let cases = [
        (Method::GET, format!("{}{gateways}", h.service.base_url()), "2015-10-01", missing),
        (Method::GET, h.url_of(&gateways, "2018-06-01"), "2015-10-01", wrong),
        (Method::POST, format!("{}{status}", h.service.base_url()), "2018-06-01", missing),
        (Method::POST, h.url_of(&status, "2015-10-01"), "2018-06-01", wrong),
    ];
    for (method, url, supported, code) in cases {
        let answer = send(h.bare(method, &url).bearer_auth("test-token").header("x-ms-client-request-id", "1")).await;
        assert_eq!(answer.rejection(), (code.to_owned(), "api-version".to_owned()), "{url}");
        assert!(answer.json()["error"]["message"].as_str().unwrap().contains(supported), "{url}");
    }
}

#[tokio::test]
async fn gateway_requests_without_a_client_request_id_are_400() {
    let h = Harness::start().await;
    h.create("gw", "d").await;
    for (method, suffix) in
        [(Method::GET, ""), (Method::GET, "/gw"), (Method::DELETE, "/gw"), (Method::POST, "/gw/regeneratekey")]
    {
        let answer = send(h.bare(method, &h.gateways_url(suffix)).bearer_auth("test-token")).await;
        let expected = ("MissingParameter".to_owned(), "x-ms-client-request-id".to_owned());
        assert_eq!(answer.rejection(), expected, "{suffix}");
    }
    // The v2 API has no such header.
    assert_eq!(send(h.get_status(FACTORY, "ir1")).await.status, 200);
}

#[tokio::test]
async fn a_factory_that_was_not_added_is_404_resource_not_found() {
    let h = Harness::start().await;
    let url = h.url_of(&format!("{}/gateways", v1_factory_path("other")), "2015-10-01");
    let answer = send(h.bare(Method::GET, &url).bearer_auth("test-token").header("x-ms-client-request-id", "1")).await;
    assert_eq!(answer.error_code(404), "ResourceNotFound");
    assert!(answer.json()["error"]["message"].as_str().unwrap().contains("other"));
    let put = h.bare(Method::PUT, &url.replace("/gateways?", "/gateways/gw?"));
    let put = put.bearer_auth("test-token").header("x-ms-client-request-id", "1").json(&json!({"name": "gw"}));
    assert_eq!(send(put).await.error_code(404), "ResourceNotFound");
}

#[tokio::test]
async fn a_missing_gateway_is_404_gateway_not_found() {
    let h = Harness::start().await;
    let update = json!({"properties": {"description": "x"}});
    let requests = [
        h.v1(Method::GET, "/nope"),
        h.v1(Method::PATCH, "/nope").json(&update),
        h.v1(Method::DELETE, "/nope"),
        h.v1(Method::POST, "/nope/regeneratekey"),
    ];
    for request in requests {
        assert_eq!(send(request).await.error_code(404), "GatewayNotFound");
    }
}

#[tokio::test]
async fn unknown_paths_are_404_and_unknown_methods_405() {
    let h = Harness::start().await;
    let v2_casing_on_v1 = format!("{}/gateways", v1_factory_path(FACTORY).replace("resourcegroups", "resourceGroups"));
    let unknown_paths = [
        h.bare(Method::GET, &format!("{}/nothing/here", h.service.base_url())),
        h.v1(Method::GET, "/gw/unknown"),
        h.bare(Method::GET, &h.url_of(&v2_casing_on_v1, "2015-10-01")),
    ];
    for request in unknown_paths {
        let request = request.bearer_auth("test-token").header("x-ms-client-request-id", "1");
        assert_eq!(send(request).await.error_code(404), "NotFound");
    }
    let unknown_methods = [
        h.v1(Method::POST, ""),
        h.v1(Method::GET, "/gw/regeneratekey"),
        h.bare(Method::GET, &h.status_url(FACTORY, "ir1")),
    ];
    for request in unknown_methods {
        let request = request.bearer_auth("test-token").header("x-ms-client-request-id", "1");
        assert_eq!(send(request).await.error_code(405), "MethodNotAllowed");
    }
}

#[tokio::test]
async fn a_gateway_lives_through_create_get_list_regenerate_update_and_delete() {
    let h = Harness::start().await;
    let created = h.create("gatewaytest", "test description.").await;
    let key = created["properties"]["key"].as_str().unwrap().to_owned();
    assert!(is_key(&key), "{key}");
    assert_eq!(h.service.current_key(SUBSCRIPTION, GROUP, FACTORY, "gatewaytest").as_deref(), Some(key.as_str()));
    let create_time = created["properties"]["createTime"].as_str().unwrap().to_owned();
    assert!(time::OffsetDateTime::parse(&create_time, &time::format_description::well_known::Rfc3339).is_ok());
    assert_eq!(create_time.split('.').nth(1).map(str::len), Some(8), "7 digits and Z: {create_time}");
    let expected = json!({
        "name": "gatewaytest",
        "location": "West US",
        "properties": {
            "key": key, "description": "test description.", "hostServiceUri": null, "dataFactoryName": "test",
            "status": "NeedRegistration", "versionStatus": "None", "provisioningState": "Succeeded",
            "version": null, "createTime": create_time, "registerTime": null, "lastConnectTime": null, "expiryTime": null,
        },
    });
    assert_eq!(created, expected);

    // Creating again answers 200, keeps the key.
    let again = h.create("gatewaytest", "test description.").await;
    assert_eq!(again["properties"]["key"], key.as_str());
    h.create("second", "two").await;

    let got = send(h.v1(Method::GET, "/gatewaytest")).await.json();
    let mut read = expected.clone();
    read["properties"]["key"] = Value::Null;
    read["id"] = json!(format!("{}/gateways/gatewaytest", v1_factory_path(FACTORY)));
    assert_eq!(got, read);

    let list = send(h.v1(Method::GET, "")).await.json();
    let names: Vec<&str> = list["value"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["gatewaytest", "second"]);
    assert_eq!(list["value"][0], read);
    assert_eq!(list["value"][1]["properties"]["key"], Value::Null);

    let regenerated = send(h.v1(Method::POST, "/gatewaytest/regeneratekey")).await.json();
    let new_key = regenerated["key"].as_str().unwrap();
    assert!(is_key(new_key) && new_key != key, "{new_key}");
    assert_eq!(h.service.current_key(SUBSCRIPTION, GROUP, FACTORY, "gatewaytest").as_deref(), Some(new_key));

    let patch = h.v1(Method::PATCH, "/gatewaytest").json(&json!({"properties": {"description": "changed"}}));
    let updated = send(patch).await.json();
    assert_eq!(updated["properties"]["description"], "changed");
    assert_eq!(updated["properties"]["key"], Value::Null);
    assert_eq!(send(h.v1(Method::GET, "/gatewaytest")).await.json()["properties"]["description"], "changed");

    let deleted = send(h.v1(Method::DELETE, "/gatewaytest")).await;
    assert_eq!(deleted.status, 200);
    assert!(deleted.body.is_empty());
    assert_eq!(send(h.v1(Method::GET, "/gatewaytest")).await.error_code(404), "GatewayNotFound");
    assert_eq!(h.service.current_key(SUBSCRIPTION, GROUP, FACTORY, "gatewaytest"), None);
    assert_eq!(send(h.v1(Method::GET, "")).await.json()["value"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_create_and_update_bodies_are_400_naming_the_body() {
    let h = Harness::start().await;
    // What the spec rules out, the generated server refuses, naming the body.
    let bodies: [&[u8]; 4] =
        [b"not json", br#"{"properties": {}}"#, br#"{"name": "gw", "properties": {"description": 3}}"#, b"[]"];
    for body in bodies {
        let answer = send(h.v1(Method::PUT, "/gw").body(body.to_vec())).await;
        let expected = ("InvalidParameter".to_owned(), "body".to_owned());
        assert_eq!(answer.rejection(), expected, "{}", String::from_utf8_lossy(body));
    }
    let described = send(h.v1(Method::PUT, "/gw").body(&br#"{"name": "gw", "properties": {"description": 3}}"#[..]));
    let message = described.await.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("properties.description"), "{message}");
    // What the spec allows but the service does not: a name that is not the URI's.
    let other = send(h.v1(Method::PUT, "/gw").body(&br#"{"name": "other"}"#[..])).await;
    assert_eq!(other.error_code(400), "InvalidRequestBody");
    h.create("gw", "d").await;
    let patch = send(h.v1(Method::PATCH, "/gw").body("{")).await;
    assert_eq!(patch.rejection(), ("InvalidParameter".to_owned(), "body".to_owned()));
    let not_utf8 = send(h.v1(Method::GET, "/gw%FF")).await;
    assert_eq!(not_utf8.rejection(), ("InvalidParameter".to_owned(), "GatewayName".to_owned()));
}

#[tokio::test]
async fn path_segments_are_percent_decoded() {
    let h = Harness::start().await;
    let body = json!({"name": "my gateway/1"});
    let created = send(h.v1(Method::PUT, "/my%20gateway%2F1").json(&body)).await;
    assert_eq!(created.status, 200);
    assert!(h.service.current_key(SUBSCRIPTION, GROUP, FACTORY, "my gateway/1").is_some());
    assert_eq!(send(h.v1(Method::GET, "/my%20gateway%2F1")).await.json()["name"], "my gateway/1");
    let recorded = h.service.requests();
    assert!(recorded[0].path.ends_with("/gateways/my%20gateway%2F1"), "{}", recorded[0].path);
}

#[tokio::test]
async fn every_answer_carries_azure_tracing_and_rate_limit_headers() {
    let h = Harness::start().await;
    let first = send(h.v1(Method::PUT, "/gw").json(&json!({"name": "gw"}))).await;
    let second = send(h.v1(Method::DELETE, "/gw")).await;
    let read = send(h.v1(Method::GET, "")).await;
    let status = send(h.get_status(FACTORY, "ir1").header("x-ms-correlation-request-id", "corr-1")).await;
    let failed = send(h.bare(Method::GET, &h.gateways_url(""))).await;
    for answer in [&first, &second, &read, &status, &failed] {
        let request_id = answer.header("x-ms-request-id").expect("x-ms-request-id");
        assert!(uuid::Uuid::parse_str(request_id).is_ok(), "{request_id}");
        let correlation = answer.header("x-ms-correlation-request-id").expect("correlation id");
        let routing = answer.header("x-ms-routing-request-id").expect("routing id");
        let [location, stamp, id] = routing.splitn(3, ':').collect::<Vec<_>>()[..] else { panic!("{routing}") };
        assert_eq!((location, id), ("LOCAL", correlation));
        assert!(stamp.len() == 16 && stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T', "{stamp}");
    }
    assert_ne!(first.header("x-ms-request-id"), second.header("x-ms-request-id"));
    assert_eq!(status.header("x-ms-correlation-request-id"), Some("corr-1"));
    let writes = |a: &super::Answer| a.header("x-ms-ratelimit-remaining-subscription-writes").map(str::to_owned);
    let reads = |a: &super::Answer| a.header("x-ms-ratelimit-remaining-subscription-reads").map(str::to_owned);
    assert_eq!((writes(&first).as_deref(), writes(&second).as_deref()), (Some("11999"), Some("11998")));
    assert_eq!((reads(&read).as_deref(), reads(&status).as_deref()), (Some("14999"), Some("14998")));
    assert_eq!((reads(&first), writes(&read), writes(&status)), (None, None, None));
    assert_eq!(first.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn every_request_is_recorded_as_received() {
    let h = Harness::start().await;
    send(h.v1(Method::PUT, "/gw").header("X-Custom", "Value").json(&json!({"name": "gw"}))).await;
    send(h.bare(Method::GET, &format!("{}/nowhere?a=%20b", h.service.base_url()))).await;
    let recorded = h.service.requests();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].method, "PUT");
    assert_eq!(recorded[0].path, format!("{}/gateways/gw", v1_factory_path(FACTORY)));
    assert_eq!(recorded[0].query, "api-version=2015-10-01");
    assert_eq!(recorded[0].header("x-custom"), Some("Value"));
    assert_eq!(recorded[0].header("authorization"), Some("Bearer test-token"));
    assert_eq!(recorded[0].body, br#"{"name":"gw"}"#);
    assert_eq!((recorded[1].method.as_str(), recorded[1].path.as_str()), ("GET", "/nowhere"));
    assert_eq!((recorded[1].query.as_str(), recorded[1].body.len()), ("a=%20b", 0));
}
