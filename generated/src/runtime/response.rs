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

/// Reads an optional typed header; a value that does not parse is a decode error.
pub fn header<T: FromStr>(parts: &Parts, body: &[u8], name: &'static str) -> Result<Option<T>, Error>
where
    T::Err: std::fmt::Display,
{
    let Some(value) = parts.headers.get(name) else { return Ok(None) };
    let fail = |message: String| DecodeError::error(parts.status, format!("header {name}"), message, body);
    let text = value.to_str().map_err(|_| fail("the value is not visible ASCII".into()))?;
    text.parse().map(Some).map_err(|error| fail(format!("{text:?}: {error}")))
}

/// The error for a status the operation does not declare as a success.
pub fn service_error(parts: Parts, body: Vec<u8>) -> Error {
    let request_id = parts.headers.get("x-ms-request-id").and_then(|value| value.to_str().ok()).map(str::to_owned);
    let cloud_error = serde_json::from_slice(&body).ok();
    Error::Service(Box::new(ServiceError { status: parts.status, cloud_error, request_id, body }))
}
