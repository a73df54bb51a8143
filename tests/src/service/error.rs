//! Error answers: an HTTP status with Azure's CloudError body.

use super::state::FactoryId;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

/// Any path or method the service does not serve.
pub(crate) async fn not_found(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "NotFound", format!("No route matches '{method} {}'.", uri.path()))
}
