//! Data Factory v2 integration runtimes (api-version 2018-06-01): getStatus, served through the
//! seed crate's generated server.

use super::error::{ApiError, typed_answer};
use super::state::{FactoryId, State};
use datafactory::integration_runtimes::ReadHeaders;
use datafactory::integration_runtimes::server::{GetStatusRequest, Service};
use datafactory::models::IntegrationRuntimeStatusResponse;
use datafactory::runtime::server::ErrorAnswer;
use serde_json::{Value, json};
use std::sync::Arc;

/// The integration runtimes of the service's factories.
pub(crate) struct Runtimes(pub Arc<State>);

impl Service for Runtimes {
    /// Every runtime of an existing factory exists: its name says which type it is.
    async fn get_status(
        &self,
        request: GetStatusRequest,
    ) -> Result<datafactory::Response<Option<IntegrationRuntimeStatusResponse>, ReadHeaders>, ErrorAnswer> {
        let factory = FactoryId::new(request.subscription_id, request.resource_group_name, request.factory_name);
        if !self.0.has_factory(&factory) {
            return Err(ApiError::factory_not_found(&factory, "factories").into());
        }
        let runtime = &request.integration_runtime_name;
        let body = if runtime.starts_with("managed") {
            managed_status(runtime, &factory.factory, &self.0)
        } else {
            self_hosted_status(runtime, &factory.factory)
        };
        typed_answer(body)
    }
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
