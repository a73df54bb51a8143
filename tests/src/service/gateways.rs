//! Data Factory v1 gateways (api-version 2015-10-01): create, get, list, update, delete, regenerate key.

use super::error::ApiError;
use super::request::{PathNames, check_api_version, check_client_request_id};
use super::state::{FactoryId, Gateway, State, new_gateway_key};
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State as Shared};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub(crate) const API_VERSION: &str = "2015-10-01";
const LOCATION: &str = "West US";
const FACTORY: &str = "/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/Microsoft.DataFactory/datafactories/{factory}";

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route(&format!("{FACTORY}/gateways"), get(list))
        .route(&format!("{FACTORY}/gateways/{{gateway}}"), put(create).get(read).patch(update).delete(delete))
        .route(&format!("{FACTORY}/gateways/{{gateway}}/regeneratekey"), post(regenerate_key))
}

/// A checked v1 request for a factory: names decoded, `api-version` and `x-ms-client-request-id` present.
struct FactoryCall {
    factory: FactoryId,
}

/// A checked v1 request for one gateway of a factory.
struct GatewayCall {
    factory: FactoryId,
    gateway: String,
}

async fn checked_names(parts: &mut Parts) -> Result<PathNames, ApiError> {
    let names = PathNames::from_parts(parts).await?;
    check_api_version(parts, API_VERSION)?;
    check_client_request_id(parts)?;
    Ok(names)
}

impl<S: Send + Sync> FromRequestParts<S> for FactoryCall {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let names = checked_names(parts).await?;
        Ok(FactoryCall { factory: names.factory() })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for GatewayCall {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let names = checked_names(parts).await?;
        Ok(GatewayCall { factory: names.factory(), gateway: names.get("gateway") })
    }
}

/// How much of a gateway an answer shows: only Create reveals the key, only Get and List the id.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Created,
    Read,
    Updated,
}

fn gateway_json(factory: &FactoryId, gateway: &Gateway, view: View) -> Value {
    let key = if view == View::Created { Value::from(gateway.key.as_str()) } else { Value::Null };
    let mut properties = json!({
        "key": key,
        "hostServiceUri": null,
        "dataFactoryName": factory.factory,
        "status": "NeedRegistration",
        "versionStatus": "None",
        "provisioningState": "Succeeded",
        "version": null,
        "createTime": gateway.create_time,
        "registerTime": null,
        "lastConnectTime": null,
        "expiryTime": null,
    });
    if let Some(description) = &gateway.description {
        properties["description"] = Value::from(description.as_str());
    }
    let mut body = json!({ "name": gateway.name, "location": LOCATION, "properties": properties });
    if view == View::Read {
        body["id"] = Value::from(gateway_id(factory, &gateway.name));
    }
    body
}

fn gateway_id(id: &FactoryId, gateway: &str) -> String {
    format!(
        "/subscriptions/{}/resourcegroups/{}/providers/Microsoft.DataFactory/datafactories/{}/gateways/{gateway}",
        id.subscription, id.resource_group, id.factory
    )
}

fn factory_not_found(id: &FactoryId) -> ApiError {
    ApiError::factory_not_found(id, "datafactories")
}

/// The body as a JSON object, or a 400 that says why it is not one.
fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::invalid_body("The request body must be a JSON object.")),
        Err(error) => Err(ApiError::invalid_body(format!("The request body is not valid JSON: {error}."))),
    }
}

/// `properties.description` of a create or update body: absent and `null` both mean none.
fn description(body: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    let properties = match body.get("properties") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(properties)) => properties,
        Some(_) => return Err(ApiError::invalid_body("'properties' must be a JSON object.")),
    };
    match properties.get("description") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(description)) => Ok(Some(description.clone())),
        Some(_) => Err(ApiError::invalid_body("'properties.description' must be a string.")),
    }
}

async fn create(Shared(state): Shared<Arc<State>>, call: GatewayCall, body: Bytes) -> Result<Response, ApiError> {
    let body = json_object(&body)?;
    match body.get("name") {
        Some(Value::String(name)) if *name == call.gateway => {}
        Some(Value::String(name)) => {
            return Err(ApiError::invalid_body(format!(
                "The gateway name '{name}' in the body does not match '{}' in the request URI.",
                call.gateway
            )));
        }
        _ => return Err(ApiError::invalid_body("The request body must have a string 'name'.")),
    }
    let description = description(&body)?;
    let gateway = state
        .with_gateways(&call.factory, |gateways| match gateways.iter_mut().find(|g| g.name == call.gateway) {
            // Create is create-or-update: the description is replaced, the key stays.
            Some(existing) => {
                existing.description = description;
                existing.clone()
            }
            None => {
                let created = Gateway::new(call.gateway.clone(), description);
                gateways.push(created.clone());
                created
            }
        })
        .ok_or_else(|| factory_not_found(&call.factory))?;
    Ok(Json(gateway_json(&call.factory, &gateway, View::Created)).into_response())
}

/// Runs `change` on the named gateway, with the 404s for a missing factory or gateway.
fn on_gateway<R>(state: &State, call: &GatewayCall, change: impl FnOnce(&mut Gateway) -> R) -> Result<R, ApiError> {
    state
        .with_gateways(&call.factory, |gateways| gateways.iter_mut().find(|g| g.name == call.gateway).map(change))
        .ok_or_else(|| factory_not_found(&call.factory))?
        .ok_or_else(|| ApiError::gateway_not_found(&call.factory, &call.gateway))
}

async fn read(Shared(state): Shared<Arc<State>>, call: GatewayCall) -> Result<Response, ApiError> {
    let gateway = on_gateway(&state, &call, |gateway| gateway.clone())?;
    Ok(Json(gateway_json(&call.factory, &gateway, View::Read)).into_response())
}

async fn list(Shared(state): Shared<Arc<State>>, call: FactoryCall) -> Result<Response, ApiError> {
    let value = state
        .with_gateways(&call.factory, |gateways| {
            gateways.iter().map(|gateway| gateway_json(&call.factory, gateway, View::Read)).collect::<Vec<_>>()
        })
        .ok_or_else(|| factory_not_found(&call.factory))?;
    Ok(Json(json!({ "value": value })).into_response())
}

async fn update(Shared(state): Shared<Arc<State>>, call: GatewayCall, body: Bytes) -> Result<Response, ApiError> {
    let description = description(&json_object(&body)?)?;
    let gateway = on_gateway(&state, &call, |gateway| {
        // Update is a patch: leaving the description out keeps the old one.
        if description.is_some() {
            gateway.description = description;
        }
        gateway.clone()
    })?;
    Ok(Json(gateway_json(&call.factory, &gateway, View::Updated)).into_response())
}

async fn delete(Shared(state): Shared<Arc<State>>, call: GatewayCall) -> Result<Response, ApiError> {
    let removed = state
        .with_gateways(&call.factory, |gateways| {
            let before = gateways.len();
            gateways.retain(|g| g.name != call.gateway);
            gateways.len() < before
        })
        .ok_or_else(|| factory_not_found(&call.factory))?;
    if removed {
        Ok(StatusCode::OK.into_response())
    } else {
        Err(ApiError::gateway_not_found(&call.factory, &call.gateway))
    }
}

async fn regenerate_key(Shared(state): Shared<Arc<State>>, call: GatewayCall) -> Result<Response, ApiError> {
    let key = on_gateway(&state, &call, |gateway| {
        gateway.key = new_gateway_key();
        gateway.key.clone()
    })?;
    Ok(Json(json!({ "key": key })).into_response())
}
