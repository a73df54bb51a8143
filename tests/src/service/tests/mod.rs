//! Tests of the fake service over real HTTP on loopback, with a shared harness.

mod faults;
mod gateways;
mod runtimes;

use super::{FakeService, ServiceConfig};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;
use std::time::Duration;

pub(super) const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
pub(super) const GROUP: &str = "adf";
pub(super) const FACTORY: &str = "test";
pub(super) const TOKEN: &str = "test-token";

/// A started service with the factory `SUBSCRIPTION/GROUP/FACTORY`, and a client for it.
pub(super) struct Harness {
    pub service: FakeService,
    client: reqwest::Client,
}

/// What came back, with the body read whole.
pub(super) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The CloudError's code, after checking the status.
    pub fn error_code(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert!(body["error"]["message"].is_string(), "{body}");
        body["error"]["code"].as_str().unwrap_or_default().to_owned()
    }

    /// The code and the target (the parameter, or `body`) of a `400` the generated server
    /// answers to a request that breaks the spec.
    pub fn rejection(&self) -> (String, String) {
        let code = self.error_code(400);
        (code, self.json()["error"]["target"].as_str().unwrap_or_default().to_owned())
    }
}

impl Harness {
    pub async fn start() -> Harness {
        let service = FakeService::start(ServiceConfig::default()).await.expect("the service starts");
        service.add_factory(SUBSCRIPTION, GROUP, FACTORY);
        // Every test is bounded: nothing waits for an answer more than a few seconds.
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("a client");
        Harness { service, client }
    }

    /// The v1 URL of `FACTORY`'s gateways, then `suffix` (such as `/gw`), with the right api-version.
    pub fn gateways_url(&self, suffix: &str) -> String {
        self.url_of(&format!("{}/gateways{suffix}", v1_factory_path(FACTORY)), "2015-10-01")
    }

    /// The getStatus URL of runtime `runtime` of `factory`, with the right api-version.
    pub fn status_url(&self, factory: &str, runtime: &str) -> String {
        self.url_of(&format!("{}/integrationRuntimes/{runtime}/getStatus", v2_factory_path(factory)), "2018-06-01")
    }

    pub fn url_of(&self, path: &str, api_version: &str) -> String {
        format!("{}{path}?api-version={api_version}", self.service.base_url())
    }

    /// A request with no credentials and no headers.
    pub fn bare(&self, method: Method, url: &str) -> RequestBuilder {
        self.client.request(method, url)
    }

    /// A well-formed v1 request: token and client request id.
    pub fn v1(&self, method: Method, suffix: &str) -> RequestBuilder {
        self.bare(method, &self.gateways_url(suffix))
            .bearer_auth(TOKEN)
            .header("x-ms-client-request-id", "00000000-0000-0000-0000-000000000000")
    }

    /// A well-formed getStatus request.
    pub fn get_status(&self, factory: &str, runtime: &str) -> RequestBuilder {
        self.bare(Method::POST, &self.status_url(factory, runtime)).bearer_auth(TOKEN).header("content-length", "0")
    }

    /// Creates gateway `name` with `description`, checking it succeeded.
    pub async fn create(&self, name: &str, description: &str) -> Value {
        let body = serde_json::json!({ "name": name, "properties": { "description": description } });
        let answer = send(self.v1(Method::PUT, &format!("/{name}")).json(&body)).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        answer.json()
    }
}

pub(super) fn v1_factory_path(factory: &str) -> String {
    format!(
        "/subscriptions/{SUBSCRIPTION}/resourcegroups/{GROUP}/providers/Microsoft.DataFactory/datafactories/{factory}"
    )
}

pub(super) fn v2_factory_path(factory: &str) -> String {
    format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.DataFactory/factories/{factory}")
}

/// Sends a request as a well-behaved client does: one whose method can carry a body states its
/// length (reqwest leaves `content-length` out of an empty body, which the front end refuses).
pub(super) async fn send(request: RequestBuilder) -> Answer {
    let (client, request) = request.build_split();
    let mut request = request.expect("a request");
    let carries_body = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH);
    if carries_body && !request.headers().contains_key(reqwest::header::CONTENT_LENGTH) {
        let length = request.body().and_then(|body| body.as_bytes()).map_or(0, <[u8]>::len);
        request.headers_mut().insert(reqwest::header::CONTENT_LENGTH, length.into());
    }
    let response = client.execute(request).await.expect("an answer");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("a whole body").to_vec();
    Answer { status, headers, body }
}

/// The front end's rule: a POST (or PUT, PATCH) that states no length is refused with 411 and
/// an HTML page, before auth; the same request with `content-length: 0` gets through.
#[tokio::test]
async fn a_post_without_a_length_is_refused_with_411() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let harness = Harness::start().await;
    let url = harness.status_url(FACTORY, "ir1");
    let path = url.trim_start_matches(&harness.service.base_url()).to_owned();
    let address = harness.service.base_url().trim_start_matches("http://").to_owned();
    for (length, expected) in [("", "HTTP/1.1 411"), ("content-length: 0\r\n", "HTTP/1.1 200")] {
        let mut stream = tokio::net::TcpStream::connect(&address).await.expect("a connection");
        let request = format!(
            "POST {path} HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {TOKEN}\r\n{length}connection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("sent");
        let mut answer = String::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer))
            .await
            .expect("an answer in time")
            .expect("an answer");
        assert!(answer.starts_with(expected), "{length:?}: {answer}");
        if expected.contains("411") {
            assert!(answer.to_ascii_lowercase().contains("content-type: text/html"), "{answer}");
        }
    }
}
