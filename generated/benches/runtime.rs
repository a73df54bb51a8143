//! The generated types at run time, side by side with a plain `#[derive(Serialize, Deserialize)]`
//! model of the same shape and with `serde_json::Value` (`cargo bench -p datafactory`):
//!
//! - the seed Get Status response (the example body of `spec/integration-runtimes.yaml`): a
//!   union with unknown-value enums, timestamps, durations and maps;
//! - a List response of 10,000 gateways (nullable fields, a secret, timestamps, open enums);
//! - building a request with a request builder.
//!
//! `generated` is `serde_json::from_slice`; `generated_decode_json` is what `parse_response`
//! does (`decode_json`, with the JSON path of an error).

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use datafactory::models::{GatewayListResponse, IntegrationRuntimeStatusResponse};
use datafactory::{Operation, gateways, integration_runtimes};
use std::hint::black_box;
use std::time::Duration;

/// The example response body of Integration Runtimes - Get Status, as in the spec.
const GET_STATUS: &str = r#"{
  "name": "exampleIntegrationRuntime",
  "properties": {
    "state": "Online",
    "type": "SelfHosted",
    "typeProperties": {
      "autoUpdate": "Off",
      "taskQueueId": "1a6296ab-423c-4346-9bcc-85a78c2c0582",
      "version": "3.8.6730.2",
      "nodes": [
        {
          "nodeName": "Node_1",
          "machineName": "YANZHANG-DT",
          "hostServiceUri": "https://yanzhang-dt.fareast.corp.microsoft.com:8050/HostServiceRemote.svc/",
          "status": "Online",
          "capabilities": {
            "serviceBusConnected": "True",
            "httpsPortEnabled": "True",
            "credentialInSync": "True",
            "connectedToResourceManager": "True",
            "nodeEnabled": "True"
          },
          "versionStatus": "UpToDate",
          "version": "3.8.6730.2",
          "registerTime": "2018-06-14T14:51:44.9237069Z",
          "lastConnectTime": "2018-06-14T14:52:59.8933313Z",
          "lastStartTime": "2018-06-14T14:52:59.8933313Z",
          "lastUpdateResult": "None",
          "isActiveDispatcher": true,
          "maxConcurrentJobs": 56
        }
      ],
      "updateDelayOffset": "PT3H",
      "localTimeZoneOffset": "PT8H",
      "serviceUrls": [
        "wu.frontend.int.clouddatahub-int.net",
        "*.servicebus.windows.net"
      ],
      "versionStatus": "UpToDate",
      "capabilities": {
        "serviceBusConnected": "True",
        "httpsPortEnabled": "True",
        "credentialInSync": "True",
        "connectedToResourceManager": "True",
        "nodeEnabled": "True"
      },
      "latestVersion": "3.7.6711.1",
      "createTime": "2018-06-14T09:17:45.1839685Z"
    }
  }
}"#;

