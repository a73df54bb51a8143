//! Transports: what carries an `http::Request` to the service and brings the response back.

use super::credential::BoxFuture;
use std::fmt;

/// Sends one request and reads the whole response. Implement it to use another HTTP client, a
/// proxy, a recorder or a mock; `ReqwestTransport` (the `reqwest` feature) is the default.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`; an error says whether the request may have reached the service.
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;
}

/// A request that got no complete response.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", if self.sent { "the connection failed after the request was sent" } else { "the request could not be sent" })]
pub struct TransportError {
    sent: bool,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// The request never left (no connection): repeating it is always safe.
    pub fn not_sent(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { sent: false, source: source.into() }
    }

    /// The request may have reached the service (the connection dropped, the body was cut).
    pub fn maybe_sent(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { sent: true, source: source.into() }
    }

    /// Whether the request may have reached the service.
    pub fn may_have_been_sent(&self) -> bool {
        self.sent
    }
}

/// The default transport: `reqwest` with rustls.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone, Default)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A transport over a `reqwest::Client` you configured (proxy, pool, TLS roots).
    pub fn new(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(TransportError::not_sent)?;
            let response = self.client.execute(request).await.map_err(|error| {
                if error.is_connect() || error.is_builder() {
                    TransportError::not_sent(error)
                } else {
                    TransportError::maybe_sent(error)
                }
            })?;
            let mut builder = http::Response::builder().status(response.status()).version(response.version());
            if let Some(headers) = builder.headers_mut() {
                headers.extend(response.headers().iter().map(|(name, value)| (name.clone(), value.clone())));
            }
            let body = response.bytes().await.map_err(TransportError::maybe_sent)?;
            builder.body(body.to_vec()).map_err(TransportError::maybe_sent)
        })
    }
}
