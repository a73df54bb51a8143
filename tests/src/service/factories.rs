//! Data Factory v2 factories (api-version 2018-06-01): the subscription's factories, listed page
//! by page with a `nextLink` as Azure Resource Manager does (the last page's is `null`).

use super::error::ApiError;
use super::request::check_api_version;
use super::runtimes::API_VERSION;
use super::state::State;
use axum::extract::{Path, State as Shared};
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::Arc;

const LIST: &str = "/subscriptions/{subscription}/providers/Microsoft.DataFactory/factories";

/// Factories per page: small, so that a few factories make several pages.
pub(crate) const PAGE_SIZE: usize = 2;

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(LIST, get(list))
}

/// One page: `$skipToken` (a number of factories to skip) says where it starts.
async fn list(
    Shared(state): Shared<Arc<State>>,
    Path(subscription): Path<String>,
    parts: Parts,
) -> Result<Json<Value>, ApiError> {
    check_api_version(&parts, API_VERSION)?;
    let query: Vec<(String, String)> =
        axum::extract::Query::try_from_uri(&parts.uri).map(|query| query.0).unwrap_or_default();
    let skip = match query.iter().find(|(name, _)| name == "$skipToken") {
        None => 0,
        Some((_, token)) => token
            .parse::<usize>()
            .map_err(|_| ApiError::bad_request("InvalidSkipToken", format!("The skip token '{token}' is invalid.")))?,
    };
    let factories = state.factories_of(&subscription);
    let page: Vec<Value> = factories.iter().skip(skip).take(PAGE_SIZE).map(|id| factory_json(id, &state)).collect();
    let host = parts.headers.get("host").and_then(|host| host.to_str().ok()).unwrap_or("localhost");
    let link_to = |skip: usize| {
        format!(
            "http://{host}/subscriptions/{subscription}/providers/Microsoft.DataFactory/factories?api-version={API_VERSION}&$skipToken={skip}"
        )
    };
    let next_link = if state.repeats_next_link() {
        // A broken service: every page names the same page.
        Value::from(link_to(PAGE_SIZE))
    } else if skip + PAGE_SIZE < factories.len() {
        Value::from(link_to(skip + PAGE_SIZE))
    } else {
        Value::Null
    };
    Ok(Json(json!({ "value": page, "nextLink": next_link })))
}

fn factory_json(id: &super::state::FactoryId, state: &State) -> Value {
    json!({
        "name": id.factory,
        "id": format!("/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DataFactory/factories/{}", id.subscription, id.resource_group, id.factory),
        "type": "Microsoft.DataFactory/factories",
        "location": "East US",
        "identity": { "type": "SystemAssigned", "principalId": "399c3de2-6072-4326-bfa9-4d0c116f1a7b", "tenantId": "12345678-1234-1234-1234-123456789abc" },
        "properties": { "provisioningState": "Succeeded", "createTime": state.started, "version": "2018-06-01" },
        "eTag": "\"0000aa0d-0000-0000-0000-5b0d58170000\"",
        "tags": {}
    })
}
