//! What every example harness of `cargo xtask corpus` shares: an example's parameters read as a
//! builder's arguments, the built request compared with the example and its operation's
//! description, and each example response decoded by the generated code and compared with the
//! example's JSON.
//!
//! A harness is a small program the corpus command writes beside each generated crate: one
//! `build` and one `parse` function with an arm per operation (the only generated part), and
//! [`run`] from here, which reads the cases, calls them and prints the [`Outcome`]s as JSON.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

mod wire;
pub use wire::{FormServer, SendRequest};

/// One example of one operation, as the corpus command writes it for a harness.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    /// The operation's index in the harness's `build` and `parse` tables.
    pub operation: usize,
    /// The operation id in the input.
    pub id: String,
    /// Where the example is: its file, or the document and JSON pointer of an inline example.
    pub file: String,
    /// `GET`, `PUT`, ...
    pub method: String,
    /// The path template of the input (`/subscriptions/{subscriptionId}/...`), with the literal
    /// query an `x-ms-paths` key carries.
    pub path: String,
    /// Every parameter of the operation in the input, shared ones resolved: `(name, in)`.
    pub parameters: Vec<(String, String)>,
    /// The path parameters sent as they are, `/` included (`x-ms-skip-url-encoding`).
    #[serde(default)]
    pub raw_path: Vec<String>,
    /// Whether the example gives the request's parameters, so that the request is built and
    /// compared (Azure's `x-ms-examples` do; OpenAPI response examples do not).
    pub request: bool,
    /// The example: `{"parameters": {...}, "responses": {"200": {"body": ..., "headers": {...}}}}`.
    pub example: Value,
}

/// What a harness found for one [`Case`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: String,
    pub file: String,
    /// `None` when the case builds no request; else `Ok` when the built request is the
    /// example's, or why it is not.
    pub request: Option<Result<(), String>>,
    /// `None` when no request was built; else `Ok` when the crate's generated server (its
    /// `Mock`s) took the built request and the client read the server's answer, or why not.
    #[serde(default)]
    pub served: Option<Result<(), String>>,
    pub responses: Vec<ResponseOutcome>,
}

/// What the generated code made of one example response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseOutcome {
    /// The status as the example writes it.
    pub status: String,
    /// Whether the example response has a body.
    pub has_body: bool,
    /// `Ok(None)`: decoded and written back to the same JSON; `Ok(Some(difference))`: decoded,
    /// but written back differently (the first difference); `Err`: not decoded, and why.
    pub result: Result<Option<String>, String>,
}

/// A harness's `build` table: the request operation `index`'s builder makes from an example.
pub type Build = fn(usize, &Example) -> Result<http::Request<Vec<u8>>, String>;
/// A harness's `parse` table: the response read by operation `index`'s generated code, as JSON
/// (a success's body, or an error status's body read as the type the spec gives it).
pub type Parse = fn(usize, http::Response<Vec<u8>>) -> Result<Value, String>;

/// The harness's `main`: reads the cases from the file named by the first argument, checks each
/// and prints the outcomes as one JSON array. A panic in generated code is an outcome too. Form
/// requests also go to a local [`FormServer`] with `send`.
pub fn run(build: Build, parse: Parse, send: SendRequest, serve: SendRequest) -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: harness <cases.json>");
        return std::process::ExitCode::from(2);
    };
    let cases: Vec<Case> = match std::fs::read(&path)
        .map_err(|error| error.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|error| error.to_string()))
    {
        Ok(cases) => cases,
        Err(error) => {
            eprintln!("{path}: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let server = match FormServer::start() {
        Ok(server) => server,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::from(2);
        }
    };
    let outcomes: Vec<Outcome> =
        cases.iter().map(|case| check(case, build, parse, Some((&server, send, serve)))).collect();
    println!("{}", serde_json::to_string(&outcomes).expect("outcomes serialize"));
    std::process::ExitCode::SUCCESS
}

