//! The generated client over real HTTP against the local fake Data Factory service: the gateway
//! life cycle, Get Status for both runtime types, and every fault the service can be told to
//! make, each with the number of attempts asserted. Loopback only; every wait is bounded.

use datafactory::models::{GatewayStatus, IntegrationRuntimeState, IntegrationRuntimeStatus};
use datafactory::runtime::{BoxFuture, ReqwestTransport, Transport, TransportError};
use datafactory::{BaseUrl, Client, Error, RetryPolicy, StaticToken, gateways};
use datafactory_tests::service::{FakeService, Fault, ServiceConfig};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
const GROUP: &str = "adf";
const FACTORY: &str = "test";
const TOKEN: &str = "test-token";

/// Short waits so that the fault tests stay fast; four attempts in all.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(5),
    }
}

async fn service() -> FakeService {
    let service = FakeService::start(ServiceConfig { token: TOKEN.into() }).await.expect("the fake service starts");
    service.add_factory(SUBSCRIPTION, GROUP, FACTORY);
    service
}

fn client_for(service: &FakeService, token: &str) -> Client {
    Client::builder(StaticToken::new(token))
        .base_url(BaseUrl::parse(&service.base_url()).expect("a base URL"))
        .timeout(Duration::from_millis(500))
        .retry(fast_retries())
        .build()
        .expect("a client")
}

fn client(service: &FakeService) -> Client {
    client_for(service, TOKEN)
}

/// How many requests reached the service for paths containing `fragment`.
fn attempts(service: &FakeService, fragment: &str) -> usize {
    service.requests().iter().filter(|request| request.path.contains(fragment)).count()
}

async fn create(client: &Client, name: &str) {
    client.gateways().create(SUBSCRIPTION, GROUP, FACTORY, name).send().await.expect("create");
}

#[tokio::test]
async fn gateway_life_cycle() {
    let service = service().await;
    let client = client(&service);
    let gateways = client.gateways();

    let created = match gateways.create(SUBSCRIPTION, GROUP, FACTORY, "gw1").description("first").send().await.unwrap()
    {
        gateways::CreateResponse::Ok(created) => created,
        other => panic!("expected 200, got {other:?}"),
    };
    assert!(created.headers.x_ms_request_id.is_some());
    assert!(created.headers.x_ms_ratelimit_remaining_subscription_writes.is_some());
    let properties = created.into_body().unwrap().properties.expect("properties");
    assert_eq!(properties.status, Some(GatewayStatus::NeedRegistration));
    assert_eq!(properties.description.as_deref(), Some("first"));
    let first_key = properties.key.as_option().expect("create returns the key").expose().to_owned();
    assert_eq!(service.current_key(SUBSCRIPTION, GROUP, FACTORY, "gw1").as_deref(), Some(first_key.as_str()));

    let got = gateways.get(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap().into_body().unwrap();
    let got_properties = got.properties.expect("properties");
    assert_eq!(got_properties.key, datafactory::runtime::Nullable::Null, "get never returns the key");
    assert!(got.id.expect("an id").ends_with("/gateways/gw1"));

    create(&client, "gw2").await;
    let listed = gateways.list(SUBSCRIPTION, GROUP, FACTORY).send().await.unwrap();
    let names: Vec<_> =
        listed.into_body().unwrap().value.unwrap().into_iter().filter_map(|gateway| gateway.name).collect();
    assert_eq!(names, ["gw1", "gw2"]);

    let regenerated = gateways.regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap();
    let new_key = regenerated.into_body().unwrap().key.expect("a key").expose().to_owned();
    assert_ne!(new_key, first_key);
    assert_eq!(service.current_key(SUBSCRIPTION, GROUP, FACTORY, "gw1").as_deref(), Some(new_key.as_str()));

    let updated = gateways.update(SUBSCRIPTION, GROUP, FACTORY, "gw1").description("second").send().await.unwrap();
    assert_eq!(updated.into_body().unwrap().properties.unwrap().description.as_deref(), Some("second"));

    gateways.delete(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await.unwrap();
    match gateways.get(SUBSCRIPTION, GROUP, FACTORY, "gw1").send().await {
        Err(Error::Service(error)) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.cloud_error.as_ref().map(|cloud| cloud.error.code.as_str()), Some("GatewayNotFound"));
            assert!(error.request_id.is_some());
        }
        other => panic!("expected a 404, got {other:?}"),
    }

    // Every request carried the token and a client request id; each call sent its own id.
    let requests = service.requests();
    assert!(requests.iter().all(|request| request.header("authorization") == Some("Bearer test-token")));
    let mut ids: Vec<_> = requests.iter().filter_map(|request| request.header("x-ms-client-request-id")).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!((count, ids.len()), (requests.len(), requests.len()));
    service.shutdown().await;
}

