//! Prints, as one JSON array, what the seed crate's generated server (both APIs served by their
//! `Mock`) answers to a request of every operation, and to requests that break a rule: the input
//! of `tests/openapi_core_check.py`, which validates each answer against the exported OpenAPI
//! documents with an independent validator (openapi-core).

use datafactory::runtime::Operation;
use datafactory::runtime::server::{Server, axum::body::Body};
use datafactory::{gateways, integration_runtimes};
use serde_json::{Value, json};

const IDS: [&str; 3] = ["00000000-0000-0000-0000-000000000000", "adf", "test"];

/// The requests: one per operation, built by the client, then requests that break a rule.
fn requests() -> Vec<(&'static str, http::Request<Vec<u8>>)> {
    let [subscription, group, factory] = IDS;
    let built = |request: Result<http::Request<Vec<u8>>, datafactory::Error>| request.expect("a request");
    let mut requests = vec![
        ("Gateways_Create", built(gateways::Create::new(subscription, group, factory, "gw1").description("a").build())),
        ("Gateways_Delete", built(gateways::Delete::new(subscription, group, factory, "gw1").build())),
        ("Gateways_Get", built(gateways::Get::new(subscription, group, factory, "gw1").build())),
        ("Gateways_List", built(gateways::List::new(subscription, group, factory).build())),
        ("Gateways_RegenerateKey", built(gateways::RegenerateKey::new(subscription, group, factory, "gw1").build())),
        ("Gateways_Update", built(gateways::Update::new(subscription, group, factory, "gw1").description("b").build())),
        (
            "IntegrationRuntimes_GetStatus",
            built(integration_runtimes::GetStatus::new(subscription, group, factory, "ir1").build()),
        ),
    ];
    // A wrong `api-version` and a body of the wrong shape: answered 400 in the API's error shape.
    let mut wrong_version = built(gateways::Get::new(subscription, group, factory, "gw1").build());
    let uri = wrong_version.uri().to_string().replace("api-version=2015-10-01", "api-version=2099-01-01");
    *wrong_version.uri_mut() = uri.parse().expect("a URI");
    requests.push(("Gateways_Get", wrong_version));
    let mut wrong_body = built(gateways::Create::new(subscription, group, factory, "gw1").build());
    *wrong_body.body_mut() = br#"{"name": 5}"#.to_vec();
    wrong_body.headers_mut().insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(11));
    requests.push(("Gateways_Create", wrong_body));
    requests
}

fn headers(headers: &http::HeaderMap) -> Value {
    headers.iter().map(|(name, value)| (name.to_string(), json!(value.to_str().unwrap_or_default()))).collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let server = Server::new()
        .with(gateways::server::handler(gateways::server::Mock))
        .with(integration_runtimes::server::handler(integration_runtimes::server::Mock));
    let mut exchanges = Vec::new();
    for (operation, request) in requests() {
        let sent = json!({
            "method": request.method().as_str(),
            "path": request.uri().path(),
            "query": request.uri().query().unwrap_or_default(),
            "headers": headers(request.headers()),
            "body": String::from_utf8_lossy(request.body()),
        });
        let answer = server.answer(request.map(Body::from)).await;
        exchanges.push(json!({
            "operation": operation,
            "request": sent,
            "response": {
                "status": answer.status().as_u16(),
                "headers": headers(answer.headers()),
                "body": String::from_utf8_lossy(answer.body()),
            },
        }));
    }
    println!("{}", Value::Array(exchanges));
}

#[cfg(test)]
mod tests {
    /// The recorded exchanges cover every operation of both seed APIs.
    #[test]
    fn every_operation_is_asked() {
        let asked: std::collections::BTreeSet<&str> = super::requests().iter().map(|(id, _)| *id).collect();
        assert_eq!(asked.len(), 7);
    }
}
