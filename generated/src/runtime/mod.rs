//! Hand-written support shared by the generated modules: wire types, errors, requests, responses.
//!
//! Generated code calls into this module instead of repeating bodies, so each generated item
//! stays small. Everything here is public because generated items name it in their signatures.

mod error;
pub(crate) mod open_enum;
mod operation;
mod request;
mod response;
mod union;
mod wire;

pub use error::{DecodeError, Error, ServiceError};
pub(crate) use open_enum::open_enum_impls;
pub use open_enum::{OpenEnum, UnknownValue};
pub use operation::{Operation, Response};
pub use request::{BaseUrl, PathRule, Pattern, RequestBuilder, new_request_id};
pub use response::{decode_json, header, service_error};
pub use union::TaggedObject;
pub use wire::{DurationError, IsoDuration, Nullable, Secret, Timestamp};
