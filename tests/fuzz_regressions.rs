//! The fuzz targets' properties (fuzz/fuzz_targets/) in the ordinary test suite, on stable and
//! without cargo-fuzz: every checked-in seed of fuzz/seeds/ holds them, and every input a fuzzer
//! ever crashed on becomes a test below, minimised and inline.
//!
//! Campaigns so far (fuzz/README.md) found no crash; the first one found goes in `crashes`.

use datafactory::runtime::{IsoDuration, Timestamp, decode_json, parse_retry_after};
use datafactory::{Error, gateways, integration_runtimes};
use datafactory_codegen::{Options, SourceFile, lower_from_inputs, lower_sources};
use datafactory_tests::root;
use datafactory_v2 as v2;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

// The targets' conventions, the same as fuzz/src/lib.rs.
const FILE_SEPARATOR: &str = "\n#--file--\n";
const FILE_NAMES: [&str; 3] = ["main.json", "defs/types.json", "common.yaml"];
const SECRET: &str = "ADF#fuzzed-secret@value";
const STATUSES: [u16; 6] = [200, 201, 202, 204, 400, 500];

/// `read_spec`, for the input alone (its mode 0): lowering and rendering diagnostics never panic.
fn read_spec(data: &[u8]) {
    let Some((_, rest)) = data.split_first() else { return };
    let sources = [SourceFile { path: "spec/fuzz.yaml".into(), text: String::from_utf8_lossy(rest).into_owned() }];
    if let Err(errors) = lower_sources(&sources) {
        drop(errors.render(&sources));
    }
}

/// `read_swagger` and `read_openapi`: reading, lowering and rendering diagnostics never panic.
fn read_imports(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let files: BTreeMap<&str, &str> = FILE_NAMES.iter().copied().zip(text.split(FILE_SEPARATOR)).collect();
    let mut loader =
        |path: &str| files.get(path).map(|text| (*text).to_owned()).ok_or_else(|| format!("no file {path}"));
    match lower_from_inputs(&[FILE_NAMES[0].to_owned()], &mut loader, &Options::default()) {
        Ok((_, warnings, sources)) => warnings.iter().for_each(|warning| drop(warning.render(&sources))),
        Err((errors, sources)) => drop(errors.render(&sources)),
    }
}

/// `decode`: `[mode, choice, body...]`; one reading per input, as the target chooses it.
fn decode(data: &[u8]) {
    let [mode, choice, body @ ..] = data else { return };
    match mode % 3 {
        0 => read_response(*choice, STATUSES[usize::from(mode / 3) % STATUSES.len()], body),
        1 => union(body),
        _ => texts(&String::from_utf8_lossy(body)),
    }
}

fn read_response(choice: u8, status: u16, body: &[u8]) {
    let response = http::Response::builder().status(status).body(body.to_vec()).expect("a valid status");
    let (result, secret) = match choice % 15 {
        0 => (gateways::Create::parse_response(response).map(drop), "key"),
        1 => (gateways::Delete::parse_response(response).map(drop), "key"),
        2 => (gateways::Get::parse_response(response).map(drop), "key"),
        3 => (gateways::List::parse_response(response).map(drop), "key"),
        4 => (gateways::RegenerateKey::parse_response(response).map(drop), "key"),
        5 => (gateways::Update::parse_response(response).map(drop), "key"),
        6 => (integration_runtimes::GetStatus::parse_response(response).map(drop), "key"),
        7 => (v2::factories::Get::parse_response(response).map(drop), "value"),
        8 => (v2::factories::List::parse_response(response).map(drop), "value"),
        9 => (v2::integration_runtimes::GetStatus::parse_response(response).map(drop), "value"),
        10 => (v2::integration_runtimes::ListAuthKeys::parse_response(response).map(drop), "value"),
        11 => (v2::integration_runtimes::Start::parse_response(response).map(drop), "value"),
        12 => (v2::linked_services::Get::parse_response(response).map(drop), "value"),
        13 => (v2::pipelines::CreateRun::parse_response(response).map(drop), "value"),
        _ => (v2::triggers::Get::parse_response(response).map(drop), "value"),
    };
    check_secret(result, body, secret);
}

/// An error about a body that (as strict JSON) holds [`SECRET`] under the property `name` never shows it.
fn check_secret<T>(result: Result<T, Error>, body: &[u8], name: &str) {
    fn holds(value: &serde_json::Value, name: &str) -> bool {
        match value {
            serde_json::Value::Object(map) => {
                map.iter().any(|(key, value)| (key == name && value.as_str() == Some(SECRET)) || holds(value, name))
            }
            serde_json::Value::Array(items) => items.iter().any(|item| holds(item, name)),
            _ => false,
        }
    }
    let Err(error) = result else { return };
    if serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|value| holds(&value, name)) {
        let mut texts = format!("{error}\n{error:?}");
        if let Error::Decode(decode) = &error {
            texts.push_str(&format!("\n{}\n{}", decode.message, decode.excerpt));
        }
        if let Error::Service(service) = &error {
            texts.push_str(&format!("\n{:?}", service.cloud_error));
        }
        assert!(!texts.contains(SECRET), "the secret leaked:\n{texts}");
    }
}

fn union(body: &[u8]) {
    let (parts, ()) = http::Response::new(()).into_parts();
    let secrets = datafactory::models::SECRET_PROPERTIES;
    match decode_json::<datafactory::models::IntegrationRuntimeStatus>(&parts, body, secrets) {
        Ok(status) => {
            let written = serde_json::to_vec(&status).expect("a decoded value serializes");
            let again = decode_json(&parts, &written, secrets).ok();
            assert_eq!(again.as_ref(), Some(&status), "does not read back: {}", String::from_utf8_lossy(&written));
        }
        result @ Err(_) => check_secret(result, body, "key"),
    }
}

fn texts(text: &str) {
    if let Ok(timestamp) = Timestamp::parse(text) {
        assert_eq!(timestamp.as_str(), text);
        if let Ok(formatted) = Timestamp::try_from(timestamp.value()) {
            let again = Timestamp::parse(formatted.as_str()).expect("a formatted timestamp parses");
            assert_eq!(again.value(), timestamp.value(), "{text} formats as {formatted}");
        }
    }
    let duration = IsoDuration::new(text);
    if let Ok(length) = duration.to_std() {
        let signed = duration.to_signed().expect("a duration with a std length has a signed one");
        assert!(!signed.is_negative(), "{text}: {length:?} but {signed}");
    }
    let _ = parse_retry_after(text, SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000));
}

/// Every seed of one target, through `property`.
fn replay(target: &str, property: fn(&[u8])) {
    let folder = root().join("fuzz/seeds").join(target);
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        property(&std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display())));
        count += 1;
    }
    assert!(count > 0, "no seeds in {}", folder.display());
}

#[test]
fn the_read_spec_seeds_hold_its_properties() {
    replay("read_spec", read_spec);
}

#[test]
fn the_read_swagger_seeds_hold_its_properties() {
    replay("read_swagger", read_imports);
}

#[test]
fn the_read_openapi_seeds_hold_its_properties() {
    replay("read_openapi", read_imports);
}

#[test]
fn the_decode_seeds_hold_its_properties() {
    replay("decode", decode);
}

// Crashes: one test per input a fuzzer crashed on, the minimised input inline and the target's
// property called on it (`#[test] fn <what_broke>() { decode(b"...") }`). None found yet.
