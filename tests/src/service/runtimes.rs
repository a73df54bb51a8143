//! Data Factory v2 integration runtimes (api-version 2018-06-01): getStatus.

use super::error::ApiError;
use super::request::{PathNames, check_api_version};
use super::state::{FactoryId, State};
use axum::extract::{FromRequestParts, State as Shared};
use axum::http::request::Parts;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::Arc;

pub(crate) const API_VERSION: &str = "2018-06-01";
const GET_STATUS: &str = "/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.DataFactory/factories/{factory}/integrationRuntimes/{runtime}/getStatus";

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(GET_STATUS, post(get_status))
}

/// A checked getStatus request: names decoded and `api-version` present.
struct RuntimeCall {
    factory: FactoryId,
    runtime: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RuntimeCall {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let names = PathNames::from_parts(parts).await?;
        check_api_version(parts, API_VERSION)?;
        Ok(RuntimeCall { factory: names.factory(), runtime: names.get("runtime") })
    }
}

/// Every runtime of an existing factory exists: its name says which type it is.
async fn get_status(Shared(state): Shared<Arc<State>>, call: RuntimeCall) -> Result<Json<Value>, ApiError> {
    if !state.has_factory(&call.factory) {
        return Err(ApiError::factory_not_found(&call.factory, "factories"));
    }
    let factory = &call.factory.factory;
    let body = if call.runtime.starts_with("managed") {
        managed_status(&call.runtime, factory, &state)
    } else {
        self_hosted_status(&call.runtime, factory)
    };
    Ok(Json(body))
}

fn managed_status(runtime: &str, factory: &str, state: &State) -> Value {
    json!({
        "name": runtime,
        "properties": {
            "type": "Managed",
            "state": "Started",
            "dataFactoryName": factory,
            "typeProperties": {
                "createTime": state.started,
                "nodes": [{ "nodeId": "tvm-1234567890_1-20180614t091745z", "status": "Available", "errors": [] }],
                "otherErrors": [],
                "lastOperation": {
                    "type": "start",
                    "startTime": state.started,
                    "result": "Succeeded",
                    "errorCode": "",
                    "parameters": [],
                    "activityId": state.activity_id,
                },
            },
        },
    })
}

/// The spec's `IntegrationRuntimes_GetStatus` example response, for `runtime` of `factory`.
fn self_hosted_status(runtime: &str, factory: &str) -> Value {
    let capabilities = json!({
        "serviceBusConnected": "True",
        "httpsPortEnabled": "True",
        "credentialInSync": "True",
        "connectedToResourceManager": "True",
        "nodeEnabled": "True",
    });
    json!({
        "name": runtime,
        "properties": {
            "state": "Online",
            "type": "SelfHosted",
            "dataFactoryName": factory,
            "typeProperties": {
                "autoUpdate": "Off",
                "taskQueueId": "1a6296ab-423c-4346-9bcc-85a78c2c0582",
                "version": "3.8.6730.2",
                "nodes": [{
                    "nodeName": "Node_1",
                    "machineName": "YANZHANG-DT",
                    "hostServiceUri": "https://yanzhang-dt.fareast.corp.microsoft.com:8050/HostServiceRemote.svc/",
                    "status": "Online",
                    "capabilities": capabilities,
                    "versionStatus": "UpToDate",
                    "version": "3.8.6730.2",
                    "registerTime": "2018-06-14T14:51:44.9237069Z",
                    "lastConnectTime": "2018-06-14T14:52:59.8933313Z",
                    "lastStartTime": "2018-06-14T14:52:59.8933313Z",
                    "lastUpdateResult": "None",
                    "isActiveDispatcher": true,
                    "maxConcurrentJobs": 56,
                }],
                "updateDelayOffset": "PT3H",
                "localTimeZoneOffset": "PT8H",
                "serviceUrls": ["wu.frontend.int.clouddatahub-int.net", "*.servicebus.windows.net"],
                "versionStatus": "UpToDate",
                "capabilities": capabilities,
                "latestVersion": "3.7.6711.1",
                "createTime": "2018-06-14T09:17:45.1839685Z",
            },
        },
    })
}

/// A runtime of a type this API version does not know, as a newer service could answer.
pub(crate) fn unknown_type_status(runtime: &str, factory: &str) -> Value {
    json!({
        "name": runtime,
        "properties": {
            "type": "Azure-SSIS",
            "state": "Started",
            "dataFactoryName": factory,
            "typeProperties": {
                "catalogServerEndpoint": "fake-catalog.database.windows.net",
                "nodeSize": "Standard_D2_v3",
                "maxParallelExecutionsPerNode": 4,
                "licenseType": { "edition": "Enterprise", "includedLicense": true },
            },
        },
    })
}
