//! Answers: an HTTP status with Azure's CloudError body, and the typed 200 a service method gives.

use super::state::FactoryId;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use datafactory::runtime::server::ErrorAnswer;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A failed request, answered as `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError { status, code: code.into(), message: message.into() }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn invalid_body(message: impl Into<String>) -> Self {
        ApiError::bad_request("InvalidRequestBody", message)
    }

    /// The factory of a v1 (`datafactories`) or v2 (`factories`) request does not exist.
    pub fn factory_not_found(id: &FactoryId, resource_type: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            format!(
                "The Resource 'Microsoft.DataFactory/{resource_type}/{}' under resource group '{}' was not found.",
                id.factory, id.resource_group
            ),
        )
    }

    pub fn gateway_not_found(id: &FactoryId, gateway: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "GatewayNotFound",
            format!("The gateway '{gateway}' was not found in data factory '{}'.", id.factory),
        )
    }

    /// A status with the code Azure would give it: its reason phrase without spaces, like `ServiceUnavailable`.
    pub fn from_status(status: StatusCode, message: impl Into<String>) -> Self {
        let code = status.canonical_reason().unwrap_or("Error").split_whitespace().collect::<String>();
        ApiError::new(status, code, message)
    }
}

impl ApiError {
    fn body(&self) -> Value {
        json!({ "error": { "code": self.code, "message": self.message } })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

impl From<ApiError> for ErrorAnswer {
    fn from(error: ApiError) -> Self {
        ErrorAnswer::json(error.status, &error.body())
    }
}

/// A `200` whose body is `body` read as the operation's type: an answer that does not fit the
/// spec is a fault of this service, answered `500` with the reason.
pub(crate) fn typed_answer<T: DeserializeOwned, H: Default>(
    body: Value,
) -> Result<datafactory::Response<Option<T>, H>, ErrorAnswer> {
    let body = serde_json::from_value(body).map_err(|error| {
        ApiError::from_status(StatusCode::INTERNAL_SERVER_ERROR, format!("The answer does not fit the spec: {error}."))
    })?;
    Ok(datafactory::Response::new(StatusCode::OK, H::default(), Some(body), http::HeaderMap::new()))
}
