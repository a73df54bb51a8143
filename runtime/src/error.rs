//! The crate's error type: every way an operation can fail, each with what a caller can act on.

use super::redact::Redactor;
use crate::CloudError;
use http::StatusCode;

/// Why an operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter breaks a rule of the spec; nothing was sent.
    #[error("invalid parameter `{parameter}` = {value:?}: {rule}")]
    InvalidParameter {
        /// The parameter's name in the spec.
        parameter: &'static str,
        /// The value given.
        value: String,
        /// The rule it breaks.
        rule: String,
    },
    /// The base URL is not an absolute `http` or `https` URL without query or fragment.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The request body could not be serialized.
    #[error("cannot serialize the request body: {0}")]
    Serialize(#[source] serde_json::Error),
    /// The request could not be assembled (an invalid header value, for instance).
    #[error("cannot build the request: {0}")]
    Request(#[source] http::Error),
    /// The client is missing a setting it needs.
    #[error("the client is not configured: {0}")]
    Config(&'static str),
    /// The credential gave no token; nothing was sent.
    #[error(transparent)]
    Credential(super::CredentialError),
    /// No complete response came back (after every allowed attempt).
    #[error(transparent)]
    Transport(super::TransportError),
    /// An attempt took longer than the client's timeout (after every allowed attempt).
    #[error("no response within {after:?}")]
    Timeout {
        /// The timeout of one attempt.
        after: std::time::Duration,
    },
    /// The response body is longer than the transport's limit (the client's
    /// [`max_body_size`](crate::ClientBuilder::max_body_size)); reading stopped there.
    #[error("the response body is longer than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The service named a next page or an operation status that cannot be followed: a link
    /// already followed (a loop), one to another origin than the request, or not a URL.
    #[error("cannot follow the link {link:?} the service gave: {reason}")]
    Link {
        /// The link, as the service wrote it.
        link: String,
        /// Why it is not followed.
        reason: &'static str,
    },
    /// A long-running operation ended as `Failed` or `Canceled`.
    #[error(transparent)]
    Failed(Box<FailedOperation>),
    /// A long-running operation did not end within the deadline set for waiting; it goes on at
    /// the service.
    #[error("the long-running operation did not end within {after:?}")]
    Deadline {
        /// The deadline.
        after: std::time::Duration,
    },
    /// The service broke the long-running operation protocol (a `202` without a status URL, a
    /// status without a `status` property).
    #[error("cannot follow the long-running operation: {reason}")]
    Polling {
        /// What was wrong.
        reason: String,
    },
    /// The service answered with an error status.
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The service answered with a success status and a body or header that does not match the spec.
    #[error(transparent)]
    Decode(Box<DecodeError>),
}

impl Error {
    /// The HTTP status of the response this error comes from, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            _ => None,
        }
    }
}

/// An error status from the service, with everything it sent about it.
///
/// `Display` and `Debug` never show a secret value: the body they print is redacted (see
/// [`ServiceError::body`]) and bounded.
#[derive(Clone, thiserror::Error)]
#[error("{}", self.describe())]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body parsed as a `CloudError`, when it is one, with secret values removed from its texts.
    pub cloud_error: Option<CloudError>,
    /// The `x-ms-request-id` header, to quote when asking for support.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The start of the body as received, at most [`ServiceError::BODY_LIMIT`] bytes: it may
    /// contain secret values (`Debug` shows it redacted).
    pub body: Vec<u8>,
    /// The length of the whole body, of which `body` is the start.
    pub body_len: usize,
    /// How many attempts the call made: more than one means an earlier attempt got no answer
    /// (or a retryable one), so a `404` on a retried `DELETE` may mean that it was deleted.
    pub attempts: u32,
    /// The JSON names of the secret properties, whose values `Debug` redacts.
    secrets: &'static [&'static str],
}

impl std::fmt::Debug for ServiceError {
    /// Shows the start of the body as text (at most [`ServiceError::DEBUG_LIMIT`] bytes), with
    /// the values of secret properties redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("cloud_error", &self.cloud_error)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers)
            .field("body", &self.debug_body())
            .field("body_len", &self.body_len)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl ServiceError {
    /// The most bytes of an error body kept in [`ServiceError::body`].
    pub const BODY_LIMIT: usize = 64 * 1024;
    /// The most bytes of the body that `Debug` prints.
    pub const DEBUG_LIMIT: usize = 2048;

    /// The error for `body`, which the caller has read whole (within the transport's limit).
    pub(crate) fn new(
        status: StatusCode,
        headers: http::HeaderMap,
        mut body: Vec<u8>,
        secrets: &'static [&'static str],
    ) -> Self {
        let cloud_error = redacted_cloud_error(&body, secrets);
        let request_id = headers.get("x-ms-request-id").and_then(|value| value.to_str().ok()).map(str::to_owned);
        let body_len = body.len();
        body.truncate(Self::BODY_LIMIT);
        ServiceError { status, cloud_error, request_id, headers, body, body_len, attempts: 1, secrets }
    }