/// Checks one case: its request (when it gives one) and every response. A form request is read
/// back by `server` when there is one, else by `form_urlencoded` here.
///
/// With a server, the built request also goes to the crate's generated server (`serve`), whose
/// answer the operation's generated code must read.
pub fn check(
    case: &Case,
    build: Build,
    parse: Parse,
    server: Option<(&FormServer, SendRequest, SendRequest)>,
) -> Outcome {
    let empty = Map::new();
    let parameters = case.example.get("parameters").and_then(Value::as_object).unwrap_or(&empty);
    let body_parameter = case.parameters.iter().find(|(_, place)| place == "body").map(|(name, _)| name.as_str());
    let example = Example { parameters, body_parameter };
    let mut served = None;
    let request = case.request.then(|| {
        let built = catch_unwind(AssertUnwindSafe(|| build(case.operation, &example)))
            .unwrap_or_else(|panic| Err(format!("the builder panicked: {}", panic_text(&panic))));
        if let (Ok(request), Some((local, _, serve))) = (&built, server) {
            served = Some(local.serve(serve, request.clone()).and_then(|answer| {
                // A redirect is the outcome of an operation that declares only redirects.
                if !answer.status().is_success() && !answer.status().is_redirection() {
                    let body = String::from_utf8_lossy(answer.body());
                    return Err(format!("the generated server answered {}: {body}", answer.status()));
                }
                catch_unwind(AssertUnwindSafe(|| parse(case.operation, answer)))
                    .unwrap_or_else(|panic| Err(format!("the response reader panicked: {}", panic_text(&panic))))
                    .map(|_| ())
                    .map_err(|error| format!("the server's answer was not read: {error}"))
            }));
        }
        built.and_then(|request| {
            match request_difference(case, &example, &request, server.map(|(local, send, _)| (local, send))) {
                Some(difference) => Err(difference),
                None => Ok(()),
            }
        })
    });
    let responses = case
        .example
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(status, answer)| check_response(case.operation, status, answer, parse))
        .collect();
    Outcome { id: case.id.clone(), file: case.file.clone(), request, served, responses }
}

/// Reads one example response. An example `"body": ""` is no body: Azure's examples write it so
/// for a response without one (an empty body is not JSON, and `""` is no resource).
fn check_response(operation: usize, status: &str, answer: &Value, parse: Parse) -> ResponseOutcome {
    let body = answer.get("body").filter(|body| !body.is_null() && body.as_str() != Some(""));
    let result = example_response(status, answer, body).and_then(|response| {
        let decoded = catch_unwind(AssertUnwindSafe(|| parse(operation, response)))
            .unwrap_or_else(|panic| Err(format!("the response reader panicked: {}", panic_text(&panic))))?;
        let expected = body.cloned().unwrap_or(Value::Null);
        if decoded.is_null() && !expected.is_null() {
            return Ok(Some(format!(
                "a body ({}) where the operation declares none for this status: not read",
                short(&expected)
            )));
        }
        Ok((!same(&expected, &decoded)).then(|| first_difference(&expected, &decoded)))
    });
    ResponseOutcome { status: status.to_owned(), has_body: body.is_some(), result }
}

/// The HTTP response an example describes: its status (`default` as 500), headers and body
/// (JSON, or a string body as its text).
fn example_response(status: &str, answer: &Value, body: Option<&Value>) -> Result<http::Response<Vec<u8>>, String> {
    let code: u16 = match status {
        "default" => 500,
        other => other
            .parse()
            .or_else(|_| {
                other.to_ascii_uppercase().strip_suffix("XX").unwrap_or("?").parse().map(|hundreds: u16| hundreds * 100)
            })
            .map_err(|_| format!("the example's status `{status}` is not a status"))?,
    };
    let mut response = http::Response::builder().status(code);
    for (name, value) in answer.get("headers").and_then(Value::as_object).into_iter().flatten() {
        response = response.header(name.as_str(), text_of(value));
    }
    let bytes = match body {
        None => Vec::new(),
        Some(body) => {
            response = response.header("content-type", "application/json");
            serde_json::to_vec(body).expect("JSON serializes")
        }
    };
    response.body(bytes).map_err(|error| format!("the example's status or headers: {error}"))
}