#[tokio::test]
async fn missing_factory_is_a_typed_404() {
    let service = service().await;
    let client = client(&service);
    let Err(Error::Service(error)) = client.gateways().list(SUBSCRIPTION, GROUP, "nofactory").send().await else {
        panic!("expected a service error")
    };
    assert_eq!(error.status, 404);
    assert_eq!(error.cloud_error.unwrap().error.code, "ResourceNotFound");
    let Err(Error::Service(error)) =
        client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, "nofactory", "runtime").send().await
    else {
        panic!("expected a service error")
    };
    assert_eq!(error.status, 404);
    service.shutdown().await;
}

/// A transport that counts its attempts and keeps each raw response body, so a test can compare
/// typed values with exactly what the service sent, or count attempts that reach no server.
#[derive(Debug, Clone, Default)]
struct Observing(Arc<Observed>);

#[derive(Debug, Default)]
struct Observed {
    inner: ReqwestTransport,
    sent: AtomicUsize,
    bodies: std::sync::Mutex<Vec<Vec<u8>>>,
}

impl Transport for Observing {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            self.0.sent.fetch_add(1, Ordering::SeqCst);
            let response = self.0.inner.send(request).await?;
            self.0.bodies.lock().unwrap().push(response.body().clone());
            Ok(response)
        })
    }
}

#[tokio::test]
async fn get_status_for_both_runtime_types_keeps_every_field() {
    let service = service().await;
    let recording = Observing::default();
    let client = Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&service.base_url()).unwrap())
        .transport(recording.clone())
        .build()
        .unwrap();

    let managed =
        client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, FACTORY, "managed-ir").send().await.unwrap();
    let IntegrationRuntimeStatus::Managed(status) = &managed.body.as_ref().unwrap().properties else {
        panic!("{managed:?}")
    };
    assert_eq!(managed.body.as_ref().unwrap().name.as_deref(), Some("managed-ir"));
    assert_eq!(managed.body.as_ref().unwrap().properties.state(), Some(&IntegrationRuntimeState::Started));
    assert_eq!(status.data_factory_name.as_deref(), Some(FACTORY));
    assert!(status.type_properties.nodes.as_ref().is_some_and(|nodes| !nodes.is_empty()));
    assert!(managed.headers.x_ms_ratelimit_remaining_subscription_reads.is_some());

    let hosted =
        client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, FACTORY, "onprem-ir").send().await.unwrap();
    let IntegrationRuntimeStatus::SelfHosted(status) = &hosted.body.as_ref().unwrap().properties else {
        panic!("{hosted:?}")
    };
    assert_eq!(hosted.body.as_ref().unwrap().properties.r#type(), "SelfHosted");
    let node = &status.type_properties.nodes.as_ref().unwrap()[0];
    assert!(node.register_time.is_some());
    assert_eq!(
        status.type_properties.update_delay_offset.as_ref().unwrap().to_std().unwrap(),
        Duration::from_secs(3 * 3600)
    );

    // Every field the service sent comes back out of the typed values, unchanged.
    let bodies = recording.0.bodies.lock().unwrap().clone();
    for (typed, raw) in
        [serde_json::to_value(&managed.body).unwrap(), serde_json::to_value(&hosted.body).unwrap()].iter().zip(&bodies)
    {
        let sent: serde_json::Value = serde_json::from_slice(raw).unwrap();
        assert_eq!(typed, &sent);
    }
    assert_eq!(recording.0.sent.load(Ordering::SeqCst), 2);
    service.shutdown().await;
}

#[tokio::test]
async fn too_many_requests_is_retried_after_retry_after_even_for_regenerate_key() {
    let service = service().await;
    let client = client(&service);
    create(&client, "gw").await;
    service.push_fault(Fault::TooManyRequests { retry_after_secs: 1 });
    let started = std::time::Instant::now();
    client
        .gateways()
        .regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw")
        .send()
        .await
        .expect("succeeds on the second attempt");
    assert!(started.elapsed() >= Duration::from_millis(900), "Retry-After was not honoured");
    assert_eq!(attempts(&service, "/regeneratekey"), 2);
    // Both attempts sent the same client request id.
    let ids: Vec<_> = service
        .requests()
        .into_iter()
        .filter(|request| request.path.contains("/regeneratekey"))
        .map(|request| request.header("x-ms-client-request-id").map(str::to_owned))
        .collect();
    assert_eq!(ids[0], ids[1]);
    service.shutdown().await;
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_and_not_for_regenerate_key() {
    let service = service().await;
    let client = client(&service);
    create(&client, "gw").await;
    for status in [500, 503] {
        service.push_fault(Fault::Status(status));
    }
    client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await.expect("third attempt succeeds");
    assert_eq!(attempts(&service, "/gateways/gw"), 4, "create, then get three times");

    service.push_fault(Fault::Status(503));
    let Err(Error::Service(error)) = client.gateways().regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await
    else {
        panic!("expected the 503")
    };
    assert_eq!(error.status, 503);
    assert_eq!(attempts(&service, "/regeneratekey"), 1, "a key regeneration is never repeated after a 5xx");
    service.shutdown().await;
}

#[tokio::test]
async fn retries_are_bounded() {
    let service = service().await;
    let client = client(&service);
    for _ in 0..6 {
        service.push_fault(Fault::Status(502));
    }
    let Err(Error::Service(error)) = client.gateways().list(SUBSCRIPTION, GROUP, FACTORY).send().await else {
        panic!("expected the 502")
    };
    assert_eq!(error.status, 502);
    assert_eq!(attempts(&service, "/gateways"), 4);

    let no_retries = Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&service.base_url()).unwrap())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    assert!(no_retries.gateways().list(SUBSCRIPTION, GROUP, FACTORY).send().await.is_err());
    assert_eq!(attempts(&service, "/gateways"), 5, "a disabled policy sends once");
    service.shutdown().await;
}

