//! Layers around every operation: Azure's tracing and rate-limit response headers, and bearer-token auth.

use super::error::ApiError;
use super::state::{State, routing_stamp};
use axum::extract::{Request, State as Shared};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use uuid::Uuid;

const CORRELATION_ID: &str = "x-ms-correlation-request-id";

/// Outermost: every answer, faults included, carries the `x-ms-*` headers Azure Resource Manager adds.
pub(crate) async fn stamp(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    // getStatus is a POST that only reads, and Azure counts it against the read budget.
    let read = matches!(*request.method(), Method::GET | Method::HEAD) || request.uri().path().ends_with("/getStatus");
    // A correlation id the client chose ties its retries together, so it is echoed; otherwise one is made.
    let correlation = request
        .headers()
        .get(CORRELATION_ID)
        .filter(|value| !value.is_empty())
        .cloned()
        .unwrap_or_else(|| uuid_value(Uuid::new_v4()));
    let mut response = next.run(request).await;
    let routing = format!("LOCAL:{}:{}", routing_stamp(), correlation.to_str().unwrap_or_default());
    let remaining_name = if read {
        "x-ms-ratelimit-remaining-subscription-reads"
    } else {
        "x-ms-ratelimit-remaining-subscription-writes"
    };
    let headers = response.headers_mut();
    headers.insert("x-ms-request-id", uuid_value(Uuid::new_v4()));
    headers.insert(HeaderName::from_static(CORRELATION_ID), correlation);
    if let Ok(routing) = HeaderValue::from_str(&routing) {
        headers.insert("x-ms-routing-request-id", routing);
    }
    headers.insert(HeaderName::from_static(remaining_name), HeaderValue::from(state.remaining(read)));
    response
}

fn uuid_value(id: Uuid) -> HeaderValue {
    HeaderValue::from_str(&id.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Inside the fault layer: only `Authorization: Bearer <the configured token>` gets through.
pub(crate) async fn authenticate(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    let header = request.headers().get(AUTHORIZATION).map(|value| value.to_str().unwrap_or_default());
    let token = header.and_then(|value| value.split_once(' ')).and_then(|(scheme, token)| {
        // The scheme is case-insensitive (RFC 9110); the token is compared exactly.
        scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
    });
    if token == Some(state.token.as_str()) {
        return next.run(request).await;
    }
    let message = match header {
        None => "Authentication failed. The 'Authorization' header is missing.",
        Some(_) => "Authentication failed. The 'Authorization' header is not a valid bearer token for this service.",
    };
    let mut response = ApiError::new(StatusCode::UNAUTHORIZED, "AuthenticationFailed", message).into_response();
    response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
    response
}

/// Inside recording and faults, before auth: like Azure's front end, refuse a `POST`, `PUT` or
/// `PATCH` that states no length (neither `content-length` nor a chunked body) with `411 Length
/// Required` and the front end's HTML page, not a CloudError.
pub(crate) async fn require_length(request: Request, next: Next) -> Response {
    let carries_body = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH);
    let headers = request.headers();
    let states_length = headers.contains_key(CONTENT_LENGTH) || headers.contains_key(TRANSFER_ENCODING);
    if carries_body && !states_length {
        let page = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><HTML><HEAD><TITLE>Length Required</TITLE></HEAD>\
                    <BODY><h2>Length Required</h2><hr><p>HTTP Error 411. The request must be chunked or have a content length.</p></BODY></HTML>";
        let mut response = (StatusCode::LENGTH_REQUIRED, page).into_response();
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=us-ascii"));
        return response;
    }
    next.run(request).await
}
