//! Starts an integration runtime and waits until it has started (a long-running operation: the
//! client polls the status the service names, as its `Retry-After` says):
//!
//! ```text
//! cargo run -p datafactory-v2 --example start_integration_runtime -- <base-url> <token> [subscription resource-group factory runtime]
//! ```
//!
//! Against the local fake service the defaults match the factory it creates, and the runtime
//! `async-ir` answers in the `Azure-AsyncOperation` style (`location-ir`, `failing-ir` and
//! `endless-ir` show the others); against Azure, pass real names and a token.

use datafactory_v2::runtime::Polling;
use datafactory_v2::{BaseUrl, Client, StaticToken};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, token, rest @ ..] = args.as_slice() else {
        eprintln!("usage: start_integration_runtime <base-url> <token> [subscription resource-group factory runtime]");
        std::process::exit(2);
    };
    let (subscription, group, factory, runtime) = match rest {
        [subscription, group, factory, runtime] => {
            (subscription.as_str(), group.as_str(), factory.as_str(), runtime.as_str())
        }
        _ => ("00000000-0000-0000-0000-000000000000", "adf", "test", "async-ir"),
    };
    let client = Client::builder(StaticToken::new(token.as_str())).base_url(BaseUrl::parse(base_url)?).build()?;

    // Polls as the service says, never more than every 30 s, and gives up after 20 minutes.
    let polling = Polling {
        max_interval: Duration::from_secs(30),
        deadline: Some(Duration::from_secs(20 * 60)),
        ..Polling::default()
    };
    println!("starting {runtime}...");
    match client.integration_runtimes().start(subscription, group, factory, runtime).wait(&polling).await? {
        Some(status) => println!("{} is {:?}", status.name.as_deref().unwrap_or(runtime), status.properties.state()),
        None => println!("{runtime} started (the service sent no status)"),
    }
    Ok(())
}
