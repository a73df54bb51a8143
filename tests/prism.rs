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
use datafactory_tests::root;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SUBSCRIPTION: &str = "12345678-1234-1234-1234-12345678abc";

/// A running `prism mock`, stopped on drop.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    /// Starts Prism on `document` (a file of `spec/openapi/`); `None` when `PRISM` is not set.
    fn start(document: &str, dynamic: bool) -> Option<Prism> {
        let Some(prism) = std::env::var_os("PRISM") else {
            eprintln!("PRISM is not set: the Prism tests are skipped (.ci/run runs them)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).ok()?.port();
        let path = root().join("spec/openapi").join(document);
        let mut command = Command::new(prism);
        command.args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()]);
        if dynamic {
            command.arg("--dynamic");
        }
        let child = command
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start Prism: {error}"));
        let prism = Prism { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "Prism did not listen on {port} within a minute");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(prism)
    }

    fn client(&self) -> Client {
        let base_url = BaseUrl::parse(&format!("http://127.0.0.1:{}", self.port)).expect("a base URL");
        Client::builder(StaticToken::new("prism-token")).base_url(base_url).build().expect("a client")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
        let Some(prism) = Prism::start(document, dynamic) else { return };
        for round in 0..if dynamic { rounds } else { 1 } {
            if let Err((operation, error)) = operations(prism.client()).await {
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
