//! Every operation of the seed spec is called by the `every_operation` example and has a route in
//! the fake service: an operation added to the spec but not to those fails here, with what to do
//! (the checklist in README.md's "Maintaining the spec").

use datafactory_tests::service::{FakeService, ServiceConfig};
use datafactory_tests::{root, spec_sources};
use restgen::Options;
use restgen::ir::Operation;

/// Every operation of the seed spec, as lowered.
fn operations() -> Vec<Operation> {
    let sources = spec_sources();
    let inputs: Vec<String> = sources.iter().map(|source| source.path.clone()).collect();
    let mut loader = |path: &str| {
        sources.iter().find(|source| source.path == path).map(|source| source.text.clone()).ok_or(path.to_owned())
    };
    let (ir, _, _) = restgen::lower_from_inputs(&inputs, &mut loader, &Options::default())
        .unwrap_or_else(|(errors, sources)| panic!("{}", errors.render(&sources)));
    let operations: Vec<Operation> = ir.apis.into_iter().flat_map(|api| api.operations).collect();
    assert!(operations.len() >= 7, "the seed spec's operations: {}", operations.len());
    operations
}

#[test]
fn every_operation_of_the_spec_is_called_by_the_every_operation_example() {
    let path = root().join("generated/examples/every_operation.rs");
    let example = std::fs::read_to_string(&path).expect("the example");
    let missing: Vec<String> = operations()
        .iter()
        .filter(|operation| !example.contains(&format!(".{}(", operation.client_method)))
        .map(|operation| format!("{} (`.{}(..)`)", operation.id, operation.client_method))
        .collect();
    assert!(missing.is_empty(), "generated/examples/every_operation.rs does not call: {missing:?}");
}

#[tokio::test]
async fn every_operation_of_the_spec_has_a_route_in_the_fake_service() {
    let service = FakeService::start(ServiceConfig::default()).await.expect("the fake service starts");
    let client = reqwest::Client::new();
    let mut missing = Vec::new();
    for operation in operations() {
        // Any value of the spec's rules (three letters and a digit fits every name rule here).
        let mut path = operation.path_template.clone();
        while let (Some(start), Some(end)) = (path.find('{'), path.find('}')) {
            path.replace_range(start..=end, "abc1");
        }
        let method = reqwest::Method::from_bytes(operation.method.as_bytes()).expect("a method");
        let response = client
            .request(method, format!("{}{path}", service.base_url()))
            .bearer_auth("test-token")
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("the service answers");
        let body = response.text().await.unwrap_or_default();
        if body.contains("No route matches") {
            missing.push(format!("{} {} {}", operation.id, operation.method, operation.path_template));
        }
    }
    service.shutdown().await;
    assert!(missing.is_empty(), "tests/src/service/ has no route for: {missing:?}");
}
