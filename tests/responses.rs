//! Response parsing: typed outcomes per status, service errors, decode errors that name the
//! JSON path, and forward compatibility (unknown types, values and properties survive).

use datafactory::models::{IntegrationRuntimeState, IntegrationRuntimeStatus};
use datafactory::{Error, gateways, integration_runtimes};
use serde_json::{Value, json};

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder().status(status).header("x-ms-request-id", "req-1").body(body.as_bytes().to_vec()).unwrap()
}

fn get_status(body: &Value) -> Result<datafactory::models::IntegrationRuntimeStatusResponse, Error> {
    integration_runtimes::GetStatus::parse_response(response(200, &body.to_string()))?.into_body()
}

#[test]
fn an_error_status_carries_the_cloud_error_the_request_id_and_the_body() {
    let body = r#"{"error":{"code":"GatewayNotFound","message":"No gateway gw.","target":"gw","details":[{"error":{"code":"Inner","message":"deeper"}}]}}"#;
    let Err(Error::Service(error)) = gateways::Get::parse_response(response(404, body)) else {
        panic!("expected a service error")
    };
    assert_eq!(error.status, 404);
    assert_eq!(error.request_id.as_deref(), Some("req-1"));
    assert_eq!(error.body, body.as_bytes());
    let cloud = error.cloud_error.as_ref().expect("a CloudError");
    assert_eq!(cloud.error.code, "GatewayNotFound");
    assert_eq!(cloud.error.details.as_ref().unwrap()[0].error.message, "deeper");
    let text = error.to_string();
    assert!(text.contains("404") && text.contains("GatewayNotFound") && text.contains("req-1"), "{text}");
}

#[test]
fn an_error_body_that_is_not_a_cloud_error_is_kept_raw() {
    let Err(Error::Service(error)) = gateways::List::parse_response(response(503, "<html>busy</html>")) else {
        panic!()
    };
    assert_eq!(error.status, 503);
    assert!(error.cloud_error.is_none());
    assert_eq!(error.body, b"<html>busy</html>");
}

#[test]
fn create_distinguishes_ok_from_accepted() {
    match gateways::Create::parse_response(response(202, "")).unwrap() {
        gateways::CreateResponse::Accepted(accepted) => {
            assert_eq!(accepted.headers.x_ms_request_id.as_deref(), Some("req-1"))
        }
        other => panic!("expected Accepted, got {other:?}"),
    }
    assert!(matches!(gateways::Create::parse_response(response(200, "{}")).unwrap(), gateways::CreateResponse::Ok(_)));
}

fn self_hosted(node: Value) -> Value {
    json!({"name": "ir", "properties": {"type": "SelfHosted", "state": "Online", "typeProperties": {"nodes": [node]}}})
}

#[test]
fn a_bad_field_inside_a_union_variant_is_named_by_its_full_path() {
    let Err(Error::Decode(error)) = get_status(&self_hosted(json!({"registerTime": "yesterday"}))) else { panic!() };
    assert_eq!(error.path, "properties.typeProperties.nodes[0].registerTime");
    assert!(error.message.contains("invalid RFC 3339 timestamp \"yesterday\""), "{}", error.message);
    assert!(error.excerpt.starts_with("{\"name\":\"ir\""));
    let Err(Error::Decode(error)) = get_status(&self_hosted(json!({"maxConcurrentJobs": "many"}))) else { panic!() };
    assert_eq!(error.path, "properties.typeProperties.nodes[0].maxConcurrentJobs");
}

#[test]
fn an_integer_written_as_a_double_without_a_fraction_is_read_and_one_with_a_fraction_is_refused() {
    // Services that keep numbers as doubles send `8.0`; JSON Schema counts it as the integer 8.
    let status = get_status(&self_hosted(json!({"concurrentJobsLimit": 8.0}))).unwrap();
    assert!(format!("{status:?}").contains("concurrent_jobs_limit: Some(8)"), "{status:?}");
    let Err(Error::Decode(error)) = get_status(&self_hosted(json!({"concurrentJobsLimit": 8.5}))) else { panic!() };
    assert_eq!(error.path, "properties.typeProperties.nodes[0].concurrentJobsLimit");
    let Err(Error::Decode(error)) = get_status(&self_hosted(json!({"concurrentJobsLimit": 4294967296u64}))) else {
        panic!()
    };
    assert!(error.message.contains("an integer of i32"), "{}", error.message);
}

