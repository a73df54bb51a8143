//! The client generated from the whole Data Factory 2018-06-01 Swagger (`datafactory-v2`)
//! against the local fake service: a list that comes in pages (a failing page, a looping
//! service) and long-running operations in each style Azure uses. Loopback only; every wait is
//! bounded.

use datafactory_tests::service::{FakeService, Fault, ServiceConfig};
use datafactory_v2::models::IntegrationRuntimeState;
use datafactory_v2::runtime::Polling;
use datafactory_v2::{BaseUrl, Client, Error, RetryPolicy, StaticToken};
use futures_util::TryStreamExt;
use std::time::{Duration, Instant};

const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
const GROUP: &str = "adf";
const TOKEN: &str = "test-token";

async fn service_with_factories(count: usize) -> FakeService {
    let service = FakeService::start(ServiceConfig { token: TOKEN.into() }).await.expect("the fake service starts");
    for index in 0..count {
        service.add_factory(SUBSCRIPTION, GROUP, &format!("factory{index}"));
    }
    service
}

fn client(service: &FakeService) -> Client {
    Client::builder(StaticToken::new(TOKEN))
        .base_url(BaseUrl::parse(&service.base_url()).expect("a base URL"))
        .timeout(Duration::from_secs(3))
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(2),
        })
        .build()
        .expect("a client")
}

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), future).await.expect("done within 30 s")
}

fn list_requests(service: &FakeService) -> Vec<String> {
    service
        .requests()
        .into_iter()
        .filter(|request| request.path.ends_with("/factories"))
        .map(|request| request.query)
        .collect()
}

