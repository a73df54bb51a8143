//! Data Factory v2 factories (api-version 2018-06-01): the subscription's factories, listed page
//! by page with a `nextLink` as Azure Resource Manager does (the last page's is `null`), served
//! through `datafactory-v2`'s generated server (its other factory operations answer `501`).

use super::error::{ApiError, typed_answer};
use super::state::{FactoryId, State};
use datafactory_v2::factories::API_VERSION;
use datafactory_v2::factories::server::{ListRequest, Service};
use datafactory_v2::models::FactoryListResponse;
use datafactory_v2::runtime::server::ErrorAnswer;
use serde_json::{Value, json};
use std::sync::Arc;

/// Factories per page: small, so that a few factories make several pages.
pub(crate) const PAGE_SIZE: usize = 2;

/// The service's factories, as the v2 API lists them.
pub(crate) struct Factories(pub Arc<State>);

impl Service for Factories {
    /// One page: `$skipToken` (a number of factories to skip, which only the next links this
    /// service writes carry) says where it starts.
    async fn list(
        &self,
        request: ListRequest,
    ) -> Result<datafactory_v2::Response<Option<FactoryListResponse>, ()>, ErrorAnswer> {
        let state = &self.0;
        let skip = match request.http.query("$skipToken") {
            None => 0,
            Some(token) => token.parse::<usize>().map_err(|_| {
                ApiError::bad_request("InvalidSkipToken", format!("The skip token '{token}' is invalid."))
            })?,
        };
        let subscription = &request.subscription_id;
        let factories = state.factories_of(subscription);
        let page: Vec<Value> = factories.iter().skip(skip).take(PAGE_SIZE).map(|id| factory_json(id, state)).collect();
        let host = request.http.header("host").unwrap_or("localhost");
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
        typed_answer(json!({ "value": page, "nextLink": next_link }))
    }
}

fn factory_json(id: &FactoryId, state: &State) -> Value {
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
