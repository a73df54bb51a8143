//! Reading the parts of a request every operation checks: path names, `api-version`, headers.

use super::error::ApiError;
use super::state::FactoryId;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use std::collections::HashMap;

/// The decoded path parameters of the matched route, by the names the routes give them.
pub(crate) struct PathNames(HashMap<String, String>);

impl PathNames {
    /// Percent-decodes the segments; a segment that is not UTF-8 once decoded is a 400.
    pub async fn from_parts(parts: &mut Parts) -> Result<Self, ApiError> {
        let Path(names) = Path::<HashMap<String, String>>::from_request_parts(parts, &())
            .await
            .map_err(|rejection| ApiError::bad_request("InvalidRequestUri", rejection.body_text()))?;
        Ok(PathNames(names))
    }

    /// The value of a parameter the route declares (empty if it somehow did not match one).
    pub fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }

    pub fn factory(&self) -> FactoryId {
        FactoryId {
            subscription: self.get("subscription"),
            resource_group: self.get("resource_group"),
            factory: self.get("factory"),
        }
    }
}

/// Checks that the query has `api-version=<supported>`, the one version each API serves.
pub(crate) fn check_api_version(parts: &Parts, supported: &str) -> Result<(), ApiError> {
    let invalid = |message: String| ApiError::bad_request("InvalidApiVersionParameter", message);
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map_err(|rejection| {
        invalid(format!("{} The supported api-version is '{supported}'.", rejection.body_text()))
    })?;
    match pairs.iter().find(|(name, _)| name == "api-version") {
        Some((_, version)) if version == supported => Ok(()),
        Some((_, version)) => {
            Err(invalid(format!("The api-version '{version}' is invalid. The supported api-version is '{supported}'.")))
        }
        None => Err(invalid(format!(
            "The api-version query parameter (?api-version=) is required for all requests. The supported api-version is '{supported}'."
        ))),
    }
}

/// The v1 API wants an operation id on every request.
pub(crate) fn check_client_request_id(parts: &Parts) -> Result<(), ApiError> {
    let present = parts.headers.get("x-ms-client-request-id").is_some_and(|value| !value.as_bytes().is_empty());
    if present {
        Ok(())
    } else {
        Err(ApiError::bad_request("MissingClientRequestId", "The request header 'x-ms-client-request-id' is required."))
    }
}
