//! The runtime's decoding on any bytes: response bodies, the union, timestamps, durations, `Retry-After`; no panic, no secret in error text.

#![no_main]

use datafactory::models::IntegrationRuntimeStatus;
use datafactory::runtime::{IsoDuration, Timestamp, decode_json, parse_retry_after};
use datafactory::{Error, gateways, integration_runtimes};
use datafactory_fuzz::{SECRET, error_texts, holds_secret};
use datafactory_v2 as v2;
use libfuzzer_sys::fuzz_target;
use std::time::{Duration, SystemTime};

/// The statuses every body is read with: successes of each kind the operations declare, and errors.
const STATUSES: [u16; 6] = [200, 201, 202, 204, 400, 500];

fuzz_target!(|data: &[u8]| {
    let [mode, choice, body @ ..] = data else { return };
    // One reading per run, chosen by the first two bytes: runs stay short, and the fuzzer
    // learns which choice reaches what.
    match mode % 3 {
        0 => read_response(*choice, STATUSES[usize::from(mode / 3) % STATUSES.len()], body),
        1 => union(body),
        _ => texts(&String::from_utf8_lossy(body)),
    }
});

/// The operations whose `parse_response` reads bodies: every one of the seed crate, and a few of
/// `datafactory-v2` (its unions, pages, long-running starts, secrets).
const OPERATIONS: usize = 15;

/// Operation `choice` (modulo [`OPERATIONS`]) reads `body` with `status`. A body that holds the
/// secret under a secret property (`key` in the seed crate, `value` in `datafactory-v2`) never
/// shows it in an error.
fn read_response(choice: u8, status: u16, body: &[u8]) {
    let response = response(status, body);
    let (result, secret) = match usize::from(choice) % OPERATIONS {
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

/// An error about a body that holds [`SECRET`] under the property `name` does not show it.
fn check_secret<T>(result: Result<T, Error>, body: &[u8], name: &str) {
    if let Err(error) = result
        && holds_secret(body, name)
    {
        let texts = error_texts(&error);
        assert!(!texts.contains(SECRET), "the secret leaked:\n{texts}");
    }
}

fn response(status: u16, body: &[u8]) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.to_vec());
    *response.status_mut() = http::StatusCode::from_u16(status).expect("a valid status");
    response
}

/// The union's dispatch: a decoded value is written and read back to the same value, and an
/// error never shows the secret.
fn union(body: &[u8]) {
    let (parts, ()) = http::Response::new(()).into_parts();
    let secrets = datafactory::models::SECRET_PROPERTIES;
    match decode_json::<IntegrationRuntimeStatus>(&parts, body, secrets) {
        Ok(status) => {
            let written = serde_json::to_vec(&status).expect("a decoded value serializes");
            let again = decode_json::<IntegrationRuntimeStatus>(&parts, &written, secrets);
            assert_eq!(again.ok().as_ref(), Some(&status), "does not read back: {}", String::from_utf8_lossy(&written));
        }
        result @ Err(_) => check_secret(result, body, "key"),
    }
}

/// Timestamps, durations and `Retry-After` values from any text.
fn texts(text: &str) {
    if let Ok(timestamp) = Timestamp::parse(text) {
        // The text is kept as sent, and formatting the value gives a timestamp of the same instant.
        assert_eq!(timestamp.as_str(), text);
        assert_eq!(timestamp.to_string(), text);
        if let Ok(formatted) = Timestamp::try_from(timestamp.value()) {
            let again = Timestamp::parse(formatted.as_str()).expect("a formatted timestamp parses");
            assert_eq!(again.value(), timestamp.value(), "{text} formats as {formatted}");
        }
    }
    let duration = IsoDuration::new(text);
    let signed = duration.to_signed();
    if let Ok(length) = duration.to_std() {
        // A duration that has a std length has the same signed one.
        let signed = signed.expect("a duration with a std length has a signed one");
        assert!(!signed.is_negative(), "{text}: {length:?} but {signed}");
    }
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let _ = parse_retry_after(text, now);
}
