//! Paging and long-running operations in the client, against the scripted server: hand-written
//! operations that are pageable or long-running, so that the client's walk and poll are tested
//! apart from any generated code.

use datafactory::runtime::{
    BaseUrl as Base, FinalStateVia, LongRunning, Pageable, Polling, RequestBuilder, decode_json, service_error,
};
use datafactory::{BaseUrl, Client, Error, Operation, Response, RetryPolicy, StaticToken};
use datafactory_tests::hostile::{HostileServer, Received, Script};
use futures_util::TryStreamExt;
use std::time::Duration;

#[derive(Debug, serde::Deserialize)]
struct Page {
    value: Vec<String>,
    #[serde(rename = "nextLink")]
    next_link: Option<String>,
}

/// `GET /things?api-version=1`: one page of names.
struct ListThings;

impl Operation for ListThings {
    type Output = Response<Page, ()>;
    const OPERATION_ID: &'static str = "Things_List";
    const METHOD: http::Method = http::Method::GET;
    const DEFAULT_BASE_URL: &'static str = "https://management.azure.com";
    const IDEMPOTENT: bool = true;
    const SCOPES: &'static [&'static str] = &[];

    fn build_request(&self, base_url: &Base) -> Result<http::Request<Vec<u8>>, Error> {
        let mut request = RequestBuilder::new(base_url);
        request.path("/things");
        request.query("api-version", "1");
        request.header("x-ms-client-request-id", "x-ms-client-request-id", "11111111-1111-1111-1111-111111111111")?;
        request.finish(http::Method::GET)
    }

    fn parse_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error> {
        let (parts, body) = response.into_parts();
        if parts.status != 200 {
            return Err(service_error(parts, body, &[]));
        }
        let page = decode_json(&parts, &body, &[])?;
        Ok(Response::new(parts.status, (), page, parts.headers))
    }
}

impl Pageable for ListThings {
    type Item = String;
    fn next_link(page: &Self::Output) -> Option<&str> {
        page.body.next_link.as_deref()
    }
    fn into_items(page: Self::Output) -> Vec<String> {
        page.body.value
    }
}

/// A long-running request to `/things/a` with `method`, answered `200`, `201`, `202` or `204`.
struct StartThing {
    method: http::Method,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Thing {
    name: String,
}

impl Operation for StartThing {
    type Output = http::StatusCode;
    const OPERATION_ID: &'static str = "Things_Start";
    const METHOD: http::Method = http::Method::PUT;
    const DEFAULT_BASE_URL: &'static str = "https://management.azure.com";
    const IDEMPOTENT: bool = false;
    const SCOPES: &'static [&'static str] = &[];

    fn build_request(&self, base_url: &Base) -> Result<http::Request<Vec<u8>>, Error> {
        let mut request = RequestBuilder::new(base_url);
        request.path("/things/a");
        request.query("api-version", "1");
        request.finish(self.method.clone())
    }

    fn parse_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error> {
        let (parts, body) = response.into_parts();
        match parts.status.as_u16() {
            200 | 201 | 202 | 204 => Ok(parts.status),
            _ => Err(service_error(parts, body, &[])),
        }
    }
}

/// The `via` of these tests is a const of the trait, so one type per style.
macro_rules! long_running {
    ($name:ident, $method:expr, $via:expr) => {
        struct $name;
        impl Operation for $name {
            type Output = http::StatusCode;
            const OPERATION_ID: &'static str = "Things_Start";
            const METHOD: http::Method = $method;
            const DEFAULT_BASE_URL: &'static str = "https://management.azure.com";
            const IDEMPOTENT: bool = false;
            const SCOPES: &'static [&'static str] = &[];
            fn build_request(&self, base_url: &Base) -> Result<http::Request<Vec<u8>>, Error> {
                StartThing { method: $method }.build_request(base_url)
            }
            fn parse_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error> {
                StartThing::parse_response(response)
            }
        }
        impl LongRunning for $name {
            type Final = Thing;
            const FINAL_STATE_VIA: Option<FinalStateVia> = $via;
        }
    };
}

long_running!(PutThing, http::Method::PUT, None);
long_running!(PostThing, http::Method::POST, None);
long_running!(PostThingViaAsync, http::Method::POST, Some(FinalStateVia::AzureAsyncOperation));

fn client_to(server: &HostileServer) -> Client {
    Client::builder(StaticToken::new("token"))
        .base_url(BaseUrl::parse(&server.base_url()).unwrap())
        .timeout(Duration::from_secs(3))
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(1),
        })
        .build()
        .unwrap()
}

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future).await.expect("done within 20 s")
}