/// An error status's body read as the type `T` the spec gives it, and written back as JSON
/// (`null` for an empty body).
pub fn decode_as<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<Value, String> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    let value: T = serde_json::from_slice(body).map_err(|error| format!("the error body: {error}"))?;
    written_back(&value)
}

/// A value as the crate writes it on the wire, read back as JSON. Not `serde_json::to_value`:
/// that widens an `f32` to the `f64` nearest it (`0.8` becomes `0.800000011920929`), where the
/// text the crate sends is `0.8`.
pub fn written_back<T: Serialize>(value: &T) -> Result<Value, String> {
    let text = serde_json::to_string(value).map_err(|error| error.to_string())?;
    serde_json::from_str(&text).map_err(|error| error.to_string())
}

/// The response of an operation that reads its body as text or bytes: an example writes such a
/// body as a JSON string (XML, CSV), which is the text on the wire.
pub fn raw_body(response: http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let (parts, body) = response.into_parts();
    let body = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::String(text)) => text.into_bytes(),
        _ => body,
    };
    http::Response::from_parts(parts, body)
}

/// A text or bytes body written back as the example writes it: a JSON string.
pub fn raw_value(body: &[u8]) -> Value {
    Value::String(String::from_utf8_lossy(body).into_owned())
}

/// An error status for which the operation declares no body type: fine without a body.
pub fn no_body_declared(status: u16, body: &[u8]) -> Result<Value, String> {
    if body.is_empty() {
        Ok(Value::Null)
    } else {
        Err(format!("status {status} has a body the operation declares no type for"))
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "(no message)".into())
}

/// A parameter value as the text a request carries: a string as it is, a list comma-separated,
/// anything else as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// A JSON value as `T`; a string that holds `T`'s JSON (`"5"` for an integer) and a scalar
/// where `T` is text are read too, as a service reads the text of a parameter.
fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_json::from_value(value.clone()).or_else(|error| {
        let again = match value {
            Value::String(text) => serde_json::from_str(text).ok(),
            Value::Number(_) | Value::Bool(_) => serde_json::from_value(Value::String(value.to_string())).ok(),
            _ => None,
        };
        again.ok_or_else(|| error.to_string())
    })
}

/// The `parameters` of one example, read the way a harness's `build` asks.
pub struct Example<'a> {
    parameters: &'a Map<String, Value>,
    /// The name of the operation's body parameter, if it has one.
    body_parameter: Option<&'a str>,
}

impl<'a> Example<'a> {
    /// An example's `parameters`, of an operation whose body parameter (if any) is named so.
    pub fn new(parameters: &'a Map<String, Value>, body_parameter: Option<&'a str>) -> Self {
        Example { parameters, body_parameter }
    }

    /// A parameter as text, if the example gives it.
    pub fn optional_text(&self, name: &str) -> Option<String> {
        self.parameters.get(name).map(text_of)
    }

    /// A required parameter as text.
    pub fn text(&self, name: &str) -> Result<String, String> {
        self.optional_text(name).ok_or_else(|| format!("the example has no parameter `{name}`"))
    }