#[test]
fn a_body_cut_short_or_not_json_is_a_decode_error() {
    // (An empty body is a success without its body: see the test of the rule below.)
    for body in
        [r#"{"name": "ir", "prop"#, "not json", r#"{"properties": {"type": "Managed", "typeProperties": {}}} trailing"#]
    {
        let result = integration_runtimes::GetStatus::parse_response(response(200, body));
        assert!(matches!(result, Err(Error::Decode(_))), "{body:?} gave {result:?}");
    }
    let Err(Error::Decode(error)) = integration_runtimes::GetStatus::parse_response(response(200, &"x".repeat(5000)))
    else {
        panic!()
    };
    assert_eq!(error.excerpt.len(), datafactory::runtime::DecodeError::EXCERPT_LEN);
}

#[test]
fn a_missing_discriminator_is_a_decode_error() {
    let Err(Error::Decode(error)) = get_status(&json!({"properties": {"state": "Online"}})) else { panic!() };
    assert_eq!(error.path, "properties");
    assert!(error.message.contains("missing field `type`"), "{}", error.message);
}

#[test]
fn an_unknown_runtime_type_keeps_every_property() {
    let body = json!({"name": "ir", "properties": {"type": "Azure-SSIS", "state": "Starting", "dataFactoryName": "df", "typeProperties": {"x": [1, 2]}, "extra": true}});
    let ok = get_status(&body).unwrap();
    let status = &ok.properties;
    assert!(matches!(status, IntegrationRuntimeStatus::Unknown(_)), "{status:?}");
    assert_eq!(status.r#type(), "Azure-SSIS");
    assert_eq!(status.state(), Some(&IntegrationRuntimeState::Starting));
    assert_eq!(status.data_factory_name().map(String::as_str), Some("df"));
    assert_eq!(serde_json::to_value(&ok).unwrap(), body);
}

#[test]
fn unknown_enum_values_and_extra_properties_round_trip() {
    let body = json!({"name": "ir", "properties": {"type": "Managed", "state": "Hibernating", "newField": {"a": 1},
        "typeProperties": {"nodes": [{"nodeId": "n1", "status": "Melting"}], "createTime": "2018-06-14T09:17:45.1839685+02:00"}}});
    let ok = get_status(&body).unwrap();
    let state = ok.properties.state().unwrap();
    assert_eq!(state.as_str(), "Hibernating");
    assert!(matches!(state, IntegrationRuntimeState::Unknown(_)));
    let IntegrationRuntimeStatus::Managed(managed) = &ok.properties else { panic!() };
    assert_eq!(managed.additional_properties["newField"].get(), r#"{"a":1}"#);
    assert_eq!(serde_json::to_value(&ok).unwrap(), body);
}

#[test]
fn a_malformed_typed_header_does_not_fail_the_operation_and_stays_readable() {
    let response = http::Response::builder()
        .status(200)
        .header("x-ms-ratelimit-remaining-subscription-reads", "lots")
        .header("x-ms-request-id", "req-9")
        .body(br#"{"properties": {"type": "Managed", "typeProperties": {}}}"#.to_vec())
        .unwrap();
    let ok = integration_runtimes::GetStatus::parse_response(response).expect("the status was read");
    assert_eq!(ok.headers.x_ms_ratelimit_remaining_subscription_reads, None);
    assert_eq!(ok.headers.x_ms_request_id.as_deref(), Some("req-9"));
    assert_eq!(ok.raw_headers["x-ms-ratelimit-remaining-subscription-reads"], "lots");
}

#[test]
fn durations_convert_losslessly_and_signed() {
    use datafactory::runtime::IsoDuration;
    assert_eq!(IsoDuration::new("PT3H").to_std().unwrap().as_secs(), 3 * 3600);
    assert_eq!(IsoDuration::new("P1DT1M30.5S").to_std().unwrap().as_millis(), 86_400_000 + 90_500);
    assert_eq!(IsoDuration::new("-PT5H").to_signed().unwrap(), time::Duration::hours(-5));
    assert!(IsoDuration::new("-PT5H").to_std().is_err());
    for bad in ["3H", "P1M", "PT", "P", "PT1X", "PT1"] {
        assert!(IsoDuration::new(bad).to_std().is_err(), "{bad} was accepted");
    }
    assert_eq!(serde_json::to_string(&IsoDuration::new("PT03H")).unwrap(), "\"PT03H\"");
}

#[test]
fn the_gateway_key_stays_out_of_decode_errors_and_service_error_debug() {
    let key = "ADF#066b1a89-secret@wu#11gTEsN4o12b\\\"fYN26=";
    // A create response whose `createTime` is wrong, so decoding fails with the key in the body.
    let body = format!(r#"{{"name": "gw", "properties": {{"key": "{key}", "createTime": "soon"}}}}"#);
    let Err(error) = gateways::Create::parse_response(response(200, &body)) else { panic!("decoded") };
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(!text.contains("ADF#") && !text.contains("fYN26"), "the key leaks: {text}");
        assert!(text.contains("<redacted>") || !text.contains("excerpt"), "{text}");
    }
    // Cut short inside the key: the rest of the text is still redacted.
    let cut = &body[..body.find("secret").unwrap() + 3];
    let Err(error) = gateways::Create::parse_response(response(200, cut)) else { panic!("decoded") };
    assert!(!format!("{error:?}").contains("ADF#"), "{error:?}");
    let Err(error) = gateways::RegenerateKey::parse_response(response(500, &format!(r#"{{"key":"{key}"}}"#))) else {
        panic!()
    };
    assert!(!format!("{error:?}").contains("ADF#"), "{error:?}");
}

#[test]
fn timestamps_without_an_offset_are_utc_with_a_basic_offset_are_read_and_all_written_back_as_sent() {
    use datafactory::runtime::Timestamp;
    for (text, unix) in [("2018-06-14T14:51:44.9237069", 1_528_987_904), ("0001-01-01T00:00:00", -62_135_596_800)] {
        let timestamp: Timestamp = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(timestamp.value().unix_timestamp(), unix, "{text}");
        assert_eq!(timestamp.value().offset(), time::UtcOffset::UTC);
        assert_eq!(serde_json::to_value(&timestamp).unwrap(), json!(text));
    }
    // ISO 8601's basic offset, without its colon, as some services write it.
    for (text, unix) in [("2018-06-14T14:51:44.000+0000", 1_528_987_904), ("2018-06-14T09:21:44-0530", 1_528_987_904)] {
        let timestamp: Timestamp = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(timestamp.value().unix_timestamp(), unix, "{text}");
        assert_eq!(serde_json::to_value(&timestamp).unwrap(), json!(text));
    }
    for bad in ["2018-06-14", "2018-06-14T25:00:00", "yesterday", "2018-06-14T14:51:44+", "2018-01-01T12:00:00000Z"] {
        assert!(serde_json::from_value::<Timestamp>(json!(bad)).is_err(), "{bad}");
    }
}

/// The rule for a success the spec does not describe: it is a success that keeps the real status
/// and headers. A status the spec does not list is read as the declared success where there is
/// one, and is `Other` (body unread) where there are several; a declared body the service does
/// not send is `None` (`into_body` makes that an error); a body that does not match is a decode error.
#[test]
fn a_success_the_spec_does_not_describe_is_a_success_with_its_real_status() {
    let deleted = gateways::Delete::parse_response(response(204, "")).expect("204 on a Delete that declares 200");
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.headers.x_ms_request_id.as_deref(), Some("req-1"));

    let got = gateways::Get::parse_response(response(203, r#"{"name": "gw"}"#)).expect("203 with the declared body");
    assert_eq!((got.status.as_u16(), got.body.as_ref().and_then(|gateway| gateway.name.as_deref())), (203, Some("gw")));

    match gateways::Create::parse_response(response(201, r#"{"name": "gw"}"#))
        .expect("201 on a Create that declares 200 and 202")
    {
        gateways::CreateResponse::Other(other) => {
            assert_eq!(other.status, 201);
            assert_eq!(other.raw_headers.get("x-ms-request-id").and_then(|value| value.to_str().ok()), Some("req-1"));
        }
        outcome => panic!("{outcome:?}"),
    }

    match gateways::Create::parse_response(response(200, "")).expect("a 200 without the body it declares") {
        gateways::CreateResponse::Ok(created) => {
            assert_eq!((created.status.as_u16(), created.body), (200, None));
            assert_eq!(created.headers.x_ms_request_id.as_deref(), Some("req-1"));
        }
        outcome => panic!("{outcome:?}"),
    }

    for (status, body) in [(200, ""), (204, "  ")] {
        let got = gateways::Get::parse_response(response(status, body)).expect("a success without its body");
        assert_eq!((got.status.as_u16(), &got.body), (status, &None));
        assert_eq!(got.headers.x_ms_request_id.as_deref(), Some("req-1"));
        let error = got.into_body().unwrap_err();
        assert!(matches!(&error, Error::Decode(_)), "{status} {body:?}: {error:?}");
        assert!(error.to_string().contains("no body, where the spec declares one"), "{error}");
    }
    let error = gateways::Get::parse_response(response(200, "[]")).unwrap_err();
    assert!(matches!(&error, Error::Decode(_)), "a body that does not match: {error:?}");
    assert!(matches!(gateways::Get::parse_response(response(300, "")), Err(Error::Service(_))));
}

#[test]
fn http_dates_are_read_in_every_form_and_written_back_as_sent() {
    use datafactory::runtime::HttpDate;
    for text in ["Thu, 14 Jun 2018 14:53:22 GMT", "Thursday, 14-Jun-18 14:53:22 GMT", "Thu Jun 14 14:53:22 2018"] {
        let date: HttpDate = serde_json::from_value(json!(text)).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert_eq!(date.value().unix_timestamp(), 1_528_988_002, "{text}");
        assert_eq!(serde_json::to_value(&date).unwrap(), json!(text));
        assert_eq!(text.parse::<HttpDate>().unwrap(), date);
    }
    for bad in ["2018-06-14T14:53:22Z", "Thu, 14 Jun 2018", "Thu, 14 Jun 2018 25:53:22 GMT", ""] {
        let error = serde_json::from_value::<HttpDate>(json!(bad)).unwrap_err();
        assert!(error.to_string().contains("not an HTTP date"), "{bad}: {error}");
    }
    let formatted = HttpDate::try_from(time::macros::datetime!(2018-06-14 16:53:22 +2)).unwrap();
    assert_eq!(formatted.as_str(), "Thu, 14 Jun 2018 14:53:22 GMT");
}
