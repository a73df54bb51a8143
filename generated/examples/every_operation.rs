//! Calls every operation of both APIs against a base URL with a bearer token:
//!
//! ```text
//! cargo run -p datafactory --example every_operation -- <base-url> <token> [subscription resource-group factory]
//! ```
//!
//! Against the local fake service (`cargo run -p datafactory-tests --bin fake-datafactory`) the
//! defaults match the factory it creates; against Azure, pass a real subscription, resource group
//! and factory (and a token from `az account get-access-token`).

use datafactory::models::IntegrationRuntimeStatus;
use datafactory::{BaseUrl, Client, Error, StaticToken, gateways};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, token, rest @ ..] = args.as_slice() else {
        eprintln!("usage: every_operation <base-url> <token> [subscription resource-group factory]");
        std::process::exit(2);
    };
    let (subscription, group, factory) = match rest {
        [subscription, group, factory] => (subscription.as_str(), group.as_str(), factory.as_str()),
        _ => ("00000000-0000-0000-0000-000000000000", "adf", "test"),
    };
    let client = Client::builder(StaticToken::new(token.as_str())).base_url(BaseUrl::parse(base_url)?).build()?;

    let gateways = client.gateways();
    match gateways
        .create(subscription, group, factory, "example-gateway")
        .description("created by the example")
        .send()
        .await?
    {
        gateways::CreateResponse::Ok(created) => {
            let properties = created.into_body()?.properties.unwrap_or_default();
            println!("create: {:?}, key received: {}", properties.status, properties.key.as_option().is_some());
        }
        gateways::CreateResponse::Accepted(accepted) => {
            println!("create: accepted ({:?})", accepted.headers.x_ms_request_id)
        }
        other => println!("create: {other:?}"),
    }
    let got = gateways.get(subscription, group, factory, "example-gateway").send().await?;
    println!(
        "get: {:?} (request id {:?})",
        got.body.as_ref().map(|gateway| &gateway.name),
        got.headers.x_ms_request_id
    );
    let listed = gateways.list(subscription, group, factory).send().await?;
    println!("list: {} gateway(s)", listed.into_body()?.value.map_or(0, |value| value.len()));
    let key = gateways.regenerate_key(subscription, group, factory, "example-gateway").send().await?;
    println!("regenerate key: {:?}", key.into_body()?.key); // Debug shows `Secret(<redacted>)`
    let updated =
        gateways.update(subscription, group, factory, "example-gateway").description("updated").send().await?;
    println!("update: {:?}", updated.into_body()?.properties.and_then(|p| p.description));
    gateways.delete(subscription, group, factory, "example-gateway").send().await?;
    println!("delete: done");
    match gateways.get(subscription, group, factory, "example-gateway").send().await {
        Err(Error::Service(error)) => println!("get after delete: {error}"),
        other => println!("get after delete: {other:?}"),
    }

    for runtime in ["managed-runtime", "self-hosted-runtime"] {
        let status = client
            .integration_runtimes()
            .get_status(subscription, group, factory, runtime)
            .send()
            .await?
            .into_body()?;
        let properties = &status.properties;
        print!("get status {runtime}: {} {:?}", properties.r#type(), properties.state().map(|state| state.as_str()));
        if let IntegrationRuntimeStatus::SelfHosted(self_hosted) = properties {
            print!(", {} node(s)", self_hosted.type_properties.nodes.as_ref().map_or(0, Vec::len));
        }
        println!();
    }
    Ok(())
}