fn paths(received: &[Received]) -> Vec<String> {
    received.iter().map(|request| request.request_line().split(' ').nth(1).unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn every_page_and_every_item_in_order_until_a_null_next_link() {
    // The scripts name links on the server's own origin, so the server starts first, then learns them.
    let server = HostileServer::start_with(|base| {
        vec![
            Script::json(200, &format!(r#"{{"value": ["a", "b"], "nextLink": "{base}/things?api-version=2&page=2"}}"#)),
            Script::json(503, r#"{"error": {"code": "Busy", "message": "later"}}"#),
            Script::json(200, &format!(r#"{{"value": ["c"], "nextLink": "{base}/things?api-version=2&page=3"}}"#)),
            Script::json(200, r#"{"value": [], "nextLink": null}"#),
        ]
    })
    .await
    .unwrap();
    let client = client_to(&server);
    let items: Vec<String> = bounded(client.items(ListThings).try_collect()).await.unwrap();
    assert_eq!(items, ["a", "b", "c"]);
    let received = server.received();
    assert_eq!(
        paths(&received),
        [
            "/things?api-version=1",
            "/things?api-version=2&page=2",
            "/things?api-version=2&page=2",
            "/things?api-version=2&page=3"
        ],
        "the link is followed as written, and the page that failed once with 503 is asked again"
    );
    let ids: Vec<&str> = received.iter().filter_map(|request| request.header("x-ms-client-request-id")).collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[1], ids[2], "a retry keeps its request id");
    assert!(ids[0] != ids[1] && ids[1] != ids[3] && ids[0] != ids[3], "each page has a fresh request id: {ids:?}");
    assert!(received.iter().all(|request| request.header("authorization") == Some("bearer token")));
}

#[tokio::test]
async fn a_link_already_followed_ends_the_walk_with_an_error_after_its_page() {
    let server = HostileServer::start_with(|base| {
        vec![
            Script::json(200, &format!(r#"{{"value": ["a"], "nextLink": "{base}/things?page=2"}}"#)),
            Script::json(200, &format!(r#"{{"value": ["b"], "nextLink": "{base}/things?page=2"}}"#)),
        ]
    })
    .await
    .unwrap();
    let client = client_to(&server);
    let mut pages = std::pin::pin!(client.pages(ListThings));
    assert_eq!(bounded(pages.try_next()).await.unwrap().unwrap().body.value, ["a"]);
    assert_eq!(bounded(pages.try_next()).await.unwrap().unwrap().body.value, ["b"]);
    let error = bounded(pages.try_next()).await.unwrap_err();
    assert!(matches!(&error, Error::Link { reason, .. } if reason.contains("loop")), "{error:?}");
    assert!(bounded(pages.try_next()).await.unwrap().is_none(), "the stream ends after its error");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_link_to_another_origin_is_never_sent_the_token() {
    let server = HostileServer::start(vec![Script::json(
        200,
        r#"{"value": ["a"], "nextLink": "https://attacker.example/steal?api-version=1"}"#,
    )])
    .await
    .unwrap();
    let client = client_to(&server);
    let mut items = std::pin::pin!(client.items(ListThings));
    assert_eq!(bounded(items.try_next()).await.unwrap().as_deref(), Some("a"));
    let error = bounded(items.try_next()).await.unwrap_err();
    assert!(matches!(&error, Error::Link { reason, .. } if reason.contains("another origin")), "{error:?}");
}

fn fast_polling() -> Polling {
    Polling {
        interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(50),
        deadline: Some(Duration::from_secs(10)),
    }
}

fn with_headers(status: u16, headers: &[(&str, String)], body: &str) -> Script {
    Script::Respond {
        status,
        headers: headers.iter().map(|(name, value)| (name.to_string(), value.clone())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn a_put_polls_azure_async_operation_honouring_retry_after_then_reads_the_original_uri() {
    let server = HostileServer::start_with(|base| {
        let monitor = format!("{base}/operations/1?api-version=1");
        vec![
            with_headers(
                201,
                &[("azure-asyncoperation", monitor.clone()), ("retry-after", "1".into())],
                r#"{"name": "a"}"#,
            ),
            with_headers(200, &[("retry-after", "0".into())], r#"{"status": "InProgress"}"#),
            Script::json(200, r#"{"status": "Succeeded"}"#),
            Script::json(200, r#"{"name": "a-final"}"#),
        ]
    })
    .await
    .unwrap();
    let started = std::time::Instant::now();
    let polling = Polling { max_interval: Duration::from_secs(2), ..fast_polling() };
    let thing = bounded(client_to(&server).wait(PutThing, &polling)).await.unwrap();
    assert_eq!(thing, Some(Thing { name: "a-final".into() }));
    assert!(started.elapsed() >= Duration::from_millis(900), "the first Retry-After (1 s) was honoured");
    assert!(started.elapsed() < Duration::from_secs(5));
    let received = server.received();
    assert_eq!(
        received.iter().map(|request| request.request_line().to_owned()).collect::<Vec<_>>(),
        [
            "put /things/a?api-version=1 http/1.1",
            "get /operations/1?api-version=1 http/1.1",
            "get /operations/1?api-version=1 http/1.1",
            "get /things/a?api-version=1 http/1.1"
        ]
    );
    assert!(received.iter().all(|request| request.header("authorization") == Some("bearer token")));
}

#[tokio::test]
async fn a_post_polls_location_202_then_200_and_its_body_is_final() {
    let server = HostileServer::start_with(|base| {
        let location = format!("{base}/results/7");
        vec![
            with_headers(202, &[("location", location)], ""),
            with_headers(202, &[], ""),
            Script::json(200, r#"{"name": "result"}"#),
        ]
    })
    .await
    .unwrap();
    let thing = bounded(client_to(&server).wait(PostThing, &fast_polling())).await.unwrap();
    assert_eq!(thing, Some(Thing { name: "result".into() }));
    assert_eq!(paths(&server.received()), ["/things/a?api-version=1", "/results/7", "/results/7"]);
}

#[tokio::test]
async fn a_failed_operation_carries_the_service_error() {
    let server = HostileServer::start_with(|base| {
        vec![
            with_headers(202, &[("azure-asyncoperation", format!("{base}/operations/2"))], ""),
            Script::json(
                200,
                r#"{"status": "Failed", "error": {"code": "QuotaExceeded", "message": "no more cores"}}"#,
            ),
        ]
    })
    .await
    .unwrap();
    let error = bounded(client_to(&server).wait(PostThingViaAsync, &fast_polling())).await.unwrap_err();
    let Error::Failed(failed) = &error else { panic!("{error:?}") };
    assert_eq!(failed.status, "Failed");
    assert_eq!(failed.cloud_error.as_ref().map(|cloud| cloud.error.code.as_str()), Some("QuotaExceeded"));
    assert!(error.to_string().contains("no more cores"), "{error}");
}

#[tokio::test]
async fn an_operation_that_never_ends_stops_at_the_deadline() {
    let server = HostileServer::start_with(|base| {
        vec![with_headers(202, &[("location", format!("{base}/results/8"))], ""), with_headers(202, &[], "")]
    })
    .await
    .unwrap();
    let polling = Polling { deadline: Some(Duration::from_millis(300)), ..fast_polling() };
    let error = bounded(client_to(&server).wait(PostThing, &polling)).await.unwrap_err();
    assert!(matches!(error, Error::Deadline { after } if after == Duration::from_millis(300)), "{error:?}");
    assert!(server.received().len() >= 3, "it polled until the deadline");
}

#[tokio::test]
async fn a_status_url_on_another_origin_is_refused() {
    let server = HostileServer::start(vec![with_headers(
        202,
        &[("azure-asyncoperation", "https://attacker.example/op".into())],
        "",
    )])
    .await
    .unwrap();
    let error = bounded(client_to(&server).wait(PostThing, &fast_polling())).await.unwrap_err();
    assert!(matches!(error, Error::Link { .. }), "{error:?}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn an_answer_that_is_already_final_is_not_polled() {
    let server = HostileServer::start(vec![Script::json(200, r#"{"name": "at once"}"#)]).await.unwrap();
    let thing = bounded(client_to(&server).wait(PutThing, &fast_polling())).await.unwrap();
    assert_eq!(thing, Some(Thing { name: "at once".into() }));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_bound_waits_only_the_bound() {
    let server = HostileServer::start_with(|base| {
        vec![
            with_headers(202, &[("location", format!("{base}/results/9")), ("retry-after", "3600".into())], ""),
            Script::json(200, r#"{"name": "soon"}"#),
        ]
    })
    .await
    .unwrap();
    let polling = Polling { max_interval: Duration::from_millis(100), ..fast_polling() };
    let thing = bounded(client_to(&server).wait(PostThing, &polling)).await.unwrap();
    assert_eq!(thing, Some(Thing { name: "soon".into() }));
}
