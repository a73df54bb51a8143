//! The runtime every generated client crate depends on: wire types, errors, requests,
//! responses, and the async `Client` (credentials, timeouts, retries, paging, polling); with the
//! `server` feature, the server side of generated APIs ([`server`]).
//!
//! Generated code calls into this crate instead of repeating bodies, so each generated item
//! stays small; a generated crate re-exports it as its `runtime` module. Everything here is
//! public because generated items name it in their signatures.

#![deny(missing_docs)]

#[cfg(feature = "azure-identity")]
mod azure_identity;
#[cfg(feature = "client")]
mod body_stream;
#[cfg(feature = "client")]
mod client;
mod cloud_error;
mod credential;
mod error;
mod error_body;
mod form;
#[cfg(feature = "client")]
mod lro;
mod multipart;
pub mod object;
pub mod open_enum;
mod operation;
#[cfg(feature = "client")]
mod paging;
mod redact;
mod request;
mod response;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "server")]
pub mod server;
mod transport;
mod union;
mod wire;

#[cfg(feature = "azure-identity")]
pub use azure_identity::AzureCredential;
#[cfg(feature = "client")]
pub use body_stream::BodyStream;
#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use cloud_error::{CloudError, CloudErrorBody};
pub use credential::{
    AccessToken, ApiKey, ApiKeyPlace, BasicAuth, BoxFuture, Credential, CredentialError, StaticToken,
};
pub use error::{DecodeError, Error, FailedOperation, ServiceError};
pub use error_body::read_error_body;
pub use form::{decode_form, encode_form};
/// The `Stream` trait the pages and items of a pageable operation come as (from `futures`);
/// `futures::StreamExt` or `TryStreamExt` read them.
#[cfg(feature = "client")]
pub use futures_util::stream::Stream;
/// Reads a [`Stream`] of pages or items: `try_next().await`, `try_collect()` and the rest,
/// without a dependency on `futures` of your own.
#[cfg(feature = "client")]
pub use futures_util::stream::{StreamExt, TryStreamExt};
#[cfg(feature = "client")]
pub use lro::Polling;
pub use multipart::FilePart;
pub use object::{AdditionalProperties, RawJson};
pub use open_enum::{OpenEnum, OpenIntegerEnum, UnknownInteger, UnknownValue};
pub use operation::{FinalStateVia, LongRunning, Operation, Pageable, Response};
pub use request::{BaseUrl, ParamValue, PathRule, Pattern, RequestBuilder, new_request_id};
pub use response::{decode_json, decode_optional_json, decode_text, has_body, header, service_error};
#[cfg(feature = "client")]
pub use retry::{RetryPolicy, parse_retry_after};
/// serde, for the expansion of [`open_enum_impls!`] in generated crates.
#[doc(hidden)]
pub use serde as __serde;
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{DEFAULT_MAX_BODY_SIZE, Transport, TransportError};
pub use union::TaggedObject;
pub use wire::{DurationError, HttpDate, HttpDateError, IsoDuration, Nullable, Secret, Timestamp};
