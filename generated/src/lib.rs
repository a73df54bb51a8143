//! Typed models and request builders for two Azure Data Factory management APIs.
//!
//! - **Integration Runtimes** (Data Factory v2, api-version `2018-06-01`):
//!   [`integration_runtimes::GetStatus`], whose response is the polymorphic
//!   [`models::IntegrationRuntimeStatus`] (`Managed` or `SelfHosted`).
//! - **Gateways** (Data Factory v1, api-version `2015-10-01`): [`gateways::Create`],
//!   [`gateways::Delete`], [`gateways::Get`], [`gateways::List`], [`gateways::RegenerateKey`]
//!   and [`gateways::Update`].
//!
//! Each operation is a request builder: required parameters go to `new`, optional ones are
//! chained setters. The [`Operation`] trait turns a builder into an [`http::Request`] and parses
//! the [`http::Response`] into a typed outcome, so any HTTP client can carry the bytes:
//!
//! ```
//! use datafactory::{gateways, Operation};
//!
//! let request = gateways::Create::new("00000000-0000-0000-0000-000000000000", "adf", "test", "gatewaytest")
//!     .description("test description.")
//!     .build()?;
//! assert_eq!(request.method(), http::Method::PUT);
//!
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("x-ms-request-id", "00000000-1111-1111-1111-000000000000")
//!     .body(br#"{"name":"gatewaytest","properties":{"status":"NeedRegistration"}}"#.to_vec())?;
//! match gateways::Create::parse_response(response)? {
//!     gateways::CreateResponse::Ok(ok) => {
//!         assert_eq!(ok.headers.x_ms_request_id.as_deref(), Some("00000000-1111-1111-1111-000000000000"));
//!         assert_eq!(ok.into_body()?.name.as_deref(), Some("gatewaytest"));
//!     }
//!     other => panic!("unexpected outcome {other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The modules [`models`], [`gateways`] and [`integration_runtimes`] are generated from the spec
//! by `cargo xtask regenerate`; [`runtime`] is the hand-written support every generated crate shares. Each API
//! sits behind a Cargo feature of its name (both on by default).

/// The runtime the generated code calls: the `restgen-runtime` crate, which every generated
/// client crate shares.
pub use restgen_runtime as runtime;

#[rustfmt::skip]
mod generated;

pub use generated::*;
pub use runtime::{BaseUrl, Error, Operation, Response};
#[cfg(feature = "client")]
pub use runtime::{RetryPolicy, StaticToken};
