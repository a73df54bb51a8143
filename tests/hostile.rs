//! The client against a hostile or broken world: a scripted TCP server on loopback
//! (`datafactory_tests::hostile`), recording transports and hand-made bodies. One test per way
//! the world can be hostile; every wait is bounded.

use datafactory::runtime::{
    AccessToken, BoxFuture, Credential, CredentialError, DecodeError, ReqwestTransport, Transport, TransportError,
    parse_retry_after,
};
use datafactory::{BaseUrl, Client, Error, Operation, RetryPolicy, StaticToken, gateways, integration_runtimes};
use datafactory_tests::hostile::{HostileServer, Script};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
const TOKEN: &str = "very-secret-bearer-token";
const KEY: &str = "ADF#very-secret-gateway-key";

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
    }
}

fn client_to(server: &HostileServer) -> Client {
    Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&server.base_url()).expect("a base URL"))
        .timeout(Duration::from_secs(3))
        .retry(fast_retries())
        .build()
        .expect("a client")
}

/// Runs `future` with a bound, so that a test that would hang fails instead.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future).await.expect("the call ends within 20 s")
}

// 1. Every request whose method can carry a body states its length.

#[tokio::test]
async fn posts_without_a_body_send_content_length_zero() {
    let server = HostileServer::start(vec![Script::json(200, "{}")]).await.unwrap();
    let client = client_to(&server);
    let _ = bounded(client.gateways().regenerate_key(SUBSCRIPTION, "g", "f", "gw").send()).await;
    let _ = bounded(client.integration_runtimes().get_status(SUBSCRIPTION, "g", "factory", "runtime").send()).await;
    let _ = bounded(client.gateways().create(SUBSCRIPTION, "g", "f", "gw").send()).await;
    let _ = bounded(client.gateways().get(SUBSCRIPTION, "g", "f", "gw").send()).await;
    let received = server.received();
    assert_eq!(received.len(), 4, "{received:#?}");
    assert!(received[0].request_line().starts_with("post "), "{}", received[0].head);
    assert_eq!(received[0].header("content-length"), Some("0"), "RegenerateKey: {}", received[0].head);
    assert_eq!(received[1].header("content-length"), Some("0"), "GetStatus: {}", received[1].head);
    let create_length = received[2].body.len().to_string();
    assert_eq!(received[2].header("content-length"), Some(create_length.as_str()), "Create: {}", received[2].head);
    assert_eq!(received[3].header("content-length"), None, "a GET states no length: {}", received[3].head);
}

// 2. Response bodies are read up to a limit.

#[tokio::test]
async fn a_body_declared_larger_than_the_limit_fails_at_once() {
    let server = HostileServer::start(vec![Script::Huge { status: 500, declared: 1 << 30 }]).await.unwrap();
    let client = Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&server.base_url()).unwrap())
        .max_body_size(1 << 20)
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = bounded(client.gateways().get(SUBSCRIPTION, "g", "f", "gw").send()).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 1_048_576 }), "{error:?}");
    assert_eq!(server.received().len(), 1, "a body over the limit is not retried");
}

#[tokio::test]
async fn an_endless_chunked_body_fails_at_the_limit_not_at_the_timeout() {
    let server = HostileServer::start(vec![Script::Endless { status: 200 }]).await.unwrap();
    let transport = ReqwestTransport::try_default().unwrap().max_body_size(4 << 20);
    let client = Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&server.base_url()).unwrap())
        .transport(transport)
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = bounded(client.gateways().get(SUBSCRIPTION, "g", "f", "gw").send()).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit } if limit == 4 << 20), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(15), "it stopped at the limit, before the timeout");
}

/// A download: `GET /file`, its body as bytes (a generated operation with a bytes answer has
/// the same `send_streaming`; this one is written by hand so that the seed crate need not have one).
struct Download;

impl Operation for Download {
    type Output = Vec<u8>;
    const OPERATION_ID: &'static str = "Files_Download";
    const METHOD: http::Method = http::Method::GET;
    const DEFAULT_BASE_URL: &'static str = "https://example.test";
    const IDEMPOTENT: bool = true;
    const SCOPES: &'static [&'static str] = &[];

    fn build_request(&self, base_url: &BaseUrl) -> Result<http::Request<Vec<u8>>, Error> {
        let mut request = datafactory::runtime::RequestBuilder::new(base_url);
        request.path("/file");
        request.finish(Self::METHOD)
    }

    fn parse_response(response: http::Response<Vec<u8>>) -> Result<Vec<u8>, Error> {
        let (parts, body) = response.into_parts();
        match parts.status.is_success() {
            true => Ok(body),
            false => Err(datafactory::runtime::service_error(parts, body, &[])),
        }
    }
}

