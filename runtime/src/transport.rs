//! Transports: what carries an `http::Request` to the service and brings the response back.

use super::credential::BoxFuture;
use std::fmt;

/// Sends one request and reads the whole response. Implement it to use another HTTP client, a
/// proxy, a recorder or a mock; `ReqwestTransport` (the `reqwest` feature) is the default.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`; an error says whether the request may have reached the service.
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;

    /// Sends `request` and answers as soon as the status and headers are in, with the body as
    /// a stream (a download). By default the body is read whole by [`Transport::send`] and
    /// handed over as one chunk; a transport that can stream overrides it.
    #[cfg(feature = "client")]
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<crate::BodyStream>, TransportError>> {
        Box::pin(async move { Ok(self.send(request).await?.map(crate::BodyStream::from_bytes)) })
    }
}

/// A request that got no complete response.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", if self.sent { "the connection failed after the request was sent" } else { "the request could not be sent" })]
pub struct TransportError {
    sent: bool,
    body_limit: Option<usize>,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// The request never left (no connection): repeating it is always safe.
    pub fn not_sent(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { sent: false, body_limit: None, source: source.into() }
    }

    /// The request may have reached the service (the connection dropped, the body was cut).
    pub fn maybe_sent(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { sent: true, body_limit: None, source: source.into() }
    }

    /// The response body is longer than `limit` bytes; reading stopped there. The request
    /// reached the service. The client reports it as [`crate::Error::BodyTooLarge`], never retried.
    pub fn body_too_large(limit: usize) -> Self {
        let message = format!("the response body is longer than the limit of {limit} bytes");
        TransportError { sent: true, body_limit: Some(limit), source: message.into() }
    }

    /// Whether the request may have reached the service.
    pub fn may_have_been_sent(&self) -> bool {
        self.sent
    }

    /// The limit a response body exceeded, when that is why the request failed.
    pub fn body_limit(&self) -> Option<usize> {
        self.body_limit
    }
}

/// The default limit of a response body: 64 MiB, far above any management API answer.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;

/// The default transport: `reqwest` with rustls, which never follows a redirect (Azure
/// management APIs do not redirect, and following one would return some other resource's answer
/// as this operation's, or replay a write elsewhere: a `3xx` reaches the caller as a service
/// error) and reads at most [`DEFAULT_MAX_BODY_SIZE`] bytes of a response body.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_body_size: usize,
}

#[cfg(feature = "reqwest")]
impl Default for ReqwestTransport {
    /// The default transport.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot start, as `reqwest::Client::new` does;
    /// [`ReqwestTransport::try_default`] reports it instead.
    fn default() -> Self {
        Self::try_default().expect("the TLS backend of the reqwest transport starts")
    }
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// The default transport, or why it cannot start (its TLS backend).
    pub fn try_default() -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
        Ok(ReqwestTransport { client, max_body_size: DEFAULT_MAX_BODY_SIZE })
    }

    /// A transport over a `reqwest::Client` you configured (proxy, pool, TLS roots). Give it
    /// `.redirect(reqwest::redirect::Policy::none())`, as the default transport has: this crate
    /// does not expect redirects to be followed.
    pub fn new(client: reqwest::Client) -> Self {
        ReqwestTransport { client, max_body_size: DEFAULT_MAX_BODY_SIZE }
    }

    /// Reads at most `limit` bytes of a response body; a longer body fails with
    /// [`TransportError::body_too_large`] as soon as it passes the limit.
    #[must_use]
    pub fn max_body_size(mut self, limit: usize) -> Self {
        self.max_body_size = limit;
        self
    }
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let (mut response, builder) = self.start(request).await?;
            let limit = self.max_body_size;
            // A declared length over the limit fails before reading anything.
            let declared = response.content_length().unwrap_or(0);
            if usize::try_from(declared).map_or(true, |declared| declared > limit) {
                return Err(TransportError::body_too_large(limit));
            }
            // Read chunk by chunk into one buffer, stopping as soon as the limit is passed.
            let mut body = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
            while let Some(chunk) = response.chunk().await.map_err(TransportError::maybe_sent)? {
                if chunk.len() > limit - body.len() {
                    return Err(TransportError::body_too_large(limit));
                }
                body.extend_from_slice(&chunk);
            }
            builder.body(body).map_err(TransportError::maybe_sent)
        })
    }

    /// The body as reqwest receives it, chunk by chunk; no limit (the caller reads it).
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<crate::BodyStream>, TransportError>> {
        Box::pin(async move {
            let (response, builder) = self.start(request).await?;
            let chunks = futures_util::stream::try_unfold(response, |mut response| async move {
                let chunk = response.chunk().await.map_err(TransportError::maybe_sent)?;
                Ok(chunk.map(|chunk| (chunk, response)))
            });
            builder.body(crate::BodyStream::new(chunks)).map_err(TransportError::maybe_sent)
        })
    }
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// Sends the request; the response with its body unread, and an `http` response builder
    /// with its status, version and headers.
    async fn start(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<(reqwest::Response, http::response::Builder), TransportError> {
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
        Ok((response, builder))
    }
}
