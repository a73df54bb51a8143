//! A third party's judgement of the exported OpenAPI documents and of the client: Prism
//! (`@stoplight/prism-cli`, from npm) serves each document of `spec/openapi/` as a mock with its
//! request validation on, and the generated client sends it every operation `every_operation`
//! sends. Prism answers a request that breaks its document with `422` (an `Error::Service` here),
//! and the client must decode every answer: the documents' examples (static mode) and random data
//! valid against their schemas (dynamic mode, several rounds).
//!
//! Runs when `PRISM` names the `prism` executable (`.ci/run` installs it with npm and sets it);
//! without it the tests say so and pass, so that `cargo test` needs no Node.js.

use datafactory::{BaseUrl, Client, Error, StaticToken, gateways};
use datafactory_tests::prism::{Mode, Prism};
use datafactory_tests::root;

const SUBSCRIPTION: &str = "12345678-1234-1234-1234-12345678abc";

fn client(prism: &Prism) -> Client {
    let base_url = BaseUrl::parse(&prism.base_url()).expect("a base URL");
    Client::builder(StaticToken::new("prism-token")).base_url(base_url).build().expect("a client")
}

/// Every Gateways operation, as `every_operation` sends them; an error names the operation.
async fn gateway_operations(client: &Client) -> Result<(), (&'static str, Error)> {
    let gateways = client.gateways();
    let (group, factory, name) = ("exampleResourceGroup", "exampleFactoryName", "exampleGateway");
    let created = gateways.create(SUBSCRIPTION, group, factory, name).description("created").send().await;
    match created.map_err(|error| ("Gateways_Create", error))? {
        gateways::CreateResponse::Ok(_) | gateways::CreateResponse::Accepted(_) => {}
        other => panic!("Gateways_Create: {other:?}"),
    }
    gateways.get(SUBSCRIPTION, group, factory, name).send().await.map_err(|error| ("Gateways_Get", error))?;
    gateways.list(SUBSCRIPTION, group, factory).send().await.map_err(|error| ("Gateways_List", error))?;
    let key = gateways.regenerate_key(SUBSCRIPTION, group, factory, name).send().await;
    key.map_err(|error| ("Gateways_RegenerateKey", error))?;
    let updated = gateways.update(SUBSCRIPTION, group, factory, name).description("updated").send().await;
    updated.map_err(|error| ("Gateways_Update", error))?;
    gateways.delete(SUBSCRIPTION, group, factory, name).send().await.map_err(|error| ("Gateways_Delete", error))?;
    Ok(())
}

async fn runtime_operations(client: &Client) -> Result<(), (&'static str, Error)> {
    let status = client.integration_runtimes().get_status(
        SUBSCRIPTION,
        "exampleResourceGroup",
        "exampleFactoryName",
        "exampleRuntime",
    );
    let status = status.send().await.map_err(|error| ("IntegrationRuntimes_GetStatus", error))?;
    status.into_body().map_err(|error| ("IntegrationRuntimes_GetStatus", error))?;
    Ok(())
}

/// Static mode once, dynamic mode `rounds` times (new random answers each time).
async fn against_prism<F, Fut>(document: &str, rounds: usize, operations: F)
where
    F: Fn(Client) -> Fut,
    Fut: std::future::Future<Output = Result<(), (&'static str, Error)>>,
{
    for dynamic in [false, true] {
        let path = root().join("spec/openapi").join(document);
        let Some(prism) = Prism::start(&path, Mode::Mock { dynamic }) else { return };
        for round in 0..if dynamic { rounds } else { 1 } {
            if let Err((operation, error)) = operations(client(&prism)).await {
                panic!("{document} (dynamic: {dynamic}, round {round}): {operation}: {error}");
            }
        }
    }
}

#[tokio::test]
async fn prism_accepts_every_gateway_request_and_the_client_decodes_every_answer() {
    against_prism("gateways.json", 20, |client| async move { gateway_operations(&client).await }).await;
}

#[tokio::test]
async fn prism_accepts_the_get_status_request_and_the_client_decodes_every_answer() {
    against_prism("integration-runtimes.json", 50, |client| async move { runtime_operations(&client).await }).await;
}
