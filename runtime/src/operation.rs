//! The contract every generated request builder fulfils: build the request, parse the response.

use super::{BaseUrl, Error};
use http::StatusCode;

/// An operation of the spec: a request builder that knows how to read its response.
///
/// It does no I/O: send the [`http::Request`] it builds with any HTTP client and hand the
/// [`http::Response`] back to [`Operation::parse_response`].
pub trait Operation {
    /// What a success gives: a [`Response`], or an enum of them where several statuses succeed.
    type Output;
    /// The operation id in the spec, such as `Gateways_Create`.
    const OPERATION_ID: &'static str;
    /// The HTTP method.
    const METHOD: http::Method;
    /// The base URL the spec gives for this operation's API.
    const DEFAULT_BASE_URL: &'static str;
    /// Whether repeating the request is safe (reads and idempotent writes): a client may then
    /// retry it after a `5xx`, a timeout or a lost connection.
    const IDEMPOTENT: bool;
    /// The OAuth2 scopes the spec's security scheme declares for this operation.
    const SCOPES: &'static [&'static str];
    /// The JSON names of the properties the spec marks secret, whose values no error text shows.
    const SECRET_PROPERTIES: &'static [&'static str] = &[];

    /// Checks the parameters and builds the request against `base_url`.
    fn build_request(&self, base_url: &BaseUrl) -> Result<http::Request<Vec<u8>>, Error>;

    /// Builds the request against [`Operation::DEFAULT_BASE_URL`].
    fn build(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.build_request(BaseUrl::parse_static(Self::DEFAULT_BASE_URL)?)
    }

    /// Reads a response: a declared success status gives the typed outcome, any other status
    /// an [`Error::Service`], and a body or header that does not match the spec an [`Error::Decode`].
    fn parse_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, Error>;
}

/// An operation whose answer is one page of a list that names the next page (Azure's
/// `x-ms-pageable`: a `value` array and a `nextLink`).
pub trait Pageable: Operation {
    /// One element of the list.
    type Item;

    /// The link to the next page; `None` (absent, `null` or empty) on the last page.
    fn next_link(page: &Self::Output) -> Option<&str>;

    /// The page's elements.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
}

/// Where the final resource of a long-running operation is read (Azure's `final-state-via`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalStateVia {
    /// The body of the last `Azure-AsyncOperation` status.
    AzureAsyncOperation,
    /// A `GET` of the first response's `Location` (or the last `Location` poll's body).
    Location,
    /// A `GET` of the request's own URL.
    OriginalUri,
    /// The body of the last `Operation-Location` status.
    OperationLocation,
}

/// An operation the service may finish after answering (Azure's `x-ms-long-running-operation`):
/// a `201` or `202` names a status URL (`Azure-AsyncOperation`, else `Location`) to poll.
pub trait LongRunning: Operation {
    /// The final resource.
    type Final: serde::de::DeserializeOwned;
    /// Where the final resource is read; `None` takes Azure's default for the method: the
    /// request's URL for `PUT` and `PATCH`, `Location` (else the status body) for `POST`, and
    /// nothing for `DELETE`.
    const FINAL_STATE_VIA: Option<FinalStateVia>;
}

/// A success response: its status, typed headers and typed body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<B, H> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The headers the spec declares for this status.
    pub headers: H,
    /// The body: `()` where the spec declares none, and `Option<T>` where it declares a `T`
    /// (`None` when the service sent no body; [`Response::into_body`] makes that an error).
    pub body: B,
    /// Every header as received, including those the spec does not declare.
    pub raw_headers: http::HeaderMap,
}

impl<B, H> Response<B, H> {
    /// A response with these parts (for tests and mock transports).
    pub fn new(status: StatusCode, headers: H, body: B, raw_headers: http::HeaderMap) -> Self {
        Response { status, headers, body, raw_headers }
    }
}

impl<T, H> Response<Option<T>, H> {
    /// The body the spec declares, or, when the service sent none (a success without a body),
    /// an [`Error::Decode`](crate::Error::Decode) that says so.
    pub fn into_body(self) -> Result<T, crate::Error> {
        self.body.ok_or_else(|| crate::response::missing_body(self.status))
    }
}
