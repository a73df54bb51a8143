//! Reading responses: JSON bodies with the path of what failed, typed headers, error statuses.

use super::error::{DecodeError, ServiceError};
use super::{Error, union};
use http::response::Parts;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// Decodes a JSON body; a failure names the JSON path, such as
/// `properties.typeProperties.nodes[0].registerTime`.
pub fn decode_json<T: DeserializeOwned>(parts: &Parts, body: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => Ok(value),
            Err(error) => Err(DecodeError::error(parts.status, ".".into(), error.to_string(), body)),
        },
        Err(error) => {
            let outer = error.path().to_string();
            let (path, message) = union::join_nested_path(&outer, error.into_inner().to_string());
            Err(DecodeError::error(parts.status, path, message, body))
        }
    }
}

/// Reads a typed header leniently: one that is absent or does not parse is `None` (the
/// operation has happened; its informational headers must not turn it into an error). The raw
/// value stays in [`crate::Response::raw_headers`].
pub fn header<T: FromStr>(headers: &http::HeaderMap, name: &'static str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The error for a status the operation does not declare as a success.
pub fn service_error(parts: Parts, body: Vec<u8>) -> Error {
    let request_id = parts.headers.get("x-ms-request-id").and_then(|value| value.to_str().ok()).map(str::to_owned);
    let cloud_error = serde_json::from_slice(&body).ok();
    Error::Service(Box::new(ServiceError { status: parts.status, cloud_error, request_id, body }))
}