#[tokio::test]
async fn every_factory_of_the_subscription_page_by_page() {
    let service = service_with_factories(5).await;
    let client = client(&service);
    let names: Vec<String> = bounded(
        client.factories().list(SUBSCRIPTION).items().map_ok(|factory| factory.name.unwrap_or_default()).try_collect(),
    )
    .await
    .unwrap();
    assert_eq!(names, ["factory0", "factory1", "factory2", "factory3", "factory4"]);
    let queries = list_requests(&service);
    assert_eq!(queries.len(), 3, "three pages of two: {queries:?}");
    assert_eq!(queries[1], "api-version=2018-06-01&$skipToken=2", "the link as the service wrote it");
    let pages: Vec<_> = bounded(client.factories().list(SUBSCRIPTION).pages().try_collect::<Vec<_>>()).await.unwrap();
    assert_eq!(pages.iter().map(|page| page.body.as_ref().unwrap().value.len()).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(pages[2].body.as_ref().unwrap().next_link, None, "the last page's nextLink is null");
}

#[tokio::test]
async fn a_page_that_fails_once_with_503_is_asked_again() {
    let service = service_with_factories(3).await;
    service.push_fault(Fault::Slow(Duration::ZERO)); // the first page: as usual
    service.push_fault(Fault::Status(503)); // the second page: once
    let items: Vec<_> =
        bounded(client(&service).factories().list(SUBSCRIPTION).items().try_collect::<Vec<_>>()).await.unwrap();
    assert_eq!(items.len(), 3);
    let queries = list_requests(&service);
    assert_eq!(queries.len(), 3);
    assert_eq!(queries[1], queries[2], "the failed page was asked again");
}

#[tokio::test]
async fn a_service_that_repeats_a_next_link_ends_the_walk_with_an_error() {
    let service = service_with_factories(5).await;
    service.repeat_next_link(true);
    let client = client(&service);
    let mut pages = std::pin::pin!(client.factories().list(SUBSCRIPTION).pages());
    let mut seen = 0;
    let error = loop {
        match bounded(pages.try_next()).await {
            Ok(Some(_)) => seen += 1,
            Ok(None) => panic!("the walk ended without noticing the loop"),
            Err(error) => break error,
        }
    };
    assert!(matches!(&error, Error::Link { reason, .. } if reason.contains("loop")), "{error:?}");
    assert_eq!(seen, 2, "the first page, and the page that named itself again");
}

fn polling() -> Polling {
    Polling {
        interval: Duration::from_millis(20),
        max_interval: Duration::from_secs(2),
        deadline: Some(Duration::from_secs(10)),
    }
}

async fn start(
    service: &FakeService,
    runtime: &str,
    polling: &Polling,
) -> Result<Option<datafactory_v2::models::IntegrationRuntimeStatusResponse>, Error> {
    bounded(client(service).integration_runtimes().start(SUBSCRIPTION, GROUP, "factory0", runtime).wait(polling)).await
}

#[tokio::test]
async fn start_polls_azure_async_operation_honouring_retry_after_then_reads_the_location() {
    let service = service_with_factories(1).await;
    let started = Instant::now();
    let status = start(&service, "async-ir", &polling()).await.unwrap().expect("the started runtime");
    assert_eq!(status.name.as_deref(), Some("async-ir"));
    assert_eq!(status.properties.state(), Some(&IntegrationRuntimeState::Started));
    assert!(started.elapsed() >= Duration::from_secs(2), "Retry-After: 1 was honoured twice: {:?}", started.elapsed());
    let paths: Vec<String> =
        service.requests().iter().map(|request| format!("{} {}", request.method, request.path)).collect();
    assert!(paths[0].starts_with("POST ") && paths[0].ends_with("/integrationRuntimes/async-ir/start"), "{paths:?}");
    assert_eq!(paths.iter().filter(|path| path.contains("/operationStatuses/")).count(), 2, "{paths:?}");
    assert!(paths.last().unwrap().contains("/operationResults/"), "the final resource from Location: {paths:?}");
    assert!(
        service.requests().iter().all(|request| request.header("authorization") == Some(&format!("Bearer {TOKEN}")))
    );
}

#[tokio::test]
async fn start_polls_location_202_then_200() {
    let service = service_with_factories(1).await;
    let status = start(&service, "location-ir", &polling()).await.unwrap().expect("the started runtime");
    assert_eq!(status.name.as_deref(), Some("location-ir"));
    let polls = service.requests().iter().filter(|request| request.path.contains("/operationResults/")).count();
    assert_eq!(polls, 2, "202 once, then 200");
}

#[tokio::test]
async fn a_failed_start_carries_the_service_error() {
    let service = service_with_factories(1).await;
    let error = start(&service, "failing-ir", &polling()).await.unwrap_err();
    let Error::Failed(failed) = &error else { panic!("{error:?}") };
    assert_eq!(failed.status, "Failed");
    assert_eq!(
        failed.cloud_error.as_ref().map(|cloud| cloud.error.code.as_str()),
        Some("IntegrationRuntimeStartFailed")
    );
    assert!(error.to_string().contains("no free address"), "{error}");
}

#[tokio::test]
async fn a_start_that_never_ends_stops_at_the_deadline() {
    let service = service_with_factories(1).await;
    let polling = Polling { deadline: Some(Duration::from_millis(500)), ..polling() };
    let error = start(&service, "endless-ir", &polling).await.unwrap_err();
    assert!(matches!(error, Error::Deadline { .. }), "{error:?}");
    let polls = service.requests().iter().filter(|request| request.path.contains("/operationResults/")).count();
    assert!(polls >= 3, "it kept polling until the deadline: {polls}");
}

#[tokio::test]
async fn a_start_that_is_done_at_once_is_not_polled() {
    let service = service_with_factories(1).await;
    let status = start(&service, "quick-ir", &polling()).await.unwrap().expect("the runtime");
    assert_eq!(status.name.as_deref(), Some("quick-ir"));
    assert_eq!(service.requests().len(), 1);
}

/// What a program does with a call: hand it to `tokio::spawn`, which needs `Send` futures.
/// (Compiling is the test; each spawned task runs against a service and must succeed.)
#[tokio::test]
async fn calls_pages_and_waits_can_be_spawned() {
    let service = service_with_factories(2).await;
    let client = client(&service);
    let owned = client.clone();
    let send = tokio::spawn(async move { owned.factories().list(SUBSCRIPTION).send().await.map(|page| page.status) });
    let owned = client.clone();
    let items = tokio::spawn(async move { owned.factories().list(SUBSCRIPTION).items().try_collect::<Vec<_>>().await });
    let owned = client.clone();
    let wait = tokio::spawn(async move {
        let polling = polling();
        owned.integration_runtimes().start(SUBSCRIPTION, GROUP, "factory0", "quick-ir").wait(&polling).await
    });
    assert_eq!(bounded(send).await.unwrap().unwrap(), 200);
    assert_eq!(bounded(items).await.unwrap().unwrap().len(), 2);
    assert!(bounded(wait).await.unwrap().unwrap().is_some());
}
