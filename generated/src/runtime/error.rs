//! The crate's error type: every way an operation can fail, each with what a caller can act on.

use crate::models::CloudError;
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
#[derive(Clone, thiserror::Error)]
#[error("{}", self.describe())]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body parsed as a `CloudError`, when it is one.
    pub cloud_error: Option<CloudError>,
    /// The `x-ms-request-id` header, to quote when asking for support.
    pub request_id: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for ServiceError {
    /// Shows the body as text, with the values of secret properties redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("cloud_error", &self.cloud_error)
            .field("request_id", &self.request_id)
            .field("body", &redact_secrets(&String::from_utf8_lossy(&self.body)))
            .finish()
    }
}

impl ServiceError {
    fn describe(&self) -> String {
        let mut text = format!("the service answered {}", self.status);
        if let Some(error) = &self.cloud_error {
            text.push_str(&format!(": {}: {}", error.error.code, error.error.message));
            if let Some(target) = &error.error.target {
                text.push_str(&format!(" (target `{target}`)"));
            }
        }
        if let Some(id) = &self.request_id {
            text.push_str(&format!(" [x-ms-request-id {id}]"));
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

    pub(crate) fn error(status: StatusCode, path: String, message: String, body: &[u8]) -> Error {
        let end = body.len().min(Self::EXCERPT_LEN);
        let excerpt = redact_secrets(&String::from_utf8_lossy(&body[..end]));
        Error::Decode(Box::new(DecodeError { status, path, message, excerpt }))
    }
}

/// `text` with the string value of every secret property replaced by `<redacted>`, even where the
/// text is not valid JSON (a body cut short): `"key": "ADF#..."` becomes `"key": "<redacted>"`.
pub(crate) fn redact_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while let Some(start) = rest.find('"') {
        out.push_str(&rest[..=start]);
        rest = &rest[start + 1..];
        for name in crate::models::SECRET_PROPERTIES {
            let Some(after_name) = rest.strip_prefix(name).and_then(|after| after.strip_prefix('"')) else { continue };
            let after_colon = after_name.trim_start().strip_prefix(':').map(str::trim_start);
            let Some(value) = after_colon.and_then(|after| after.strip_prefix('"')) else { continue };
            out.push_str(name);
            out.push_str("\": \"<redacted>");
            // Skip the value up to its closing quote (escaped quotes included), or to the end.
            let mut escaped = false;
            let end = value.char_indices().find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            });
            match end {
                Some((index, _)) => rest = &value[index..],
                None => {
                    rest = "";
                    break 'scan;
                }
            }
            continue 'scan;
        }
    }
    out.push_str(rest);
    out
}
