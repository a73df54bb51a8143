//! The fuzz targets' properties, one function per target, and what they share: in-memory input
//! files, reading them, and the secret oracle. The targets in `fuzz_targets/` call them, and
//! `tests/fuzz_regressions.rs` replays the seeds through them (it includes this file).

use datafactory::models::IntegrationRuntimeStatus;
use datafactory::runtime::{IsoDuration, Timestamp, decode_json, parse_retry_after};
use datafactory::{Error, gateways, integration_runtimes};
use datafactory_v2 as v2;
use restgen::{Options, SourceFile, generate_from_inputs, lower_from_inputs, lower_sources};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

#[path = "mutate.rs"]
pub mod mutate;

/// Where one input is cut into several files: the text after the n-th separator is the file
/// `FILE_NAMES[n]`, so `$ref`s across files (and cycles of them) are reachable.
pub const FILE_SEPARATOR: &str = "\n#--file--\n";

/// The paths the files of one input are given; the first is the input the reader starts from.
pub const FILE_NAMES: [&str; 3] = ["main.json", "defs/types.json", "common.yaml"];

/// The files of one input, by path.
pub fn split_files(text: &str) -> BTreeMap<String, String> {
    FILE_NAMES
        .iter()
        .zip(text.split(FILE_SEPARATOR))
        .map(|(path, text)| ((*path).to_owned(), text.to_owned()))
        .collect()
}

/// Reads and lowers `files` through the import readers, from `FILE_NAMES[0]`, then renders the
/// diagnostics or warnings as the CLI would (their positions point into the texts read).
pub fn read_and_render_diagnostics(files: &BTreeMap<String, String>) {
    let mut loader = |path: &str| files.get(path).cloned().ok_or_else(|| format!("no file {path}"));
    let inputs = [FILE_NAMES[0].to_owned()];
    match lower_from_inputs(&inputs, &mut loader, &Options::default()) {
        Ok((_, warnings, sources)) => warnings.iter().for_each(|warning| drop(warning.render(&sources))),
        Err((errors, sources)) => drop(errors.render(&sources)),
    }
}

/// The one secret the decode target looks for: distinctive, so that no fixed text of an error
/// message can contain it by chance.
pub const SECRET: &str = "ADF#fuzzed-secret@value";

/// Whether `body` is JSON (strictly) that holds [`SECRET`] as the string value of a property
/// named `name` (after escapes are decoded), at any depth. Only then is the secret known to be
/// one; a body that is not JSON has no certain reading, and is checked for panics alone.
pub fn holds_secret(body: &[u8], name: &str) -> bool {
    fn walk(value: &serde_json::Value, name: &str) -> bool {
        match value {
            serde_json::Value::Object(map) => {
                map.iter().any(|(key, value)| (key == name && value.as_str() == Some(SECRET)) || walk(value, name))
            }
            serde_json::Value::Array(items) => items.iter().any(|item| walk(item, name)),
            _ => false,
        }
    }
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|value| walk(&value, name))
}

/// Every text an error offers: `Display`, `Debug`, and the public texts of its parts.
pub fn error_texts(error: &datafactory::Error) -> String {
    use datafactory::Error;
    let mut texts = format!("{error}\n{error:?}");
    if let Error::Decode(decode) = error {
        texts.push_str(&format!("\n{}\n{}", decode.message, decode.excerpt));
    }
    if let Error::Service(service) = error {
        texts.push_str(&format!("\n{:?}", service.cloud_error));
    }
    texts
}

/// The spec files of the repository, for targets that splice inputs into real ones.
pub fn source(path: &str, text: &str) -> SourceFile {
    SourceFile { path: path.to_owned(), text: text.to_owned() }
}

/// Small real specs to splice inputs into or to set beside them: lowering reaches deep only
/// from text that is mostly valid, and these are small enough to keep every run fast.
const FIXTURES: [(&str, &str); 4] = [
    ("spec/union.yaml", include_str!("../../tests/fixtures/union.yaml")),
    ("spec/operation.yaml", include_str!("../../tests/fixtures/operation.yaml")),
    ("spec/secret.yaml", include_str!("../../tests/fixtures/secret.yaml")),
    ("spec/map.yaml", include_str!("../../tests/fixtures/map.yaml")),
];

/// `read_spec`: the own YAML reader and lowering on any bytes, alone, spliced into a fixture or
/// beside one; no panic, and the diagnostics render.
pub fn read_spec(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let (path, fixture) = FIXTURES[usize::from(mode >> 2) % FIXTURES.len()];
    let sources: Vec<SourceFile> = match mode % 4 {
        // The input alone.
        0 | 1 => vec![source("spec/fuzz.yaml", &text)],
        // The input spliced into a fixture at a line the input's first byte chooses.
        2 => {
            let lines: Vec<&str> = fixture.split_inclusive('\n').collect();
            let at = usize::from(rest.first().copied().unwrap_or(0)) % (lines.len() + 1);
            vec![source(path, &format!("{}{text}{}", lines[..at].concat(), lines[at..].concat()))]
        }
        // The input as a second file beside a fixture: one namespace of definitions.
        _ => vec![source(path, fixture), source("spec/fuzz.yaml", &text)],
    };
    if let Err(errors) = lower_sources(&sources) {
        drop(errors.render(&sources));
    }
}

/// `read_swagger` and `read_openapi`: an input holding `marker` (`swagger`, `openapi`), cut into
/// files, is read and lowered; no panic, and the diagnostics render. Without the marker the input
/// is read as the own format, which `read_spec` covers.
pub fn read_import(data: &[u8], marker: &str) {
    let text = String::from_utf8_lossy(data);
    if !text.contains(marker) {
        return;
    }
    read_and_render_diagnostics(&split_files(&text));
}

/// `render`: the emitters and renderer on every input a reader accepts; the generated files parse as Rust.
pub fn render(data: &[u8]) {
    let files = split_files(&String::from_utf8_lossy(data));
    let mut loader = |path: &str| files.get(path).cloned().ok_or_else(|| format!("no file {path}"));
    let inputs = [FILE_NAMES[0].to_owned()];
    // Inputs that do not lower end here, cheaply: only valid specs reach the renderer.
    let Ok(generated) = generate_from_inputs(&inputs, &mut loader, &Options::default()) else { return };
    for file in generated.generated.files {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {error}\n{}", file.path, file.contents);
        }
    }
}

/// The statuses every body is read with: successes of each kind the operations declare, and errors.
const STATUSES: [u16; 6] = [200, 201, 202, 204, 400, 500];

/// `decode`: `[mode, choice, body...]`, one reading per run chosen by the first two bytes
/// (response bodies, the union, texts); no panic, and no error text shows the secret.
pub fn decode(data: &[u8]) {
    let [mode, choice, body @ ..] = data else { return };
    // One reading per run, chosen by the first two bytes: runs stay short, and the fuzzer
    // learns which choice reaches what.
    match mode % 3 {
        0 => read_response(*choice, STATUSES[usize::from(mode / 3) % STATUSES.len()], body),
        1 => union(body),
        _ => texts(&String::from_utf8_lossy(body)),
    }
}

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
