//! The generated server (the `server` feature) against the generated client, over real HTTP on
//! loopback: every operation of both seed APIs, served by one `Server` from two implementations,
//! and the rules a request can break, each answered `400` (or `411`, `415`) naming what it broke.

use datafactory::models::{CloudError, CloudErrorBody, Gateway, GatewayKey, GatewayListResponse};
use datafactory::runtime::server::{ErrorAnswer, Server};
use datafactory::{BaseUrl, Client, Error, StaticToken, gateways, integration_runtimes};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Mutex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
const GROUP: &str = "adf";
const FACTORY: &str = "test";

/// Gateways kept in memory, by name.
#[derive(Default)]
struct Gateways {
    gateways: Mutex<BTreeMap<String, Gateway>>,
}

fn not_found(name: &str) -> ErrorAnswer {
    let body = CloudErrorBody::new("NotFound".into(), format!("no gateway `{name}`"));
    ErrorAnswer::json(StatusCode::NOT_FOUND, &CloudError::new(body))
}

fn ok<B>(body: B) -> datafactory::Response<B, gateways::WriteHeaders> {
    let mut headers = gateways::WriteHeaders::default();
    headers.x_ms_request_id = Some("request-1".into());
    headers.x_ms_ratelimit_remaining_subscription_writes = Some(1199);
    datafactory::Response::new(StatusCode::OK, headers, body, HeaderMap::new())
}

impl gateways::server::Service for Gateways {
    async fn create(&self, request: gateways::server::CreateRequest) -> Result<gateways::CreateResponse, ErrorAnswer> {
        assert_eq!((request.subscription_id.as_str(), request.resource_group_name.as_str()), (SUBSCRIPTION, GROUP));
        let mut gateway = Gateway::default();
        gateway.name = Some(request.gateway_name.clone());
        gateway.properties = serde_json::from_value(json!({
            "description": request.body.properties.and_then(|properties| properties.description),
            "status": "NeedRegistration",
        }))
        .ok();
        self.gateways.lock().unwrap().insert(request.gateway_name, gateway.clone());
        Ok(gateways::CreateResponse::Ok(ok(Some(gateway))))
    }

    async fn delete(
        &self,
        request: gateways::server::DeleteRequest,
    ) -> Result<datafactory::Response<(), gateways::WriteHeaders>, ErrorAnswer> {
        match self.gateways.lock().unwrap().remove(&request.gateway_name) {
            Some(_) => Ok(ok(())),
            None => Err(not_found(&request.gateway_name)),
        }
    }

    async fn get(
        &self,
        request: gateways::server::GetRequest,
    ) -> Result<datafactory::Response<Option<Gateway>, gateways::WriteHeaders>, ErrorAnswer> {
        let gateway = self.gateways.lock().unwrap().get(&request.gateway_name).cloned();
        gateway.map(|gateway| ok(Some(gateway))).ok_or_else(|| not_found(&request.gateway_name))
    }

    async fn list(
        &self,
        _request: gateways::server::ListRequest,
    ) -> Result<datafactory::Response<Option<GatewayListResponse>, gateways::WriteHeaders>, ErrorAnswer> {
        let mut list = GatewayListResponse::default();
        list.value = Some(self.gateways.lock().unwrap().values().cloned().collect());
        Ok(ok(Some(list)))
    }

    async fn regenerate_key(
        &self,
        request: gateways::server::RegenerateKeyRequest,
    ) -> Result<datafactory::Response<Option<GatewayKey>, gateways::WriteHeaders>, ErrorAnswer> {
        if !self.gateways.lock().unwrap().contains_key(&request.gateway_name) {
            return Err(not_found(&request.gateway_name));
        }
        Ok(ok(Some(serde_json::from_value(json!({ "key": format!("key-of-{}", request.gateway_name) })).unwrap())))
    }

    async fn update(
        &self,
        request: gateways::server::UpdateRequest,
    ) -> Result<datafactory::Response<Option<Gateway>, gateways::WriteHeaders>, ErrorAnswer> {
        let mut gateways = self.gateways.lock().unwrap();
        let gateway = gateways.get_mut(&request.gateway_name).ok_or_else(|| not_found(&request.gateway_name))?;
        let description = request.body.properties.and_then(|properties| properties.description);
        gateway.properties = serde_json::from_value(json!({ "description": description, "status": "Online" })).ok();
        Ok(ok(Some(gateway.clone())))
    }
}

struct Runtimes;

