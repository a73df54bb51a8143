//! Lists every factory of a subscription, page by page, following the service's next page links:
//!
//! ```text
//! cargo run -p datafactory-v2 --example list_factories -- <base-url> <token> [subscription]
//! ```
//!
//! Against the local fake service (`cargo run -p datafactory-tests --bin fake-datafactory --
//! --factory 00000000-0000-0000-0000-000000000000/adf/f1 00000000-0000-0000-0000-000000000000/adf/f2
//! 00000000-0000-0000-0000-000000000000/adf/f3`, which pages by two) the default
//! subscription is its; against Azure, pass a real one and a token from `az account get-access-token`.

use datafactory_v2::runtime::TryStreamExt;
use datafactory_v2::{BaseUrl, Client, StaticToken};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, token, rest @ ..] = args.as_slice() else {
        eprintln!("usage: list_factories <base-url> <token> [subscription]");
        std::process::exit(2);
    };
    let subscription = rest.first().map_or("00000000-0000-0000-0000-000000000000", String::as_str);
    let client = Client::builder(StaticToken::new(token.as_str())).base_url(BaseUrl::parse(base_url)?).build()?;

    let mut pages = std::pin::pin!(client.factories().list(subscription).pages());
    let mut number = 0;
    while let Some(page) = pages.try_next().await? {
        number += 1;
        let factories = page.body.map(|page| page.value).unwrap_or_default();
        println!("page {number}: {} factories", factories.len());
        for factory in &factories {
            let state = factory.properties.as_ref().and_then(|properties| properties.provisioning_state.clone());
            println!(
                "  {} in {} ({})",
                factory.name.as_deref().unwrap_or("?"),
                factory.location.as_deref().unwrap_or("?"),
                state.unwrap_or_default()
            );
        }
    }
    println!("{number} page(s)");
    Ok(())
}