    /// The start of the body for `Debug`, redacted, with how much was left out.
    fn debug_body(&self) -> String {
        let mut text = excerpt(&Redactor::for_body(&self.body, self.secrets), &self.body, Self::DEBUG_LIMIT);
        let shown = self.body.len().min(Self::DEBUG_LIMIT);
        if self.body_len > shown {
            text.push_str(&format!("... ({} more bytes)", self.body_len - shown));
        }
        text
    }

    /// The body as JSON with secret values redacted, when it is JSON.
    fn redacted_json(&self) -> Option<serde_json::Value> {
        let redactor = Redactor::for_body(&self.body, self.secrets);
        serde_json::from_str(&redactor.redact_json(&String::from_utf8_lossy(&self.body))).ok()
    }

    /// The error's code for programs, read as services write it: Azure's `x-ms-error-code`
    /// header, then the body's `error.code` (Azure, Google), a top-level `code` (Twilio, Stripe's
    /// `error.code` too; a number as its text), or an `error` that is text (OAuth 2.0). Secret
    /// values are redacted.
    pub fn code(&self) -> Option<String> {
        let header = self.headers.get("x-ms-error-code").and_then(|value| value.to_str().ok());
        if let Some(code) = header.filter(|code| !code.is_empty()) {
            return Some(code.to_owned());
        }
        let body = self.redacted_json()?;
        body.pointer("/error/code")
            .and_then(scalar_text)
            .or_else(|| body.get("code").and_then(scalar_text))
            .or_else(|| body.get("error").and_then(serde_json::Value::as_str).map(str::to_owned))
    }

    /// The error's message for people: the body's `error.message`, a top-level `message`,
    /// OAuth's `error_description`, RFC 9457's `detail` or `title`, or the first of `errors`
    /// (`[{"message": ...}]`). Secret values are redacted.
    pub fn message(&self) -> Option<String> {
        let body = self.redacted_json()?;
        ["/error/message", "/message", "/error_description", "/detail", "/title", "/errors/0/message"]
            .iter()
            .find_map(|pointer| body.pointer(pointer).and_then(scalar_text))
    }

    /// The errors that led to this one (Azure's `error.details`, each `{code, message}` or
    /// `{"error": {code, message}}`), as `(code, message)`; empty when the body lists none.
    pub fn details(&self) -> Vec<(Option<String>, Option<String>)> {
        let Some(body) = self.redacted_json() else { return Vec::new() };
        let items = body.pointer("/error/details").and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
        items
            .iter()
            .map(|item| {
                let item = item.get("error").unwrap_or(item);
                (item.get("code").and_then(scalar_text), item.get("message").and_then(scalar_text))
            })
            .collect()
    }

    fn describe(&self) -> String {
        let mut text = format!("the service answered {}", self.status);
        if let Some(error) = &self.cloud_error {
            text.push_str(&format!(": {}: {}", error.error.code, error.error.message));
            if let Some(target) = &error.error.target {
                text.push_str(&format!(" (target `{target}`)"));
            }
        } else {
            match (self.code(), self.message()) {
                (Some(code), Some(message)) => text.push_str(&format!(": {code}: {message}")),
                (Some(only), None) | (None, Some(only)) => text.push_str(&format!(": {only}")),
                (None, None) => {}
            }
        }
        if let Some(id) = &self.request_id {
            text.push_str(&format!(" [x-ms-request-id {id}]"));
        }
        if self.attempts > 1 {
            text.push_str(&format!(" (after {} attempts)", self.attempts));
        }
        text
    }
}

/// A JSON string as it is, a number as its text; nothing else.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) if !text.is_empty() => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The body read as a `CloudError`, when it is one: parsed from the redacted text, so that no
/// text of it holds a secret value.
fn redacted_cloud_error(body: &[u8], secrets: &'static [&'static str]) -> Option<CloudError> {
    let redactor = Redactor::for_body(body, secrets);
    serde_json::from_str(&redactor.redact_json(&String::from_utf8_lossy(body))).ok()
}

/// The start of `body` as text (at most `limit` bytes, lossily decoded), with secrets redacted.
fn excerpt(redactor: &Redactor, body: &[u8], limit: usize) -> String {
    redactor.redact_json(&String::from_utf8_lossy(&body[..body.len().min(limit)]))
}

