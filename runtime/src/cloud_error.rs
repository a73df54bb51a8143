//! Azure's common error body, as every Azure Resource Manager API sends it with an error status
//! (and a failed long-running operation in its status): `{"error": {"code", "message", ...}}`.

use serde::{Deserialize, Serialize};

/// An error response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CloudError {
    /// What went wrong.
    pub error: CloudErrorBody,
}

/// What went wrong: a code for programs, a message for people, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CloudErrorBody {
    /// An identifier of the error, such as `ResourceNotFound`.
    pub code: String,
    /// A description of the error, for people.
    pub message: String,
    /// The target of the error (a property or a parameter), if the service names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Errors that led to this one, each in the same `{"error": {...}}` form (as Data Factory
    /// describes them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<CloudError>>,
}