    /// A required parameter of a typed value.
    pub fn value<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        self.optional_value(name)?.ok_or_else(|| format!("the example has no parameter `{name}`"))
    }

    /// A parameter of a typed value, if the example gives it.
    pub fn optional_value<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, String> {
        self.parameters
            .get(name)
            .map(|value| typed(value).map_err(|error| format!("the example's parameter `{name}`: {error}")))
            .transpose()
    }

    fn body_value(&self) -> Result<Option<&Value>, String> {
        let name = self.body_parameter.ok_or("the operation has no body parameter")?;
        Ok(self.parameters.get(name))
    }

    /// The whole body, required.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        self.optional_body()?.ok_or_else(|| "the example gives no body".to_owned())
    }

    /// The whole body, if the example gives one.
    pub fn optional_body<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        self.body_value()?.map(|body| typed(body).map_err(|error| format!("the example's body: {error}"))).transpose()
    }

    /// The whole body of a form, if the example gives one, read as the crate's server reads
    /// the form the example is: each value is text on the wire, so `"true"` is a boolean and a
    /// single value a list of one where the form's `shape` (see `decode_form`) says so.
    pub fn optional_form_body<T: DeserializeOwned>(&self, shape: &str) -> Result<Option<T>, String> {
        let Some(read) = self.form_read(shape)? else { return Ok(None) };
        typed(&read).map(Some).map_err(|error| format!("the example's body: {error}"))
    }

    /// A required property of a form body (an argument of `new`), read as the whole form is by
    /// [`Example::optional_form_body`].
    pub fn form_body_field<T: DeserializeOwned>(&self, shape: &str, name: &str) -> Result<T, String> {
        let read = self.form_read(shape)?.ok_or("the example gives no body")?;
        let value = read.get(name).ok_or_else(|| format!("the example's body has no `{name}`"))?;
        typed(value).map_err(|error| format!("the example's body `{name}`: {error}"))
    }

    /// The example's body written as a form and read back as `shape` says.
    fn form_read(&self, shape: &str) -> Result<Option<Value>, String> {
        let Some(body) = self.body_value()? else { return Ok(None) };
        let form = restgen_runtime::encode_form(body).map_err(|error| format!("the example's body: {error}"))?;
        let shape: Value = serde_json::from_str(shape).map_err(|error| format!("the form's shape: {error}"))?;
        Ok(Some(restgen_runtime::decode_form(&form, &shape)))
    }

    /// A required property of the body (an argument of `new`).
    pub fn body_field<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let body = self.body_value()?.ok_or("the example gives no body")?;
        let value = body.get(name).ok_or_else(|| format!("the example's body has no `{name}`"))?;
        typed(value).map_err(|error| format!("the example's body `{name}`: {error}"))
    }
}

