//! Hand-written support shared by the generated modules: wire types, errors, requests, responses.
//!
//! Generated code calls into this module instead of repeating bodies, so each generated item
//! stays small. Everything here is public because generated items name it in their signatures.

#[cfg(feature = "client")]
mod client;
mod credential;
mod error;
#[cfg(feature = "client")]
mod lro;
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
mod transport;
mod union;
mod wire;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use credential::{AccessToken, BoxFuture, Credential, CredentialError, StaticToken};
pub use error::{DecodeError, Error, FailedOperation, ServiceError};
// Unused when the spec has no string enum.
#[cfg(feature = "client")]
pub use lro::Polling;
pub use object::{AdditionalProperties, RawJson};
#[allow(unused_imports)]
pub(crate) use open_enum::open_enum_impls;
pub use open_enum::{OpenEnum, UnknownValue};
pub use operation::{FinalStateVia, LongRunning, Operation, Pageable, Response};
pub use request::{BaseUrl, PathRule, Pattern, RequestBuilder, new_request_id};
pub use response::{decode_json, header, service_error};
#[cfg(feature = "client")]
pub use retry::{RetryPolicy, parse_retry_after};
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{DEFAULT_MAX_BODY_SIZE, Transport, TransportError};
pub use union::TaggedObject;
pub use wire::{DurationError, IsoDuration, Nullable, Secret, Timestamp};