#[tokio::test]
async fn a_body_cut_short_or_invalid_json_is_a_decode_error_sent_once() {
    let service = service().await;
    let client = client(&service);
    create(&client, "gw").await;
    service.push_fault(Fault::TruncatedBody);
    let Err(Error::Decode(error)) = client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await else {
        panic!("expected a decode error")
    };
    assert_eq!(error.status, 200);
    assert!(!error.excerpt.is_empty());
    service.push_fault(Fault::InvalidJson);
    let Err(Error::Decode(error)) =
        client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, FACTORY, "ir1").send().await
    else {
        panic!("expected a decode error")
    };
    assert!(
        error.message.contains("expected value") || error.message.contains("key must be a string"),
        "{}",
        error.message
    );
    assert_eq!(attempts(&service, "/gateways/gw"), 2);
    service.shutdown().await;
}

#[tokio::test]
async fn unknown_values_types_and_properties_are_kept() {
    let service = service().await;
    let client = client(&service);
    create(&client, "gw").await;
    service.push_fault(Fault::UnknownEnumValue);
    let got = client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await.unwrap();
    let status = got.into_body().unwrap().properties.unwrap().status.unwrap();
    assert_eq!(status.as_str(), "Hibernating");
    assert!(matches!(status, GatewayStatus::Unknown(_)));

    service.push_fault(Fault::UnknownRuntimeType);
    let ok = client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, FACTORY, "ir1").send().await.unwrap();
    let IntegrationRuntimeStatus::Unknown(unknown) = &ok.body.as_ref().unwrap().properties else { panic!("{ok:?}") };
    assert_eq!(ok.body.as_ref().unwrap().properties.r#type(), "Azure-SSIS");
    assert!(ok.body.as_ref().unwrap().properties.state().is_some());
    assert!(unknown.additional_properties.contains_key("typeProperties"));

    service.push_fault(Fault::ExtraProperty);
    let ok = client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, FACTORY, "ir1").send().await.unwrap();
    let IntegrationRuntimeStatus::SelfHosted(hosted) = &ok.body.as_ref().unwrap().properties else { panic!("{ok:?}") };
    assert!(!hosted.additional_properties.is_empty(), "the extra property inside `properties` is kept");
    service.shutdown().await;
}

#[tokio::test]
async fn a_slow_response_times_out_and_only_safe_operations_are_repeated() {
    let service = service().await;
    let client = client(&service); // 500 ms per attempt
    create(&client, "gw").await;
    service.push_fault(Fault::Slow(Duration::from_secs(2)));
    client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await.expect("the second attempt is fast");
    assert_eq!(attempts(&service, "/gateways/gw"), 3, "create, then get twice");

    service.push_fault(Fault::Slow(Duration::from_secs(2)));
    let started = std::time::Instant::now();
    let result = client.gateways().regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert!(started.elapsed() < Duration::from_millis(1500), "the timeout did not cut the wait");
    assert_eq!(attempts(&service, "/regeneratekey"), 1);
    service.shutdown().await;
}

#[tokio::test]
async fn a_dropped_connection_is_retried_only_where_safe() {
    let service = service().await;
    let client = client(&service);
    create(&client, "gw").await;
    service.push_fault(Fault::DropConnection);
    client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await.expect("the second attempt succeeds");
    assert_eq!(attempts(&service, "/gateways/gw"), 3);

    service.push_fault(Fault::DropConnection);
    let result = client.gateways().regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await;
    let Err(Error::Transport(error)) = result else { panic!("expected a transport error, got {result:?}") };
    assert!(error.may_have_been_sent());
    assert_eq!(attempts(&service, "/regeneratekey"), 1);
    service.shutdown().await;
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_regenerate_key() {
    // A port nothing listens on: bind one, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let counting = Observing::default();
    let client = Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap())
        .transport(counting.clone())
        .retry(fast_retries())
        .build()
        .unwrap();
    let result = client.gateways().regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await;
    let Err(Error::Transport(error)) = result else { panic!("expected a transport error, got {result:?}") };
    assert!(!error.may_have_been_sent());
    assert_eq!(counting.0.sent.load(Ordering::SeqCst), 4, "not sent, so safe to repeat, up to the bound");
}