/// How the built request differs from what the example and the operation's description say:
/// the method, the path with the example's values in its placeholders (after the base URL's own
/// path), every query parameter and header the example gives, and the body parameter as JSON.
pub fn request_difference(
    case: &Case,
    example: &Example<'_>,
    request: &http::Request<Vec<u8>>,
    server: Option<(&FormServer, SendRequest)>,
) -> Option<String> {
    if request.method().as_str() != case.method {
        return Some(format!("method {} instead of {}", request.method(), case.method));
    }
    let place = |wanted: &'static str| {
        case.parameters.iter().filter(move |(_, place)| place == wanted).map(|(name, _)| name.as_str())
    };
    // A literal query in the path (Azure's `x-ms-paths`) is part of every request.
    let (template, literal_query) = case.path.split_once('?').unwrap_or((&case.path, ""));
    // Segment by segment, each decoded: a value is one segment (a `/` in it is sent as `%2F`),
    // but for one sent as it is, whose `/`s make segments.
    // (The template's leading `/` makes no segment: the base URL's path may come before it.)
    let mut expected: Vec<String> = Vec::new();
    for segment in template.strip_prefix('/').unwrap_or(template).split('/') {
        let (mut text, mut raw) = (segment.to_owned(), false);
        for name in place("path") {
            let placeholder = format!("{{{name}}}");
            if text.contains(&placeholder) {
                text = text.replace(&placeholder, &example.optional_text(name).unwrap_or_default());
                raw |= case.raw_path.iter().any(|raw_name| raw_name == name);
            }
        }
        if raw {
            expected.extend(text.split('/').map(str::to_owned));
        } else {
            expected.push(text);
        }
    }
    let built: Vec<String> = request
        .uri()
        .path()
        .split('/')
        .map(|segment| percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned())
        .collect();
    if !built.ends_with(&expected) {
        return Some(format!("path {} instead of {}", request.uri().path(), expected.join("/")));
    }
    let literal = literal_query.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (name.to_owned(), value.to_owned())
    });
    let expected_query: BTreeSet<(String, String)> = place("query")
        .filter_map(|name| Some((name.to_owned(), example.optional_text(name)?)))
        .chain(literal)
        .collect();
    let built_query: BTreeSet<(String, String)> = request
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
            };
            (decode(name), decode(value))
        })
        .collect();
    if built_query != expected_query {
        let missing: Vec<_> = expected_query.difference(&built_query).collect();
        let extra: Vec<_> = built_query.difference(&expected_query).collect();
        return Some(format!("query: the example's {missing:?} where the request has {extra:?}"));
    }
    for name in place("header") {
        let Some(expected) = example.optional_text(name) else { continue };
        let built = request.headers().get(name).and_then(|value| value.to_str().ok());
        if built != Some(expected.as_str()) {
            return Some(format!("header `{name}`: {built:?} instead of {expected:?}"));
        }
    }
    let expected_body = example.body_value().ok().flatten();
    let form = request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|value| value.to_str().is_ok_and(|value| value.starts_with("application/x-www-form-urlencoded")));
    if form {
        let sent = match server {
            Some((server, send)) => match server.read_back(send, request) {
                Ok(fields) => fields,
                Err(error) => return Some(error),
            },
            None => form_urlencoded::parse(request.body())
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
        };
        return form_difference(expected_body, sent);
    }
    let built_body: Option<Result<Value, _>> =
        (!request.body().is_empty()).then(|| serde_json::from_slice::<Value>(request.body()));
    match (expected_body, built_body) {
        (_, Some(Err(error))) => Some(format!("the built body is not JSON: {error}")),
        (Some(expected), Some(Ok(built))) if !same(expected, &built) => {
            Some(format!("body differs: {}", first_difference(expected, &built)))
        }
        (Some(_), None) => Some("no body, where the example sends one".into()),
        (None, Some(Ok(built))) if example.body_parameter.is_none() => {
            Some(format!("a body ({built}) the operation does not declare"))
        }
        _ => None,
    }
}

/// How the fields of a form body, as a parser read them, differ from the example's JSON object:
/// each property is a field, a list of scalars repeats it, a nested object or list names its
/// members in brackets (OpenAPI's `form` with `explode`, and `deepObject`).
fn form_difference(expected: Option<&Value>, mut sent: Vec<(String, String)>) -> Option<String> {
    fn pairs(name: String, value: &Value, top: bool, out: &mut Vec<(String, String)>) {
        match value {
            Value::Null => {}
            Value::Array(items) if top && items.iter().all(|item| !item.is_object() && !item.is_array()) => {
                for item in items {
                    pairs(name.clone(), item, false, out);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    pairs(format!("{name}[{index}]"), item, false, out);
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    pairs(format!("{name}[{key}]"), member, false, out);
                }
            }
            scalar => out.push((name, text_of(scalar))),
        }
    }
    let mut wanted = Vec::new();
    match expected {
        Some(Value::Object(members)) => {
            for (key, member) in members {
                pairs(key.clone(), member, true, &mut wanted);
            }
        }
        Some(other) => return Some(format!("a form body where the example gives {}", short(other))),
        None => {}
    }
    wanted.sort();
    sent.sort();
    if wanted == sent {
        return None;
    }
    let missing: Vec<_> = wanted.iter().filter(|pair| !sent.contains(pair)).collect();
    let extra: Vec<_> = sent.iter().filter(|pair| !wanted.contains(pair)).collect();
    Some(format!("form fields: the example's {missing:?} where the request sends {extra:?}"))
}

/// JSON equality where `3` and `3.0` are the same number (a `number` is an `f64`).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