/// A client whose body limit is 64 KiB.
fn small_limit_client(server: &HostileServer) -> Client {
    Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&server.base_url()).unwrap())
        .max_body_size(64 << 10)
        .retry(fast_retries())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_download_larger_than_the_body_limit_is_streamed_after_a_retry() {
    let declared = 4u64 << 20;
    let scripts = vec![Script::json(503, "{}"), Script::Huge { status: 200, declared }];
    let server = HostileServer::start(scripts).await.unwrap();
    let client = small_limit_client(&server);
    let response = bounded(client.send_streaming(&Download)).await.expect("a streamed answer");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-length"], declared.to_string().as_str());
    let mut body = response.into_body();
    let (mut read, mut chunks) = (0u64, 0);
    while let Some(chunk) = bounded(futures_util::StreamExt::next(&mut body)).await {
        read += chunk.expect("a chunk").len() as u64;
        chunks += 1;
    }
    assert_eq!(read, declared, "every byte, past the 64 KiB limit");
    assert!(chunks > 1, "chunk by chunk");
    assert_eq!(server.received().len(), 2, "the 503 was retried");
    // The same answer read whole is refused, and `collect` keeps a limit of the caller's.
    let error = bounded(client.send(&Download)).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 65_536 }), "{error:?}");
    let response = bounded(client.send_streaming(&Download)).await.unwrap();
    let error = bounded(response.into_body().collect(1 << 20)).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 1_048_576 }), "{error:?}");
}