#[tokio::test]
async fn invalid_parameters_fail_before_any_io() {
    let service = service().await;
    let client = client(&service);
    let result = client.integration_runtimes().get_status(SUBSCRIPTION, GROUP, "bad_factory", "ir").send().await;
    assert!(matches!(result, Err(Error::InvalidParameter { parameter: "factoryName", .. })), "{result:?}");
    assert!(service.requests().is_empty());
    service.shutdown().await;
}

#[tokio::test]
async fn the_token_and_the_gateway_key_never_appear_in_debug_or_error_text() {
    let service = service().await;
    let secret_token = "super-secret-token-value";
    let wrong = client_for(&service, secret_token);
    let mut texts = vec![format!("{wrong:?}")];
    match wrong.gateways().list(SUBSCRIPTION, GROUP, FACTORY).send().await {
        Err(error) => {
            assert!(matches!(&error, Error::Service(service_error) if service_error.status == 401), "{error:?}");
            texts.extend([format!("{error}"), format!("{error:?}")]);
        }
        Ok(ok) => panic!("a wrong token was accepted: {ok:?}"),
    }

    let client = client(&service);
    let created = client.gateways().create(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await.unwrap();
    texts.push(format!("{created:?}"));
    let gateways::CreateResponse::Ok(created) = created else { panic!() };
    let key = created.body.as_ref().unwrap().properties.as_ref().unwrap().key.as_option().unwrap().expose().to_owned();
    let regenerated = client.gateways().regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await.unwrap();
    texts.push(format!("{regenerated:?}"));
    let new_key = regenerated.body.as_ref().unwrap().key.as_ref().unwrap().expose().to_owned();
    for fault in [Fault::TruncatedBody, Fault::Status(500)] {
        service.push_fault(fault);
        if let Err(error) = client.gateways().regenerate_key(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await {
            texts.extend([format!("{error}"), format!("{error:?}")]);
        }
    }
    texts.push(format!("{:?}", StaticToken::new(secret_token)));
    let last_key = service.current_key(SUBSCRIPTION, GROUP, FACTORY, "gw").unwrap();
    for text in &texts {
        for secret in [secret_token, TOKEN, &key, &new_key, &last_key] {
            assert!(!text.contains(secret), "{secret:?} leaks into: {text}");
        }
    }
    service.shutdown().await;
}

/// Answers 404 to everything and keeps each request it was given, as sent.
#[derive(Debug, Clone, Default)]
struct Recording(Arc<std::sync::Mutex<Vec<http::Request<Vec<u8>>>>>);

impl Transport for Recording {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(std::future::ready(Ok(http::Response::builder().status(404).body(Vec::new()).unwrap())))
    }
}

/// Each credential of the runtime puts its secret where its scheme says, on every request the
/// client sends, marked sensitive.
#[tokio::test]
async fn every_kind_of_credential_is_put_on_the_request() {
    use datafactory::runtime::{ApiKey, BasicAuth, Credential};
    async fn sent_with(credential: impl Credential + 'static) -> http::Request<Vec<u8>> {
        let recording = Recording::default();
        let client = Client::builder(credential).transport(recording.clone()).build().unwrap();
        let outcome = client.gateways().get(SUBSCRIPTION, GROUP, FACTORY, "gw").send().await;
        assert!(matches!(outcome, Err(Error::Service(_))), "{outcome:?}");
        recording.0.lock().unwrap().pop().expect("one request")
    }
    let basic = sent_with(BasicAuth::new("Aladdin", "open sesame")).await;
    assert_eq!(basic.headers()["authorization"], "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert!(basic.headers()["authorization"].is_sensitive());
    let bearer = sent_with(StaticToken::new(TOKEN)).await;
    assert_eq!(bearer.headers()["authorization"], format!("Bearer {TOKEN}").as_str());
    let header = sent_with(ApiKey::header("X-Api-Key", "k1")).await;
    assert_eq!(header.headers()["x-api-key"], "k1");
    assert!(header.headers().get("authorization").is_none());
    let query = sent_with(ApiKey::query("code", "k2")).await;
    let query_text = query.uri().query().unwrap_or_default();
    assert!(query_text.contains("api-version=2015-10-01") && query_text.ends_with("&code=k2"), "{query_text}");
    let cookie = sent_with(ApiKey::cookie("session", "k3")).await;
    assert_eq!(cookie.headers()["cookie"], "session=k3");
}