/// A List response of `count` gateways, shaped like the page's sample (with the Create sample's
/// key, nulls and a gateway whose status is a value this crate does not know).
fn gateway_list(count: usize) -> String {
    let mut gateways = Vec::with_capacity(count);
    for index in 0..count {
        let status = match index % 3 {
            0 => "Online",
            1 => "NeedRegistration",
            _ => "Decommissioned", // not in the spec's enum: kept as Unknown
        };
        let (key, host) = if index % 2 == 0 {
            (
                format!(
                    "\"ADF#{index:08}-e84f-47a4-a784-a753b2e06623@wu#11gTEsN4o12bfYN26qbjlJMgihOlX7hyYAmrPwtLCRU=\""
                ),
                "null".to_owned(),
            )
        } else {
            (
                "null".to_owned(),
                "\"https://{machine>.<domain>.corp.<company>.com:8050/HostServiceRemote.svc/\"".to_owned(),
            )
        };
        gateways.push(format!(
            r#"{{"name":"SPGateway{index}","location":"West US","properties":{{"key":{key},"description":"gateway {index}","hostServiceUri":{host},"dataFactoryName":"sprestdatafactory","status":"{status}","versionStatus":"UpToDate","provisioningState":"Succeeded","version":"1.9.5865.2","createTime":"2016-02-24T18:55:03.1149963Z","registerTime":"2016-02-24T18:56:13.299978Z","lastConnectTime":"2016-02-24T19:06:40.1454525Z","expiryTime":null}},"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/ADF/providers/Microsoft.DataFactory/datafactories/SPRestDataFactory/gateways/SPGateway{index}"}}"#
        ));
    }
    format!(r#"{{"value":[{}]}}"#, gateways.join(","))
}

/// The same shapes as plain derives: closed enums, `String` timestamps and durations,
/// `Option` for nullable fields, serde's internally tagged enum for the union, unknown
/// properties dropped. What a hand-written client would start from.
mod plain {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    #[derive(Serialize, Deserialize)]
    pub struct StatusResponse {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        pub properties: Status,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type")]
    #[allow(clippy::large_enum_variant)] // as the generated union: one allocation fewer than a `Box`
    pub enum Status {
        Managed(ManagedStatus),
        SelfHosted(SelfHostedStatus),
    }

    #[derive(Serialize, Deserialize)]
    pub enum State {
        Initial,
        Stopped,
        Started,
        Starting,
        Stopping,
        NeedRegistration,
        Online,
        Limited,
        Offline,
        AccessDenied,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ManagedStatus {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub data_factory_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<State>,
        pub type_properties: ManagedTypeProperties,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ManagedTypeProperties {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub create_time: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SelfHostedStatus {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub data_factory_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<State>,
        pub type_properties: SelfHostedTypeProperties,
    }

    #[derive(Serialize, Deserialize)]
    pub enum AutoUpdate {
        On,
        Off,
    }

    #[derive(Serialize, Deserialize)]
    pub enum UpdateResult {
        None,
        Succeed,
        Fail,
    }

    #[derive(Serialize, Deserialize)]
    pub enum NodeStatus {
        NeedRegistration,
        Online,
        Limited,
        Offline,
        Upgrading,
        Initializing,
        InitializeFailed,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SelfHostedTypeProperties {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub create_time: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub task_queue_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub nodes: Option<Vec<Node>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scheduled_update_date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub update_delay_offset: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub local_time_zone_offset: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub capabilities: Option<BTreeMap<String, String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub service_urls: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub auto_update: Option<AutoUpdate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version_status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pushed_version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub latest_version: Option<String>,
        #[serde(default, rename = "autoUpdateETA", skip_serializing_if = "Option::is_none")]
        pub auto_update_eta: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Node {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub node_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub machine_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub host_service_uri: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<NodeStatus>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub capabilities: Option<BTreeMap<String, String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version_status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub register_time: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_connect_time: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_start_time: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_update_result: Option<UpdateResult>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub is_active_dispatcher: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_concurrent_jobs: Option<i32>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct GatewayList {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub value: Option<Vec<Gateway>>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Gateway {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub properties: Option<GatewayProperties>,
    }

    /// A plain derive cannot keep an unknown status; `String` is what it would use instead.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GatewayProperties {
        #[serde(default)]
        pub key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        #[serde(default)]
        pub host_service_uri: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub data_factory_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version_status: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub provisioning_state: Option<String>,
        #[serde(default)]
        pub version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub create_time: Option<String>,
        #[serde(default)]
        pub register_time: Option<String>,
        #[serde(default)]
        pub last_connect_time: Option<String>,
        #[serde(default)]
        pub expiry_time: Option<String>,
    }
}

fn parts() -> http::response::Parts {
    http::Response::builder().status(200).body(()).expect("a response").into_parts().0
}

fn get_status(c: &mut Criterion) {
    let group = c.benchmark_group("get_status");
    compare::<IntegrationRuntimeStatusResponse, plain::StatusResponse>(group, GET_STATUS.as_bytes());
}

fn gateway_list_10k(c: &mut Criterion) {
    let text = gateway_list(10_000);
    let mut group = c.benchmark_group("gateway_list_10000");
    group.sample_size(20).measurement_time(Duration::from_secs(4));
    compare::<GatewayListResponse, plain::GatewayList>(group, text.as_bytes());
}

/// Deserializes and serializes `body` with the generated type `G`, the plain derive `P` of the
/// same shape and `serde_json::Value`, side by side in one group.
fn compare<G, P>(mut group: BenchmarkGroup<'_, WallTime>, body: &[u8])
where
    G: serde::Serialize + serde::de::DeserializeOwned,
    P: serde::Serialize + serde::de::DeserializeOwned,
{
    let parts = parts();
    let generated: G = serde_json::from_slice(body).expect("generated");
    let plain: P = serde_json::from_slice(body).expect("plain");
    let value: serde_json::Value = serde_json::from_slice(body).expect("value");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("deserialize/generated", |b| {
        b.iter(|| serde_json::from_slice::<G>(black_box(body)).expect("decodes"))
    });
    group.bench_function("deserialize/generated_decode_json", |b| {
        b.iter(|| {
            datafactory::runtime::decode_json::<G>(&parts, black_box(body), datafactory::models::SECRET_PROPERTIES)
                .expect("decodes")
        })
    });
    group.bench_function("deserialize/plain_derive", |b| {
        b.iter(|| serde_json::from_slice::<P>(black_box(body)).expect("decodes"))
    });
    group.bench_function("deserialize/value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).expect("decodes"))
    });
    group.bench_function("serialize/generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).expect("encodes"))
    });
    group.bench_function("serialize/plain_derive", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)).expect("encodes"))
    });
    group.bench_function("serialize/value", |b| b.iter(|| serde_json::to_vec(black_box(&value)).expect("encodes")));
    group.finish();
}

fn request_builders(c: &mut Criterion) {
    let subscription = "00000000-0000-0000-0000-000000000000";
    let mut group = c.benchmark_group("request");
    group.bench_function("gateways_create_build", |b| {
        b.iter(|| {
            gateways::Create::new(black_box(subscription), "adf", "test", "gatewaytest")
                .description("test description.")
                .build()
                .expect("builds")
        })
    });
    group.bench_function("integration_runtimes_get_status_build", |b| {
        b.iter(|| {
            integration_runtimes::GetStatus::new(
                black_box(subscription),
                "exampleResourceGroup",
                "exampleFactoryName",
                "exampleIntegrationRuntime",
            )
            .build()
            .expect("builds")
        })
    });
    // The floor: the same request with `http` alone (no checks, no encoding, a fixed request id).
    group.bench_function("http_request_builder_floor", |b| {
        b.iter(|| {
            let uri = format!(
                "https://management.azure.com/subscriptions/{}/resourcegroups/adf/providers/Microsoft.DataFactory/datafactories/test/gateways/gatewaytest?api-version=2015-10-01",
                black_box(subscription)
            );
            http::Request::builder()
                .method(http::Method::PUT)
                .uri(uri)
                .header("x-ms-client-request-id", "00000000-0000-0000-0000-000000000000")
                .header("content-type", "application/json")
                .body(br#"{"name":"gatewaytest","properties":{"description":"test description."}}"#.to_vec())
                .expect("builds")
        })
    });
    group.finish();
}

criterion_group!(benches, get_status, gateway_list_10k, request_builders);
criterion_main!(benches);
