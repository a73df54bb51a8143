//! Data Factory v2 long-running operations: starting an integration runtime, answered `202`
//! and then polled, in each style Azure uses. The runtime's name picks the style:
//!
//! - `async-*`: `Azure-AsyncOperation` (with `Retry-After: 1`) and `Location`; the status is
//!   `InProgress` once, then `Succeeded`; the `Location` then gives the started runtime.
//! - `location-*`: `Location` only; it answers `202` once, then `200` with the started runtime.
//! - `failing-*`: `Azure-AsyncOperation`; the status is `Failed`, with a CloudError.
//! - `endless-*`: `Location` only; it answers `202` for ever.
//! - any other name: `200` at once, with the started runtime.

use super::error::{ApiError, typed_answer};
use super::state::{FactoryId, State};
use axum::extract::{Path, State as Shared};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use datafactory_v2::integration_runtimes::server::{Service, StartRequest};
use datafactory_v2::integration_runtimes::{API_VERSION, StartResponse};
use datafactory_v2::runtime::server::ErrorAnswer;
use serde_json::{Value, json};
use std::sync::Arc;

const STATUS: &str =
    "/subscriptions/{subscription}/providers/Microsoft.DataFactory/locations/eastus/operationStatuses/{operation}";
const RESULT: &str =
    "/subscriptions/{subscription}/providers/Microsoft.DataFactory/locations/eastus/operationResults/{operation}";

/// The routes of the operation status and result URLs the `202` answers name: the spec has no
/// operation for them (a client follows them as links), so they are written here.
pub(crate) fn polling_routes() -> Router<Arc<State>> {
    Router::new().route(STATUS, get(status)).route(RESULT, get(result))
}

/// A started operation: its style, the runtime it starts, and how many times it was polled.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub style: Style,
    pub runtime: String,
    pub factory: String,
    pub polls: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    AsyncOperation,
    Location,
    Failing,
    Endless,
}

/// The v2 integration runtimes as far as starting one goes (their other operations answer `501`).
pub(crate) struct Runtimes(pub Arc<State>);

impl Service for Runtimes {
    async fn start(&self, request: StartRequest) -> Result<StartResponse, ErrorAnswer> {
        let state = &self.0;
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.factory_name);
        if !state.has_factory(&factory) {
            return Err(ApiError::factory_not_found(&factory, "factories").into());
        }
        let runtime = request.integration_runtime_name;
        let style = match runtime.split('-').next() {
            Some("async") => Style::AsyncOperation,
            Some("location") => Style::Location,
            Some("failing") => Style::Failing,
            Some("endless") => Style::Endless,
            _ => return typed_answer(started(&runtime, &factory.factory, state)).map(StartResponse::Ok),
        };
        let id = state.start_operation(Operation { style, runtime, factory: factory.factory.clone(), polls: 0 });
        let host = request.http.header("host").unwrap_or("localhost");
        let base = format!(
            "http://{host}/subscriptions/{}/providers/Microsoft.DataFactory/locations/eastus",
            factory.subscription
        );
        let status_url = format!("{base}/operationStatuses/{id}?api-version={API_VERSION}");
        let result_url = format!("{base}/operationResults/{id}?api-version={API_VERSION}");
        // The spec declares no headers for the `202`: they go out as the answer's raw headers.
        let mut headers = HeaderMap::new();
        let mut set = |name: &'static str, value: &str| {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(name, value);
            }
        };
        match style {
            Style::AsyncOperation | Style::Failing => {
                set("azure-asyncoperation", &status_url);
                set("location", &result_url);
                set("retry-after", "1");
            }
            Style::Location | Style::Endless => set("location", &result_url),
        }
        Ok(StartResponse::Accepted(datafactory_v2::Response::new(StatusCode::ACCEPTED, (), (), headers)))
    }
}

/// `Azure-AsyncOperation`: `InProgress` once, then how it ended.
async fn status(
    Shared(state): Shared<Arc<State>>,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let operation = state.poll_operation(&id).ok_or_else(|| operation_not_found(&id))?;
    let body = match (operation.style, operation.polls) {
        (_, 1) => json!({ "status": "InProgress" }),
        (Style::Failing, _) => json!({
            "status": "Failed",
            "error": { "code": "IntegrationRuntimeStartFailed", "message": format!("Integration runtime '{}' could not start: the subnet has no free address.", operation.runtime) }
        }),
        _ => json!({ "status": "Succeeded" }),
    };
    let mut response = Json(body).into_response();
    response.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
    Ok(response)
}

/// `Location`: `202` while running, then the started runtime.
async fn result(
    Shared(state): Shared<Arc<State>>,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let operation = state.poll_operation(&id).ok_or_else(|| operation_not_found(&id))?;
    let running = match operation.style {
        Style::Endless => true,
        Style::Location => operation.polls == 1,
        // Reached after the status said `Succeeded`.
        Style::AsyncOperation | Style::Failing => false,
    };
    if running {
        return Ok(StatusCode::ACCEPTED.into_response());
    }
    Ok(Json(started(&operation.runtime, &operation.factory, &state)).into_response())
}

fn operation_not_found(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "OperationNotFound", format!("The operation '{id}' was not found."))
}

/// The runtime's status once started (a managed runtime).
fn started(runtime: &str, factory: &str, state: &State) -> Value {
    json!({
        "name": runtime,
        "properties": {
            "type": "Managed",
            "state": "Started",
            "dataFactoryName": factory,
            "typeProperties": { "createTime": state.started, "nodes": [], "otherErrors": [] }
        }
    })
}