#[tokio::test]
async fn a_streamed_call_that_fails_reads_only_the_start_of_an_endless_error_body() {
    let server = HostileServer::start(vec![Script::Endless { status: 404 }]).await.unwrap();
    let client = small_limit_client(&server);
    let Err(Error::Service(error)) = bounded(client.send_streaming(&Download)).await else {
        panic!("a 404 is a service error")
    };
    assert_eq!(error.status.as_u16(), 404);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn an_error_body_is_kept_bounded_and_printed_bounded() {
    let mut body = br#"{"error": {"code": "Big", "message": "m"}, "padding": ""#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 1 << 20));
    body.extend_from_slice(br#""}"#);
    let response = http::Response::builder().status(500).body(body.clone()).unwrap();
    let Err(Error::Service(error)) = gateways::Get::parse_response(response) else { panic!("a service error") };
    assert_eq!(error.body_len, body.len());
    assert_eq!(error.body.len(), datafactory::runtime::ServiceError::BODY_LIMIT);
    assert_eq!(error.cloud_error.as_ref().map(|cloud| cloud.error.code.as_str()), Some("Big"));
    let debug = format!("{error:?}");
    assert!(debug.len() < 4 * 1024, "Debug prints {} bytes", debug.len());
    assert!(debug.contains("more bytes)"), "{debug}");
}

// 3. Redirects are never followed.

#[tokio::test]
async fn a_redirect_is_a_service_error_and_is_not_followed() {
    for status in [301, 302, 303, 307, 308] {
        let server = HostileServer::start(vec![
            Script::redirect(status, "/elsewhere"),
            Script::json(200, r#"{"key": "forged"}"#),
        ])
        .await
        .unwrap();
        let client = client_to(&server);
        let error = bounded(client.gateways().regenerate_key(SUBSCRIPTION, "g", "f", "gw").send()).await.unwrap_err();
        assert_eq!(error.status().map(|status| status.as_u16()), Some(status), "{error:?}");
        let Error::Service(service) = &error else { panic!("{error:?}") };
        assert_eq!(service.headers.get("location").and_then(|value| value.to_str().ok()), Some("/elsewhere"));
        let created = bounded(client.gateways().create(SUBSCRIPTION, "g", "f", "gw").send()).await;
        assert!(matches!(created, Err(Error::Service(_)) | Ok(_)));
        let paths: Vec<String> = server.received().iter().map(|received| received.request_line().to_owned()).collect();
        assert!(paths.iter().all(|line| !line.contains("/elsewhere")), "{status}: followed to {paths:?}");
    }
}

// 4. The Authorization header is sensitive.

/// A transport that keeps the `Debug` text of every request and answers 200 `{}`.
#[derive(Debug, Default, Clone)]
struct Recording(Arc<Mutex<Vec<String>>>);

impl Transport for Recording {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.0.lock().unwrap().push(format!("{request:?}"));
        Box::pin(async { Ok(http::Response::builder().status(200).body(b"{}".to_vec()).unwrap()) })
    }
}

#[tokio::test]
async fn the_token_is_marked_sensitive_so_a_logging_transport_cannot_print_it() {
    let recording = Recording::default();
    let client = Client::builder(StaticToken::new(TOKEN)).transport(recording.clone()).build().unwrap();
    let _ = client.gateways().get(SUBSCRIPTION, "g", "f", "gw").send().await;
    let logged = recording.0.lock().unwrap().clone();
    assert_eq!(logged.len(), 1);
    assert!(!logged[0].contains(TOKEN), "{}", logged[0]);
    assert!(logged[0].contains("authorization") && logged[0].contains("Sensitive"), "{}", logged[0]);
}

// 5. The timeout covers getting the token.

struct NeverAnswers;

impl Credential for NeverAnswers {
    fn token<'a>(&'a self, _scopes: &'a [&'static str]) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_credential_that_never_answers_fails_within_the_timeout() {
    let recording = Recording::default();
    let client =
        Client::builder(NeverAnswers).transport(recording.clone()).timeout(Duration::from_millis(200)).build().unwrap();
    let started = std::time::Instant::now();
    let error = bounded(client.gateways().get(SUBSCRIPTION, "g", "f", "gw").send()).await.unwrap_err();
    assert!(matches!(error, Error::Credential(_)), "{error:?}");
    assert!(error.to_string().contains("no token within"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(recording.0.lock().unwrap().is_empty(), "nothing was sent");
}

// 6. Secrets are redacted by what is secret, whatever their form.

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap()
}

/// Every text an error offers: `Display`, `Debug`, and the public texts of its parts.
fn error_texts(error: &Error) -> String {
    let mut texts = format!("{error}\n{error:?}");
    if let Error::Decode(decode) = error {
        texts.push_str(&format!("\n{}\n{}", decode.message, decode.excerpt));
    }
    if let Error::Service(service) = error {
        texts.push_str(&format!("\n{:?}", service.cloud_error));
    }
    texts
}

#[test]
fn secrets_never_appear_in_error_text_whatever_their_form() {
    let cases: Vec<(u16, String)> = vec![
        // An escaped key name.
        (200, format!(r#"{{"name": "gw", "properties": {{"k\u0065y": "{KEY}", "status": 5}}}}"#)),
        // A value that is not a string.
        (200, r#"{"name": "gw", "properties": {"key": 918273645501}, "x": [}"#.to_owned()),
        (200, format!(r#"{{"properties": {{"key": {{"primary": "{KEY}"}}}}, "id": 5}}"#)),
        // A service message that echoes the key.
        (
            400,
            format!(
                r#"{{"error": {{"code": "BadKey", "message": "the key {KEY} is wrong", "target": "{KEY}"}}, "key": "{KEY}"}}"#
            ),
        ),
        (200, format!(r#"{{"properties": {{"key": "{KEY}", "status": "Online", "status": "again"}}}}"#)),
        // Cut short inside the key.
        (200, format!(r#"{{"properties": {{"key": "{}"#, &KEY[..KEY.len() - 3])),
    ];
    for (status, body) in &cases {
        let error = gateways::Get::parse_response(response(*status, body)).expect_err(body);
        let texts = error_texts(&error);
        assert!(!texts.contains("very-secret"), "the key leaked from {body}:\n{texts}");
        assert!(!texts.contains("918273645501"), "the key leaked from {body}:\n{texts}");
    }
}

#[test]
fn a_union_error_names_the_kind_of_a_bad_discriminator_not_its_value() {
    let body = format!(r#"{{"properties": {{"type": {{"key": "{KEY}", "other": "ADF#unrelated"}}}}}}"#);
    let error = integration_runtimes::GetStatus::parse_response(response(200, &body)).unwrap_err();
    let texts = error_texts(&error);
    assert!(texts.contains("`type` must be a string, found an object"), "{texts}");
    assert!(!texts.contains("very-secret"), "{texts}");
    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    assert!(!decode.message.contains("ADF#unrelated"), "the message quotes the object: {}", decode.message);
}

// 7. Base URLs that can never be sent fail at once.

#[test]
fn base_urls_that_cannot_be_sent_are_refused() {
    for url in [
        "https://user:pass@management.azure.com",
        "https://@management.azure.com",
        "https://@",
        "https://:443",
        "https://host:99999",
        "https://host:0",
        "https://host:",
        "https://host:12a",
        "http://[::1",
        "http://[nonsense]",
        "https://bücher.example",
        "https://exa mple.com",
        "https://host/path?query",
        "ftp://host",
        "http://management.azure.com",
        "https://",
        "https://a..b",
    ] {
        let error = BaseUrl::parse(url).expect_err(url);
        assert!(!error.to_string().contains("pass@"), "{error}");
    }
}

#[test]
fn base_urls_are_normalised() {
    let cases = [
        ("https://Management.Azure.com/", "https://management.azure.com"),
        ("https://host:8443/a/./b/../c/", "https://host:8443/a/c"),
        ("https://host/../..", "https://host"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("http://localhost:1", "http://localhost:1"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
    ];
    for (url, normalised) in cases {
        assert_eq!(BaseUrl::parse(url).expect(url).as_str(), normalised);
    }
}

// 8. Extra properties keep numbers exactly.

#[test]
fn extra_properties_keep_every_digit_of_a_number() {
    let big = "123456789012345678901234567890";
    let status = format!(
        r#"{{"name":"ir","properties":{{"type":"Managed","big":{big},"small":0.1000000000000000055511151231257827,"typeProperties":{{"extra":{big}}}}}}}"#
    );
    let ok = integration_runtimes::GetStatus::parse_response(response(200, &status)).unwrap();
    let written = serde_json::to_string(&ok.body).unwrap();
    assert!(written.contains(big) && written.contains("0.1000000000000000055511151231257827"), "{written}");
    let unknown = format!(r#"{{"name":"ir","properties":{{"type":"Future","big":{big}}}}}"#);
    let ok = integration_runtimes::GetStatus::parse_response(response(200, &unknown)).unwrap();
    assert!(serde_json::to_string(&ok.body).unwrap().contains(big));
}

// 9. No leniency that hides a bug.

#[test]
fn a_duplicate_key_is_an_error_in_structs_and_in_unions_alike() {
    for body in [
        r#"{"properties": {"type": "Managed", "type": "SelfHosted", "typeProperties": {}}}"#,
        r#"{"properties": {"type": "Managed", "state": "Online", "state": "Offline", "typeProperties": {}}}"#,
        r#"{"properties": {"type": "Managed", "typeProperties": {}, "new": 1, "new": 2}}"#,
        r#"{"name": "a", "name": "b", "properties": {"type": "Managed", "typeProperties": {}}}"#,
    ] {
        let error = integration_runtimes::GetStatus::parse_response(response(200, body)).expect_err(body);
        assert!(error.to_string().contains("duplicate field"), "{body}: {error}");
    }
}

#[test]
fn a_json_array_is_not_an_object() {
    for body in [r#"["gw", "westus"]"#, r#"{"name": "gw", "properties": ["a"]}"#] {
        let error = gateways::Get::parse_response(response(200, body)).expect_err(body);
        let Error::Decode(decode) = &error else { panic!("{error:?}") };
        assert!(decode.message.contains("invalid type: sequence"), "{body}: {error}");
    }
    let union = r#"{"properties": ["Managed"]}"#;
    assert!(integration_runtimes::GetStatus::parse_response(response(200, union)).is_err());
}

#[test]
fn header_values_must_be_non_empty_visible_ascii() {
    for value in ["", "  ", "café", "a\u{7f}b"] {
        let result = gateways::Get::new(SUBSCRIPTION, "g", "f", "gw").x_ms_client_request_id(value).build();
        assert!(
            matches!(result, Err(Error::InvalidParameter { parameter: "x-ms-client-request-id", .. })),
            "{value:?}"
        );
    }
    assert!(gateways::Get::new(SUBSCRIPTION, "g", "f", "gw").x_ms_client_request_id("a b\tc").build().is_ok());
}

// 10. Retry-After in every form RFC 9110 lists, and a total delay.

#[test]
fn retry_after_reads_every_http_date_form_and_huge_numbers_are_too_long() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    let later = Some(Duration::from_secs(60));
    assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), later);
    assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now), later);
    assert_eq!(parse_retry_after("Sun Nov  6 08:50:37 1994", now), later);
    assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:48:37 GMT", now), Some(Duration::ZERO));
    assert_eq!(parse_retry_after("999999999999999999999999", now), Some(Duration::MAX));
    assert_eq!(parse_retry_after("garbage", now), None);
    assert_eq!(parse_retry_after("-5", now), None);
    let policy = RetryPolicy::default();
    assert_eq!(policy.delay(1, Some(Duration::MAX), 0.5), None, "too long: the retries end");
    assert_eq!(policy.delay(1, parse_retry_after("999999999", now), 0.5), None);
}

#[test]
fn retry_delay_is_total() {
    let extreme = RetryPolicy {
        max_attempts: u32::MAX,
        initial_backoff: Duration::MAX,
        max_backoff: Duration::MAX,
        max_retry_after: Duration::MAX,
    };
    for random in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 2.0, 0.0, 0.999_999_999, 1.0] {
        for attempt in [0, 1, 2, 31, 32, 1000, u32::MAX - 1] {
            for policy in [&extreme, &RetryPolicy::default()] {
                if let Some(delay) = policy.delay(attempt, None, random) {
                    assert!(delay <= policy.max_backoff);
                }
            }
        }
    }
}

#[tokio::test]
async fn a_huge_retry_after_ends_the_retries() {
    let too_long = Script::Respond {
        status: 429,
        headers: vec![("retry-after".into(), "99999999999999999999999999".into())],
        body: Vec::new(),
    };
    let server = HostileServer::start(vec![too_long, Script::json(200, "{}")]).await.unwrap();
    let error = bounded(client_to(&server).gateways().get(SUBSCRIPTION, "g", "f", "gw").send()).await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.received().len(), 1);
}

// The decision on repeated writes: the truth, with the number of attempts.

#[tokio::test]
async fn a_retried_delete_that_finds_nothing_reports_404_with_its_attempts() {
    let not_found = r#"{"error": {"code": "NotFound", "message": "no such gateway"}}"#;
    let server = HostileServer::start(vec![Script::Drop, Script::json(404, not_found)]).await.unwrap();
    let error = bounded(client_to(&server).gateways().delete(SUBSCRIPTION, "g", "f", "gw").send()).await.unwrap_err();
    let Error::Service(service) = &error else { panic!("{error:?}") };
    assert_eq!((service.status.as_u16(), service.attempts), (404, 2));
    assert!(error.to_string().contains("after 2 attempts"), "{error}");
}

#[test]
fn decode_errors_keep_their_documented_excerpt_bound() {
    let Err(Error::Decode(error)) = gateways::Get::parse_response(response(200, &"y".repeat(10_000))) else {
        panic!("a decode error")
    };
    assert_eq!(error.excerpt.len(), DecodeError::EXCERPT_LEN);
}

// Any body, whole or cut short: parsing never panics, and a secret never leaks into error text.

mod any_body {
    use super::{Error, error_texts, gateways, integration_runtimes, response};
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    const SECRET: &str = "ADF#fuzzed-secret@value";
    const KEYS: &[&str] =
        &["key", "KEY", "name", "properties", "type", "error", "message", "code", "status", "typeProperties", "nodes"];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(&["Managed", "SelfHosted", "Online", "x", ""][..]).prop_map(Value::from),
            Just(Value::from(format!("the key {SECRET} is wrong"))),
        ]
    }

    fn json() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|entries| {
                    let mut object = Map::new();
                    for (key, value) in entries {
                        // A secret property always holds the secret, in one of several forms.
                        let value = if key.eq_ignore_ascii_case("key") { Value::from(SECRET) } else { value };
                        object.insert(key.to_owned(), value);
                    }
                    Value::Object(object)
                }),
            ]
        })
    }

    /// The body's text: the value with the secret at the top, its key perhaps escaped, perhaps cut.
    fn body() -> impl Strategy<Value = String> {
        (json(), any::<bool>(), any::<prop::sample::Index>(), any::<bool>()).prop_map(|(value, escape, cut, whole)| {
            let wrapped = serde_json::json!({"key": SECRET, "properties": value, "error": {"code": "C", "message": format!("echo {SECRET}")}});
            let mut text = serde_json::to_string(&wrapped).unwrap_or_default();
            if escape {
                text = text.replace("\"key\"", "\"k\\u0065y\"");
            }
            if !whole {
                let mut end = cut.index(text.len() + 1);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            text
        })
    }

    fn check(result: Result<impl std::fmt::Debug, Error>) -> Result<(), TestCaseError> {
        if let Err(error) = result {
            let texts = error_texts(&error);
            prop_assert!(!texts.contains(SECRET), "the secret leaked:\n{}", texts);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        #[test]
        fn no_body_panics_the_parser_or_leaks_a_secret(body in body(), status in prop::sample::select(&[200u16, 400, 500][..])) {
            check(gateways::Get::parse_response(response(status, &body)))?;
            check(gateways::List::parse_response(response(status, &body)))?;
            check(gateways::RegenerateKey::parse_response(response(status, &body)))?;
            check(integration_runtimes::GetStatus::parse_response(response(status, &body)))?;
        }
    }
}
