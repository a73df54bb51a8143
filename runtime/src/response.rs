//! Reading responses: JSON bodies with the path of what failed, typed headers, error statuses.

use super::error::{DecodeError, ServiceError};
use super::{Error, union};
use http::response::Parts;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// Decodes a JSON body; a failure names the JSON path, such as
/// `properties.typeProperties.nodes[0].registerTime`.
///
/// The body is read once without tracking paths; only when that fails is it read again with
/// `serde_path_to_error` (and unions told to track too), so successes pay nothing for paths.
///
/// `secrets` are the JSON names of the properties whose values the error must not show (the
/// generated crate's `models::SECRET_PROPERTIES`).
pub fn decode_json<T: DeserializeOwned>(
    parts: &Parts,
    body: &[u8],
    secrets: &'static [&'static str],
) -> Result<T, Error> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    if !has_body(body) {
        return Err(missing_body(parts.status));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let tracked = union::tracking_paths(|| {
        serde_path_to_error::deserialize::<_, T>(&mut deserializer).map(|_| deserializer.end())
    });
    let (path, message) = match tracked {
        Ok(Err(error)) => (".".to_owned(), error.to_string()),
        Err(error) => {
            let outer = error.path().to_string();
            union::join_nested_path(&outer, error.into_inner().to_string())
        }
        // The first read failed, so this cannot happen; report it rather than panic.
        Ok(Ok(())) => (".".to_owned(), "the body could not be decoded".to_owned()),
    };
    Err(DecodeError::error(parts.status, path, message, body, secrets))
}

/// Decodes a JSON body that may be absent: `None` for an empty (or all-whitespace) body, which
/// a service may send on a success that declares one; a body that is present but does not
/// match is a decode error, as with [`decode_json`].
pub fn decode_optional_json<T: DeserializeOwned>(
    parts: &Parts,
    body: &[u8],
    secrets: &'static [&'static str],
) -> Result<Option<T>, Error> {
    if has_body(body) { decode_json(parts, body, secrets).map(Some) } else { Ok(None) }
}

/// Reads a text body (`text/plain`, XML): a body that is not UTF-8 is a decode error that says
/// where the first bad byte is.
pub fn decode_text(parts: &Parts, body: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(body).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        let message = format!("the text body is not UTF-8 (byte {at})");
        DecodeError::error(parts.status, ".".to_owned(), message, error.as_bytes(), &[])
    })
}

/// The decode error of a response without the body its spec declares.
pub(crate) fn missing_body(status: http::StatusCode) -> Error {
    let message = "the response has no body, where the spec declares one".to_owned();
    DecodeError::error(status, ".".to_owned(), message, &[], &[])
}

/// Whether a response has a body (anything but whitespace).
pub fn has_body(body: &[u8]) -> bool {
    !body.iter().all(u8::is_ascii_whitespace)
}

/// Reads a typed header leniently: one that is absent or does not parse is `None` (the
/// operation has happened; its informational headers must not turn it into an error). The raw
/// value stays in [`crate::Response::raw_headers`].
pub fn header<T: FromStr>(headers: &http::HeaderMap, name: &'static str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The error for a status the operation does not declare as a success; `secrets` as for
/// [`decode_json`].
pub fn service_error(parts: Parts, body: Vec<u8>, secrets: &'static [&'static str]) -> Error {
    Error::Service(Box::new(ServiceError::new(parts.status, parts.headers, body, secrets)))
}
