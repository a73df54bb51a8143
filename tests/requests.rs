//! Request building: path parameters are checked against the spec's rules before anything is
//! built and percent-encoded as single segments; base URLs and header values are checked.

use datafactory::{BaseUrl, Error, Operation, gateways, integration_runtimes};

const SUBSCRIPTION: &str = "12345678-1234-1234-1234-12345678abc";

fn get_status(factory: &str, runtime: &str) -> Result<http::Request<Vec<u8>>, Error> {
    integration_runtimes::GetStatus::new(SUBSCRIPTION, "rg", factory, runtime).build()
}

fn invalid(result: Result<http::Request<Vec<u8>>, Error>) -> (String, String, String) {
    match result {
        Err(Error::InvalidParameter { parameter, value, rule }) => (parameter.to_owned(), value, rule),
        other => panic!("expected an invalid parameter, got {other:?}"),
    }
}

#[test]
fn a_pattern_violation_names_the_parameter_the_value_and_the_rule() {
    let (parameter, value, rule) = invalid(get_status("bad_name", "runtime"));
    assert_eq!(parameter, "factoryName");
    assert_eq!(value, "bad_name");
    assert_eq!(rule, "it does not match the pattern `^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$`");
    let error = get_status("factory", "-leading-dash").unwrap_err().to_string();
    assert!(error.contains("integrationRuntimeName") && error.contains("-leading-dash"), "{error}");
}

#[test]
fn lengths_are_checked_in_characters() {
    let (_, _, rule) = invalid(get_status("ab", "runtime"));
    assert_eq!(rule, "it has 2 characters, fewer than the minimum of 3");
    let (_, _, rule) = invalid(get_status(&"a".repeat(64), "runtime"));
    assert_eq!(rule, "it has 64 characters, more than the maximum of 63");
    assert!(get_status(&"a".repeat(63), "run").is_ok());
}

#[test]
fn slashes_dot_segments_and_empty_values_cannot_change_the_path() {
    // Gateway names have no pattern in the spec, so only the encoding and the segment rules apply.
    let build = |name: &str| gateways::Get::new("sub", "rg", "factory", name).build();
    let uri = build("a/b").unwrap().uri().to_string();
    assert!(uri.ends_with("/gateways/a%2Fb?api-version=2015-10-01"), "{uri}");
    for dots in [".", ".."] {
        let (parameter, _, rule) = invalid(build(dots));
        assert_eq!(parameter, "GatewayName");
        assert!(rule.contains("dot-segment"), "{rule}");
    }
    assert!(invalid(build("")).2.contains("must not be empty"));
    let uri = build("...").unwrap().uri().to_string();
    assert!(uri.contains("/gateways/...?"), "three dots are an ordinary segment: {uri}");
}

#[test]
fn spaces_and_non_ascii_are_percent_encoded_as_utf8() {
    let uri = gateways::Get::new("sub", "my group", "fábrica", "gw?x=1#y").build().unwrap().uri().to_string();
    assert!(uri.contains("/resourcegroups/my%20group/"), "{uri}");
    assert!(uri.contains("/datafactories/f%C3%A1brica/"), "{uri}");
    assert!(uri.contains("/gateways/gw%3Fx%3D1%23y?api-version=2015-10-01"), "{uri}");
}

#[test]
fn the_resource_group_pattern_accepts_unicode_word_characters() {
    // `\w` in the spec's pattern is Unicode-aware, as in the service's own validation.
    let uri = integration_runtimes::GetStatus::new(SUBSCRIPTION, "grupo_é(1)", "factory", "runtime").build().unwrap();
    assert!(uri.uri().to_string().contains("/resourceGroups/grupo_%C3%A9%281%29/"), "{}", uri.uri());
    let (parameter, _, _) =
        invalid(integration_runtimes::GetStatus::new(SUBSCRIPTION, "a b", "factory", "runtime").build());
    assert_eq!(parameter, "resourceGroupName");
}

#[test]
fn the_base_url_can_point_elsewhere() {
    let base = BaseUrl::parse("http://127.0.0.1:8080/prefix/").unwrap();
    let request = gateways::List::new("sub", "rg", "factory").build_request(&base).unwrap();
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:8080/prefix/subscriptions/sub/resourcegroups/rg/providers/Microsoft.DataFactory/datafactories/factory/gateways?api-version=2015-10-01"
    );
    for bad in ["management.azure.com", "https://", "https://host/?q=1", "ftp://host", "https://ho st"] {
        assert!(matches!(BaseUrl::parse(bad), Err(Error::InvalidBaseUrl { .. })), "{bad} was accepted");
    }
}

#[test]
fn client_request_id_is_a_fresh_uuid_unless_set() {
    let first = gateways::Get::new("sub", "rg", "factory", "gw");
    let second = gateways::Get::new("sub", "rg", "factory", "gw");
    let id =
        |request: &http::Request<Vec<u8>>| request.headers()["x-ms-client-request-id"].to_str().unwrap().to_owned();
    let (a, b) = (id(&first.build().unwrap()), id(&second.build().unwrap()));
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert_eq!(id(&first.build().unwrap()), a, "one builder keeps its id, so a retry sends the same one");
    let chosen = gateways::Get::new("sub", "rg", "factory", "gw").x_ms_client_request_id("my-id").build().unwrap();
    assert_eq!(id(&chosen), "my-id");
}

#[test]
fn optional_headers_are_sent_only_when_set_and_checked() {
    let plain = gateways::Delete::new("sub", "rg", "factory", "gw").build().unwrap();
    assert!(plain.headers().get("if-match").is_none());
    let conditional = gateways::Delete::new("sub", "rg", "factory", "gw").if_match("\"etag\"").build().unwrap();
    assert_eq!(conditional.headers()["if-match"], "\"etag\"");
    let tabbed = gateways::Delete::new("sub", "rg", "factory", "gw").if_match("a\tb c").build().unwrap();
    assert_eq!(tabbed.headers()["if-match"], "a\tb c");
    // A control character, DEL, a byte above ASCII, nothing: each refused before sending.
    for refused in ["a\nb", "a\u{7f}b", "étag", " "] {
        let (parameter, value, _) =
            invalid(gateways::Delete::new("sub", "rg", "factory", "gw").if_match(refused).build());
        assert_eq!((parameter.as_str(), value.as_str()), ("If-Match", refused));
    }
}

#[test]
fn get_status_is_a_post_without_body() {
    let request = get_status("exampleFactoryName", "exampleIntegrationRuntime").unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert!(request.body().is_empty());
    assert_eq!(<integration_runtimes::GetStatus as Operation>::OPERATION_ID, "IntegrationRuntimes_GetStatus");
}

#[test]
fn an_update_without_description_sends_an_empty_object() {
    let request = gateways::Update::new("sub", "rg", "factory", "gw").build().unwrap();
    assert_eq!(request.body(), b"{}");
    assert_eq!(request.headers()["content-type"], "application/json");
}

#[test]
fn the_whole_body_setter_replaces_the_body_but_keeps_the_bound_name() {
    let mut body = datafactory::models::GatewayCreateRequest::new("someone-else".into());
    let mut properties = datafactory::models::GatewayRequestProperties::default();
    properties.description = Some("from a file".into());
    body.properties = Some(properties);
    let request = gateways::Create::new("sub", "rg", "factory", "gw").body(body).build().unwrap();
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent, serde_json::json!({ "name": "gw", "properties": { "description": "from a file" } }));
}
