//! Property tests: any value of an open enum and any status of the union round-trips.

use datafactory::models::{GatewayStatus, IntegrationRuntimeState, IntegrationRuntimeStatus, IntegrationRuntimeType};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const STATES: &[&str] = &[
    "Initial",
    "Stopped",
    "Started",
    "Starting",
    "Stopping",
    "NeedRegistration",
    "Online",
    "Limited",
    "Offline",
    "AccessDenied",
];

fn wire_string() -> impl Strategy<Value = String> {
    prop_oneof![proptest::sample::select(STATES).prop_map(str::to_owned), any::<String>(), "[A-Za-z-]{0,12}"]
}

proptest! {
    #[test]
    fn any_enum_value_round_trips(value in wire_string()) {
        let json = Value::String(value.clone());
        let state: IntegrationRuntimeState = serde_json::from_value(json.clone()).unwrap();
        prop_assert_eq!(state.as_str(), value.as_str());
        prop_assert_eq!(serde_json::to_value(&state).unwrap(), json.clone());
        prop_assert_eq!(STATES.contains(&value.as_str()), !matches!(state, IntegrationRuntimeState::Unknown(_)));
        let status: GatewayStatus = serde_json::from_value(json.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&status).unwrap(), json);
        prop_assert_eq!(value.parse::<IntegrationRuntimeType>().unwrap().to_string(), value);
    }

    #[test]
    fn any_runtime_status_round_trips(
        kind in prop_oneof![Just("Managed".to_owned()), Just("SelfHosted".to_owned()), "[A-Za-z-]{1,12}"],
        state in proptest::option::of(wire_string()),
        factory in proptest::option::of(any::<String>()),
        extras in proptest::collection::btree_map("[a-z]{1,8}x", any::<i64>(), 0..4),
        nodes in proptest::collection::vec(("[a-z]{1,8}", proptest::option::of(any::<i32>())), 0..3),
    ) {
        let mut object = Map::new();
        object.insert("type".into(), json!(kind));
        if let Some(state) = &state { object.insert("state".into(), json!(state)); }
        if let Some(factory) = &factory { object.insert("dataFactoryName".into(), json!(factory)); }
        for (key, value) in &extras { object.insert(key.clone(), json!(value)); }
        let nodes: Vec<Value> = nodes.iter().map(|(name, jobs)| match (kind.as_str(), jobs) {
            ("SelfHosted", Some(jobs)) => json!({"nodeName": name, "maxConcurrentJobs": jobs}),
            ("SelfHosted", None) => json!({"nodeName": name}),
            _ => json!({"nodeId": name}),
        }).collect();
        object.insert("typeProperties".into(), json!({"nodes": nodes}));
        let value = Value::Object(object);

        let status: IntegrationRuntimeStatus = serde_json::from_value(value.clone()).unwrap();
        prop_assert_eq!(status.r#type(), kind.as_str());
        prop_assert_eq!(status.state().map(|s| s.as_str().to_owned()), state);
        prop_assert_eq!(status.data_factory_name().cloned(), factory);
        prop_assert_eq!(serde_json::to_value(&status).unwrap(), value);
    }
}