/// Where two JSON values first differ, as a JSON pointer and both values.
pub fn first_difference(expected: &Value, actual: &Value) -> String {
    fn walk(pointer: String, expected: &Value, actual: &Value) -> Option<String> {
        match (expected, actual) {
            (Value::Object(a), Value::Object(b)) => {
                let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                keys.into_iter().find_map(|key| match (a.get(key), b.get(key)) {
                    (Some(a), Some(b)) => walk(format!("{pointer}/{key}"), a, b),
                    (Some(a), None) => Some(format!("{pointer}/{key}: expected {}, got nothing", short(a))),
                    (None, Some(b)) => Some(format!("{pointer}/{key}: not expected ({})", short(b))),
                    (None, None) => None,
                })
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                a.iter().zip(b).enumerate().find_map(|(index, (a, b))| walk(format!("{pointer}/{index}"), a, b))
            }
            (Value::Array(a), Value::Array(b)) => {
                Some(format!("{pointer}: {} elements expected, {} got", a.len(), b.len()))
            }
            _ if same(expected, actual) => None,
            _ => Some(format!("{pointer}: expected {}, got {}", short(expected), short(actual))),
        }
    }
    walk(String::new(), expected, actual).unwrap_or_else(|| "equal values that compare unequal".to_owned())
}