/// A long-running operation that ended without succeeding, with the service's reason.
#[derive(Clone, thiserror::Error)]
#[error("{}", self.describe())]
#[non_exhaustive]
pub struct FailedOperation {
    /// How it ended: `Failed` or `Canceled`, as the service wrote it.
    pub status: String,
    /// The status body's `error`, when it has one, with secret values removed from its texts.
    pub cloud_error: Option<CloudError>,
    /// The last status response's headers.
    pub headers: http::HeaderMap,
}

impl std::fmt::Debug for FailedOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FailedOperation").field("status", &self.status).field("cloud_error", &self.cloud_error).finish()
    }
}

impl FailedOperation {
    /// The failure a status body reports.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn new(status: String, headers: http::HeaderMap, body: &[u8], secrets: &'static [&'static str]) -> Self {
        FailedOperation { status, cloud_error: redacted_cloud_error(body, secrets), headers }
    }

    fn describe(&self) -> String {
        let mut text = format!("the long-running operation ended as {}", self.status);
        if let Some(error) = &self.cloud_error {
            text.push_str(&format!(": {}: {}", error.error.code, error.error.message));
        }
        text
    }
}

/// A success response that does not match the spec.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot decode the {status} response at `{path}`: {message}")]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Where it failed: a JSON path such as `properties.typeProperties.nodes[0].registerTime`,
    /// or `.` for the whole body.
    pub path: String,
    /// What is wrong there.
    pub message: String,
    /// The start of the body (at most [`DecodeError::EXCERPT_LEN`] bytes, lossily decoded),
    /// with the values of secret properties (the gateway `key`) redacted.
    pub excerpt: String,
}

impl DecodeError {
    /// The most bytes of the body kept in [`DecodeError::excerpt`].
    pub const EXCERPT_LEN: usize = 512;

    pub(crate) fn error(
        status: StatusCode,
        path: String,
        message: String,
        body: &[u8],
        secrets: &'static [&'static str],
    ) -> Error {
        let redactor = Redactor::for_body(body, secrets);
        let excerpt = excerpt(&redactor, body, Self::EXCERPT_LEN);
        let message = redactor.scrub(&message);
        Error::Decode(Box::new(DecodeError { status, path, message, excerpt }))
    }
}

#[cfg(test)]
mod code_and_message {
    use super::*;

    fn error(headers: &[(&str, &str)], body: &str) -> ServiceError {
        let mut map = http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(http::header::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
        }
        ServiceError::new(StatusCode::NOT_FOUND, map, body.as_bytes().to_vec(), &["password"])
    }

    #[test]
    fn azure_header_and_body_with_details() {
        let body = r#"{"error": {"code": "ResourceNotFound", "message": "no such thing",
            "details": [{"code": "Inner", "message": "first"}, {"error": {"code": "Wrapped", "message": "second"}}]}}"#;
        let from_header = error(&[("x-ms-error-code", "FromHeader")], body);
        assert_eq!(from_header.code().as_deref(), Some("FromHeader"));
        assert_eq!(from_header.message().as_deref(), Some("no such thing"));
        assert_eq!(
            from_header.details(),
            vec![(Some("Inner".into()), Some("first".into())), (Some("Wrapped".into()), Some("second".into()))]
        );
        assert_eq!(error(&[], body).code().as_deref(), Some("ResourceNotFound"));
    }

    #[test]
    fn other_services_shapes_are_read_too() {
        // Twilio: a numeric top-level code.
        let twilio = error(&[], r#"{"code": 20404, "message": "The requested resource was not found", "status": 404}"#);
        assert_eq!(twilio.code().as_deref(), Some("20404"));
        assert_eq!(
            twilio.to_string(),
            "the service answered 404 Not Found: 20404: The requested resource was not found"
        );
        // OAuth 2.0.
        let oauth = error(&[], r#"{"error": "invalid_grant", "error_description": "expired"}"#);
        assert_eq!((oauth.code().as_deref(), oauth.message().as_deref()), (Some("invalid_grant"), Some("expired")));
        // RFC 9457 problem details, and a list of errors.
        let problem = error(&[], r#"{"type": "about:blank", "title": "Not Found", "detail": "no widget 7"}"#);
        assert_eq!((problem.code(), problem.message().as_deref()), (None, Some("no widget 7")));
        let listed = error(&[], r#"{"errors": [{"message": "bad field"}]}"#);
        assert_eq!(listed.message().as_deref(), Some("bad field"));
        // Not JSON: nothing to read, and the display says only the status.
        let text = error(&[], "<html>gone</html>");
        assert_eq!((text.code(), text.message()), (None, None));
        assert_eq!(text.to_string(), "the service answered 404 Not Found");
    }

    #[test]
    fn secret_values_are_redacted_in_what_is_read() {
        let error = error(&[], r#"{"message": "bad", "code": "x", "password": "hunter2"}"#);
        assert!(!format!("{error} {:?} {:?}", error.code(), error.message()).contains("hunter2"));
    }
}