impl integration_runtimes::server::Service for Runtimes {
    async fn get_status(
        &self,
        request: integration_runtimes::server::GetStatusRequest,
    ) -> Result<
        datafactory::Response<
            Option<datafactory::models::IntegrationRuntimeStatusResponse>,
            integration_runtimes::ReadHeaders,
        >,
        ErrorAnswer,
    > {
        let body = json!({
            "name": request.integration_runtime_name,
            "properties": { "type": "SelfHosted", "state": "Online", "dataFactoryName": request.factory_name, "typeProperties": {} },
        });
        let headers = integration_runtimes::ReadHeaders::default();
        Ok(datafactory::Response::new(StatusCode::OK, headers, serde_json::from_value(body).ok(), HeaderMap::new()))
    }
}

/// Serves both APIs on a loopback port: the base URL.
async fn serve() -> String {
    let router = Server::new()
        .with(gateways::server::handler(Gateways::default()))
        .with(integration_runtimes::server::handler(Runtimes))
        .into_router();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

fn client(base_url: &str) -> Client {
    Client::builder(StaticToken::new("token")).base_url(BaseUrl::parse(base_url).unwrap()).build().unwrap()
}

#[tokio::test]
async fn the_client_calls_every_operation_of_both_apis_on_the_generated_server() {
    let base_url = serve().await;
    let client = client(&base_url);
    let gateways = client.gateways();

    let created = gateways.create(SUBSCRIPTION, GROUP, FACTORY, "gw1").description("first").send().await.unwrap();
    let gateways::CreateResponse::Ok(created) = created else { panic!("a 200 is `Ok`: {created:?}") };
    assert_eq!(created.headers.x_ms_request_id.as_deref(), Some("request-1"), "a typed header crosses");
    assert_eq!(created.headers.x_ms_ratelimit_remaining_subscription_writes, Some(1199));
    let created = created.into_body().unwrap();
    assert_eq!(created.name.as_deref(), Some("gw1"));
    assert_eq!(created.properties.as_ref().and_then(|p| p.description.as_deref()), Some("first"), "the body arrived");

    let got = gateways.get(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap().into_body().unwrap();
    assert_eq!(got, created);
    let updated = gateways.update(SUBSCRIPTION, GROUP, FACTORY, "gw1").description("second").send().await.unwrap();
    let updated = updated.into_body().unwrap();
    assert_eq!(updated.properties.as_ref().and_then(|p| p.description.as_deref()), Some("second"));
    let key = gateways.regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap().into_body().unwrap();
    assert_eq!(key.key.as_ref().map(|key| key.expose()), Some("key-of-gw1"));
    gateways.create(SUBSCRIPTION, GROUP, FACTORY, "gw 2/ü").send().await.unwrap();
    let list = gateways.list(SUBSCRIPTION, GROUP, FACTORY).send().await.unwrap().into_body().unwrap();
    let names: Vec<_> = list.value.unwrap().into_iter().filter_map(|gateway| gateway.name).collect();
    assert_eq!(names, ["gw 2/ü", "gw1"], "a name with a space, a slash and a non-ASCII letter arrives decoded");
    gateways.delete(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap();

    let error = gateways.get(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap_err();
    assert!(matches!(&error, Error::Service(service) if service.status == StatusCode::NOT_FOUND), "{error:?}");
    let body = gateways::Get::error_body(&error).expect("the typed error body");
    assert_eq!(body.error.code, "NotFound");

    let status = client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, FACTORY, "ir1").send().await.unwrap();
    let status = status.into_body().unwrap();
    assert_eq!(status.name.as_deref(), Some("ir1"));
    assert!(matches!(status.properties, datafactory::models::IntegrationRuntimeStatus::SelfHosted(_)));
}

/// Sends a raw HTTP/1.1 request and reads the whole answer: the status and the JSON body.
async fn raw(base_url: &str, request: &str) -> (u16, Value) {
    let address = base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or_default();
    let body = answer.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn gateway_path(name: &str, version: &str) -> String {
    format!(
        "/subscriptions/{SUBSCRIPTION}/resourcegroups/{GROUP}/providers/Microsoft.DataFactory/datafactories/{FACTORY}/gateways/{name}?api-version={version}"
    )
}

fn request(method: &str, path: &str, headers: &str, body: &str) -> String {
    format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n{body}")
}

const ID: &str = "x-ms-client-request-id: 4b1bc4d4-8f5e-4d5a-9a5f-1f8f5d2f1e11\r\n";

#[tokio::test]
async fn a_request_that_breaks_a_rule_is_refused_with_what_it_broke() {
    let base_url = serve().await;
    let put = |body: &str, version: &str| {
        let headers = format!("{ID}Content-Type: application/json\r\nContent-Length: {}\r\n", body.len());
        request("PUT", &gateway_path("gw1", version), &headers, body)
    };
    let cases = [
        ("a wrong api-version", put(r#"{"name": "gw1"}"#, "2099-01-01"), 400, "api-version"),
        ("a body of the wrong shape", put(r#"{"name": 5}"#, "2015-10-01"), 400, "body"),
        ("a body without its required property", put(r#"{}"#, "2015-10-01"), 400, "body"),
        (
            "a missing required header",
            request("GET", &gateway_path("gw1", "2015-10-01"), "", ""),
            400,
            "x-ms-client-request-id",
        ),
        (
            "a POST that does not state its length",
            request("POST", &gateway_path("gw1/regeneratekey", "2015-10-01"), ID, ""),
            411,
            "Content-Length",
        ),
        (
            "a body that is not JSON",
            request(
                "PUT",
                &gateway_path("gw1", "2015-10-01"),
                &format!("{ID}Content-Type: text/plain\r\nContent-Length: 2\r\n"),
                "hi",
            ),
            415,
            "Content-Type",
        ),
    ];
    for (case, request, status, target) in cases {
        let (answered, body) = raw(&base_url, &request).await;
        assert_eq!(answered, status, "{case}: {body}");
        assert_eq!(body["error"]["target"], target, "{case}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|message| !message.is_empty()), "{case}: {body}");
    }
    let (status, body) = raw(&base_url, &put(r#"{"name": 5}"#, "2015-10-01")).await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"].as_str().unwrap().contains("`name`"), "the place in the body: {body}");

    // A chunked body states its framing as well as a length does: the request is read (and the
    // gateway, never created, is not found).
    let chunked = format!("{ID}Transfer-Encoding: chunked\r\n");
    let (status, body) =
        raw(&base_url, &request("POST", &gateway_path("gw1/regeneratekey", "2015-10-01"), &chunked, "0\r\n\r\n")).await;
    assert_eq!((status, &body["error"]["code"]), (404, &Value::from("NotFound")), "{body}");

    let (status, _) = raw(&base_url, &request("GET", "/nothing/here", ID, "")).await;
    assert_eq!(status, 404, "no operation has the path");
    let (status, _) =
        raw(&base_url, &request("DELETE", &gateway_path("gw1/regeneratekey", "2015-10-01"), ID, "")).await;
    assert_eq!(status, 405, "an operation has the path, none the method");
}

/// The spec's patterns and lengths of a path parameter are checked on the way in (Data Factory
/// v2's `factoryName`: `^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$`, 3 to 63 characters), and `Mock`
/// answers what passes with the operation's Azure example.
#[tokio::test]
async fn a_path_value_that_breaks_its_pattern_or_length_is_refused_naming_the_parameter() {
    use datafactory_v2::factories::server::{Mock, router};
    let base_url = datafactory_v2::runtime::server::serve_on_loopback(router(Mock)).await.unwrap();
    let path = |factory: &str| {
        format!(
            "/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.DataFactory/factories/{factory}?api-version=2018-06-01"
        )
    };
    for (factory, rule) in
        [("-bad-", "pattern"), ("ab", "fewer than the minimum of 3"), (&"a".repeat(64), "maximum of 63")]
    {
        let (status, body) = raw(&base_url, &request("GET", &path(factory), "", "")).await;
        assert_eq!(status, 400, "{factory}: {body}");
        assert_eq!(body["error"]["target"], "factoryName", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(rule), "{factory}: {body}");
    }
    let (status, body) = raw(&base_url, &request("GET", &path("good-name"), "", "")).await;
    assert_eq!(status, 200, "{body}");
    let factory: datafactory_v2::models::Factory = serde_json::from_value(body).expect("the mock's body is a Factory");
    // Azure's example answer of `Factories_Get` (`examples/Factories_Get.json`).
    assert_eq!(factory.name.as_deref(), Some("exampleFactoryName"), "the x-ms-examples answer");
}

/// `Mock` answers the spec's example answer where the spec has one (the seed spec's `Gateways_Get`
/// example, a gateway named `SPGateway`), and the client reads it.
#[tokio::test]
async fn the_mock_answers_the_spec_example_and_the_client_reads_it() {
    let base_url = datafactory::runtime::server::serve_on_loopback(gateways::server::router(gateways::server::Mock))
        .await
        .unwrap();
    let client = client(&base_url);
    let gateway = client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "any").send().await.unwrap().into_body().unwrap();
    assert_eq!(gateway.name.as_deref(), Some("SPGateway"));
    let status = gateway.properties.and_then(|properties| properties.status);
    assert!(status.is_some(), "the example's properties arrive typed");
}