/// A JSON value for a message: at most 80 characters.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case(parameters: &[(&str, &str)], example: Value) -> Case {
        Case {
            operation: 0,
            id: "Things_Put".into(),
            file: "examples/put.json".into(),
            method: "PUT".into(),
            path: "/things/{name}".into(),
            parameters: parameters.iter().map(|(name, place)| (name.to_string(), place.to_string())).collect(),
            raw_path: Vec::new(),
            request: true,
            example,
        }
    }

    /// A value's `/` is sent as `%2F`, one segment; a value sent as it is makes segments. The
    /// comparison tells them apart, which comparing the decoded path whole could not.
    #[test]
    fn a_path_value_is_one_segment_unless_it_is_sent_as_it_is() {
        let mut scoped = case(&[("scope", "path")], json!({ "parameters": { "scope": "a/b" } }));
        scoped.path = "/{scope}/things".into();
        let example = Example::new(scoped.example["parameters"].as_object().unwrap(), None);
        let request = |path: &str| {
            http::Request::builder().uri(format!("https://host{path}")).method("PUT").body(Vec::new()).unwrap()
        };
        assert_eq!(request_difference(&scoped, &example, &request("/a%2Fb/things"), None), None);
        assert!(request_difference(&scoped, &example, &request("/a/b/things"), None).is_some());
        scoped.raw_path = vec!["scope".into()];
        assert_eq!(request_difference(&scoped, &example, &request("/a/b/things"), None), None);
        assert!(request_difference(&scoped, &example, &request("/a%2Fb/things"), None).is_some());
        // Under a base URL with a path of its own (`https://host/v1`).
        assert_eq!(request_difference(&scoped, &example, &request("/v1/a/b/things"), None), None);
        let mut root = case(&[], json!({ "parameters": {} }));
        root.path = "/".into();
        let example = Example::new(root.example["parameters"].as_object().unwrap(), None);
        assert_eq!(request_difference(&root, &example, &request("/v1/"), None), None);
    }

    fn build(_: usize, example: &Example) -> Result<http::Request<Vec<u8>>, String> {
        let name = example.text("name")?;
        let top: Option<i32> = example.optional_value("$top")?;
        let mut uri = format!("https://host/things/{name}?api-version=1");
        if let Some(top) = top {
            uri.push_str(&format!("&%24top={top}"));
        }
        let body: Option<Value> = example.optional_body()?;
        let body = body.map(|body| serde_json::to_vec(&body).unwrap()).unwrap_or_default();
        http::Request::builder().method("PUT").uri(uri).body(body).map_err(|error| error.to_string())
    }

    fn parse(_: usize, response: http::Response<Vec<u8>>) -> Result<Value, String> {
        let mut value: Value = serde_json::from_slice(response.body()).map_err(|error| error.to_string())?;
        // A reader that drops every `null` member, as a lossy one would.
        if let Some(object) = value.as_object_mut() {
            object.retain(|_, member| !member.is_null());
        }
        Ok(value)
    }

    #[test]
    fn a_matching_request_and_a_lossless_body_pass() {
        let example = json!({
            "parameters": {"name": "a", "api-version": "1", "$top": 5, "body": {"size": 1.0}},
            "responses": {"200": {"body": {"size": 1}}}
        });
        let case = case(&[("name", "path"), ("api-version", "query"), ("$top", "query"), ("body", "body")], example);
        let outcome = check(&case, build, parse, None);
        assert_eq!(outcome.request, Some(Ok(())));
        assert_eq!(outcome.responses[0].result, Ok(None));
        assert!(outcome.responses[0].has_body);
    }

    #[test]
    fn differences_are_named_where_they_are() {
        let example = json!({
            "parameters": {"name": "a", "api-version": "2"},
            "responses": {"200": {"body": {"size": 1, "gone": null}}, "404": {}}
        });
        let case = case(&[("name", "path"), ("api-version", "query"), ("body", "body")], example);
        let outcome = check(&case, build, parse, None);
        let request = outcome.request.unwrap().unwrap_err();
        assert!(request.contains("api-version") && request.contains("\"2\""), "{request}");
        assert_eq!(outcome.responses[0].result, Ok(Some("/gone: expected null, got nothing".into())));
        // The 404 has no body, and an empty body is not JSON to this reader.
        assert!(!outcome.responses[1].has_body);
        assert!(outcome.responses[1].result.is_err());
    }

    #[test]
    fn a_missing_parameter_and_a_panic_are_outcomes() {
        let case = case(&[("name", "path")], json!({"parameters": {}, "responses": {}}));
        let outcome = check(&case, build, parse, None);
        assert_eq!(outcome.request, Some(Err("the example has no parameter `name`".into())));
        fn panics(_: usize, _: &Example) -> Result<http::Request<Vec<u8>>, String> {
            panic!("boom")
        }
        let outcome = check(&case, panics, parse, None);
        assert_eq!(outcome.request, Some(Err("the builder panicked: boom".into())));
    }

    #[test]
    fn a_form_body_is_read_back_by_an_independent_parser() {
        let example = json!({"Name": "a b", "Tags": ["x", "y"], "Meta": {"k": 1}, "Gone": null});
        let parse = |body: &[u8]| form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        assert_eq!(form_difference(Some(&example), parse(b"Tags=y&Name=a%20b&Tags=x&Meta%5Bk%5D=1")), None);
        let difference = form_difference(Some(&example), parse(b"Name=a+b&Tags=x")).unwrap();
        assert!(difference.contains("Tags") && difference.contains("Meta[k]"), "{difference}");
    }

    #[test]
    fn typed_values_are_read_from_their_text_too() {
        assert_eq!(typed::<i32>(&json!("5")), Ok(5));
        assert_eq!(typed::<bool>(&json!("true")), Ok(true));
        assert_eq!(typed::<String>(&json!(5)), Ok("5".into()));
        assert!(typed::<i32>(&json!("five")).is_err());
        assert_eq!(text_of(&json!(["a", "b"])), "a,b");
    }

    /// A form's example is read as the form it is: `"true"` a boolean, one value a list of one;
    /// as JSON the same body does not fit.
    #[test]
    fn a_form_example_is_read_as_its_server_reads_the_form() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(rename_all = "PascalCase")]
        struct Role {
            permission: Vec<String>,
            enabled: bool,
        }
        let parameters = json!({ "body": { "Permission": "sendMessage", "Enabled": "true" } });
        let example = Example::new(parameters.as_object().unwrap(), Some("body"));
        let shape = r#"{"Permission": ["s"], "Enabled": "b"}"#;
        let expected = Role { permission: vec!["sendMessage".into()], enabled: true };
        assert_eq!(example.optional_form_body::<Role>(shape), Ok(Some(expected)));
        assert_eq!(example.form_body_field::<Vec<String>>(shape, "Permission"), Ok(vec!["sendMessage".into()]));
        assert!(example.optional_body::<Role>().is_err());
    }
}
