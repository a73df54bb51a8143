//! Data Factory v2 long-running operations: starting an integration runtime, answered `202`
//! and then polled, in each style Azure uses. The runtime's name picks the style:
//!
//! - `async-*`: `Azure-AsyncOperation` (with `Retry-After: 1`) and `Location`; the status is
//!   `InProgress` once, then `Succeeded`; the `Location` then gives the started runtime.
//! - `location-*`: `Location` only; it answers `202` once, then `200` with the started runtime.
//! - `failing-*`: `Azure-AsyncOperation`; the status is `Failed`, with a CloudError.
//! - `endless-*`: `Location` only; it answers `202` for ever.
//! - any other name: `200` at once, with the started runtime.

use super::error::ApiError;
use super::request::{PathNames, check_api_version};
use super::runtimes::API_VERSION;
use super::state::{FactoryId, State};
use axum::extract::{Path, State as Shared};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::Arc;

const START: &str = "/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.DataFactory/factories/{factory}/integrationRuntimes/{runtime}/start";
const STATUS: &str =
    "/subscriptions/{subscription}/providers/Microsoft.DataFactory/locations/eastus/operationStatuses/{operation}";
const RESULT: &str =
    "/subscriptions/{subscription}/providers/Microsoft.DataFactory/locations/eastus/operationResults/{operation}";

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(START, post(start)).route(STATUS, get(status)).route(RESULT, get(result))
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

async fn start(Shared(state): Shared<Arc<State>>, mut parts: Parts) -> Result<Response, ApiError> {
    let names = PathNames::from_parts(&mut parts).await?;
    check_api_version(&parts, API_VERSION)?;
    let factory: FactoryId = names.factory();
    if !state.has_factory(&factory) {
        return Err(ApiError::factory_not_found(&factory, "factories"));
    }
    let runtime = names.get("runtime");
    let style = match runtime.split('-').next() {
        Some("async") => Style::AsyncOperation,
        Some("location") => Style::Location,
        Some("failing") => Style::Failing,
        Some("endless") => Style::Endless,
        _ => return Ok(Json(started(&runtime, &factory.factory, &state)).into_response()),
    };
    let id = state.start_operation(Operation { style, runtime, factory: factory.factory.clone(), polls: 0 });
    let host = parts.headers.get("host").and_then(|host| host.to_str().ok()).unwrap_or("localhost").to_owned();
    let base = format!(
        "http://{host}/subscriptions/{}/providers/Microsoft.DataFactory/locations/eastus",
        factory.subscription
    );
    let status_url = format!("{base}/operationStatuses/{id}?api-version={API_VERSION}");
    let result_url = format!("{base}/operationResults/{id}?api-version={API_VERSION}");
    let mut response = StatusCode::ACCEPTED.into_response();
    let headers = response.headers_mut();
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
    Ok(response)
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
