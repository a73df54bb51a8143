//! Faults a test queues, and the middleware that records each request and then applies the next fault.

use super::error::ApiError;
use super::runtimes::unknown_type_status;
use super::state::{RecordedRequest, State};
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State as Shared};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode, request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// The most body a request may have; more is answered 400 (the real API bodies are tiny).
const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;
/// The value that stands for an enum value a newer service version added.
const UNKNOWN_ENUM_VALUE: &str = "Hibernating";

/// A misbehaviour of the service, applied to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After: <retry_after_secs>` and a CloudError body.
    TooManyRequests { retry_after_secs: u64 },
    /// That status with a CloudError body whose code is the reason phrase (`InternalServerError`); a
    /// status outside 200..=599 becomes 500, since HTTP cannot carry a final answer with it.
    Status(u16),
    /// The normal answer's status and headers, with only the first half of its body.
    TruncatedBody,
    /// Status 200 with the body `{"name": oops`.
    InvalidJson,
    /// The normal answer with every enum-valued field (gateway `status` and `versionStatus`, runtime
    /// `state`, `autoUpdate` and `internalChannelEncryption`, node `status` and `lastUpdateResult`)
    /// set to `"Hibernating"`.
    UnknownEnumValue,
    /// A runtime status of `"type": "Azure-SSIS"`, whatever the request (names come from a getStatus path).
    UnknownRuntimeType,
    /// The normal answer with `"futureProperty": {"x": 1}` added at the top and inside `properties`
    /// (for a list, also in each element and its `properties`).
    ExtraProperty,
    /// Waits this long, then answers normally.
    Slow(Duration),
    /// Status 200 headers and a few body bytes, then the connection is aborted.
    DropConnection,
}

/// Outermost but for the response headers: record the request, then apply the next fault, if any, before auth.
pub(crate) async fn record_and_inject(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = match to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(body) => body,
        Err(error) => {
            state.record(recorded(&parts, &[]));
            return ApiError::invalid_body(format!("The request body could not be read: {error}.")).into_response();
        }
    };
    state.record(recorded(&parts, &body));
    let fault = state.pop_fault();
    let request = Request::from_parts(parts, Body::from(body));
    match fault {
        None => next.run(request).await,
        Some(fault) => apply(fault, request, next).await,
    }
}

fn recorded(parts: &request::Parts, body: &[u8]) -> RecordedRequest {
    RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect(),
        body: body.to_vec(),
    }
}

async fn apply(fault: Fault, request: Request, next: Next) -> Response {
    match fault {
        Fault::TooManyRequests { retry_after_secs } => {
            let message = format!("Too many requests; retry after {retry_after_secs} seconds.");
            let mut response = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", message).into_response();
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
            response
        }
        Fault::Status(status) => {
            let status = StatusCode::from_u16(status)
                .ok()
                .filter(|status| (200..=599).contains(&status.as_u16()))
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ApiError::from_status(status, format!("Injected fault: the service answered {status}.")).into_response()
        }
        Fault::TruncatedBody => {
            let (mut parts, body) = next.run(request).await.into_parts();
            let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
            // A well-formed message whose body is cut: the client reads it whole and cannot decode it.
            parts.headers.remove(CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(body.slice(..body.len() / 2)))
        }
        Fault::InvalidJson => json_bytes(StatusCode::OK, Bytes::from_static(b"{\"name\": oops")),
        Fault::UnknownEnumValue => rewrite_json(next.run(request).await, replace_enums).await,
        Fault::UnknownRuntimeType => {
            let path = request.uri().path();
            let runtime = segment_after(path, "integrationRuntimes").unwrap_or_else(|| "unknown".to_owned());
            let factory = segment_after(path, "factories").unwrap_or_else(|| "unknown".to_owned());
            axum::Json(unknown_type_status(&runtime, &factory)).into_response()
        }
        Fault::ExtraProperty => rewrite_json(next.run(request).await, add_future_property).await,
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::DropConnection => drop_connection(),
    }
}

fn json_bytes(status: StatusCode, body: Bytes) -> Response {
    (status, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// The decoded path segment that follows the literal segment `marker`.
fn segment_after(path: &str, marker: &str) -> Option<String> {
    let mut segments = path.split('/').skip_while(|segment| *segment != marker);
    let segment = segments.nth(1)?;
    Some(percent_decode_str(segment).decode_utf8_lossy().into_owned())
}

/// Runs `change` on the JSON of an answer; answers without a JSON body (Delete's) go out unchanged.
async fn rewrite_json(response: Response, change: fn(&mut Value)) -> Response {
    let (mut parts, body) = response.into_parts();
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
        return Response::from_parts(parts, Body::from(body));
    };
    change(&mut value);
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(value.to_string()))
}

fn replace_enums(body: &mut Value) {
    fn set(object: &mut Value, fields: &[&str]) {
        for field in fields {
            if let Some(value) = object.get_mut(*field).filter(|value| value.is_string()) {
                *value = Value::from(UNKNOWN_ENUM_VALUE);
            }
        }
    }
    for item in items(body) {
        let Some(properties) = item.get_mut("properties") else { continue };
        // `versionStatus` is an enum on gateways only; a runtime's is a plain string inside typeProperties.
        set(properties, &["status", "versionStatus", "state"]);
        let Some(type_properties) = properties.get_mut("typeProperties") else { continue };
        set(type_properties, &["autoUpdate", "internalChannelEncryption"]);
        if let Some(Value::Array(nodes)) = type_properties.get_mut("nodes") {
            nodes.iter_mut().for_each(|node| set(node, &["status", "lastUpdateResult"]));
        }
    }
}

fn add_future_property(body: &mut Value) {
    fn add(object: &mut Value) {
        if let Value::Object(object) = object {
            object.insert("futureProperty".to_owned(), json!({ "x": 1 }));
            if let Some(properties @ Value::Object(_)) = object.get_mut("properties") {
                add(properties);
            }
        }
    }
    add(body);
    if let Some(Value::Array(value)) = body.get_mut("value") {
        value.iter_mut().for_each(add);
    }
}

/// The resources of an answer: the elements of a list's `value`, or the answer itself.
fn items(body: &mut Value) -> Vec<&mut Value> {
    if body.get("value").is_some_and(Value::is_array) {
        body.get_mut("value").and_then(Value::as_array_mut).map(|value| value.iter_mut().collect()).unwrap_or_default()
    } else {
        vec![body]
    }
}

/// 200 headers and the start of a JSON body go out; then the body stream fails, which makes hyper abort the connection.
fn drop_connection() -> Response {
    let start = stream::iter([Ok(Bytes::from_static(b"{\"name\": \"conn"))]);
    // The pause lets hyper flush the headers and the first bytes before the failure.
    let failure = stream::once(async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "injected fault: connection dropped"))
    });
    let body = Body::from_stream(start.chain(failure));
    (StatusCode::OK, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}
