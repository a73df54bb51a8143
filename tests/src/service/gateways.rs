//! Data Factory v1 gateways (api-version 2015-10-01): create, get, list, update, delete and
//! regenerate key, served through the seed crate's generated server, which reads every request.

use super::error::{ApiError, typed_answer};
use super::state::{FactoryId, Gateway, State, new_gateway_key};
use datafactory::gateways::server::{
    CreateRequest, DeleteRequest, GetRequest, ListRequest, RegenerateKeyRequest, Service, UpdateRequest,
};
use datafactory::gateways::{CreateResponse, WriteHeaders};
use datafactory::models::{GatewayKey, GatewayListResponse};
use datafactory::runtime::server::ErrorAnswer;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;

const LOCATION: &str = "West US";

type Answer<T> = Result<datafactory::Response<Option<T>, WriteHeaders>, ErrorAnswer>;

/// The gateways of the service's factories.
pub(crate) struct Gateways(pub Arc<State>);

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

fn factory_not_found(id: &FactoryId) -> ErrorAnswer {
    ApiError::factory_not_found(id, "datafactories").into()
}

impl Gateways {
    /// Runs `change` on the named gateway, with the 404s for a missing factory or gateway.
    fn on_gateway<R>(
        &self,
        factory: &FactoryId,
        name: &str,
        change: impl FnOnce(&mut Gateway) -> R,
    ) -> Result<R, ErrorAnswer> {
        self.0
            .with_gateways(factory, |gateways| gateways.iter_mut().find(|g| g.name == name).map(change))
            .ok_or_else(|| factory_not_found(factory))?
            .ok_or_else(|| ApiError::gateway_not_found(factory, name).into())
    }
}

impl Service for Gateways {
    async fn create(&self, request: CreateRequest) -> Result<CreateResponse, ErrorAnswer> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.data_factory_name);
        if request.body.name != request.gateway_name {
            return Err(ApiError::invalid_body(format!(
                "The gateway name '{}' in the body does not match '{}' in the request URI.",
                request.body.name, request.gateway_name
            ))
            .into());
        }
        let description = request.body.properties.and_then(|properties| properties.description);
        let gateway = self
            .0
            .with_gateways(&factory, |gateways| match gateways.iter_mut().find(|g| g.name == request.gateway_name) {
                // Create is create-or-update: the description is replaced, the key stays.
                Some(existing) => {
                    existing.description = description;
                    existing.clone()
                }
                None => {
                    let created = Gateway::new(request.gateway_name.clone(), description);
                    gateways.push(created.clone());
                    created
                }
            })
            .ok_or_else(|| factory_not_found(&factory))?;
        typed_answer(gateway_json(&factory, &gateway, View::Created)).map(CreateResponse::Ok)
    }

    async fn delete(&self, request: DeleteRequest) -> Result<datafactory::Response<(), WriteHeaders>, ErrorAnswer> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.data_factory_name);
        let removed = self
            .0
            .with_gateways(&factory, |gateways| {
                let before = gateways.len();
                gateways.retain(|g| g.name != request.gateway_name);
                gateways.len() < before
            })
            .ok_or_else(|| factory_not_found(&factory))?;
        if !removed {
            return Err(ApiError::gateway_not_found(&factory, &request.gateway_name).into());
        }
        Ok(datafactory::Response::new(StatusCode::OK, WriteHeaders::default(), (), HeaderMap::new()))
    }

    async fn get(&self, request: GetRequest) -> Answer<datafactory::models::Gateway> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.data_factory_name);
        let gateway = self.on_gateway(&factory, &request.gateway_name, |gateway| gateway.clone())?;
        typed_answer(gateway_json(&factory, &gateway, View::Read))
    }

    async fn list(&self, request: ListRequest) -> Answer<GatewayListResponse> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.data_factory_name);
        let value = self
            .0
            .with_gateways(&factory, |gateways| {
                gateways.iter().map(|gateway| gateway_json(&factory, gateway, View::Read)).collect::<Vec<_>>()
            })
            .ok_or_else(|| factory_not_found(&factory))?;
        typed_answer(json!({ "value": value }))
    }

    async fn regenerate_key(&self, request: RegenerateKeyRequest) -> Answer<GatewayKey> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.data_factory_name);
        let key = self.on_gateway(&factory, &request.gateway_name, |gateway| {
            gateway.key = new_gateway_key();
            gateway.key.clone()
        })?;
        typed_answer(json!({ "key": key }))
    }

    async fn update(&self, request: UpdateRequest) -> Answer<datafactory::models::Gateway> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.data_factory_name);
        let description = request.body.properties.and_then(|properties| properties.description);
        let gateway = self.on_gateway(&factory, &request.gateway_name, |gateway| {
            // Update is a patch: leaving the description out keeps the old one.
            if description.is_some() {
                gateway.description = description;
            }
            gateway.clone()
        })?;
        typed_answer(gateway_json(&factory, &gateway, View::Updated))
    }
}
