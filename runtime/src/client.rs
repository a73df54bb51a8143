//! The async client: credentials, transport, timeouts and retries around the request builders.

use super::credential::{BoxFuture, Credential, CredentialError};
use super::retry::{RetryPolicy, is_transient, parse_retry_after};
use super::transport::{Transport, TransportError};
use super::{BaseUrl, Error, Operation};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Calls the service: builds each request, adds the bearer token, sends it with a timeout and
/// bounded retries, and parses the response. Cheap to clone; clones share one transport.
///
/// A generated crate wraps it in its own `Client`, which adds one method per API (such as
/// `client.gateways()`) and dereferences to this one for [`Client::send`], [`Client::pages`],
/// [`Client::items`] and [`Client::wait`].
///
/// ```no_run
/// # async fn run() -> Result<(), restgen_runtime::Error> {
/// use restgen_runtime::{Client, StaticToken};
/// let client = Client::new(StaticToken::new("<bearer token>"));
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: Option<BaseUrl>,
    credential: Arc<dyn Credential>,
    transport: Arc<dyn Transport>,
    timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credential", &"<redacted>")
            .field("transport", &self.inner.transport)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Settings of a [`Client`]; `build` gives a `C`, which is this crate's [`Client`] or a
/// generated crate's client that wraps one.
#[must_use]
pub struct ClientBuilder<C = Client> {
    base_url: Option<BaseUrl>,
    credential: Arc<dyn Credential>,
    transport: Option<Arc<dyn Transport>>,
    timeout: Duration,
    retry: RetryPolicy,
    max_body_size: usize,
    target: PhantomData<fn() -> C>,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Starts the settings of a client that takes its tokens from `credential`; the defaults are
    /// each API's base URL, the `reqwest` transport, a 60 s timeout and the default [`RetryPolicy`].
    pub fn new(credential: impl Credential + 'static) -> Self {
        ClientBuilder {
            base_url: None,
            credential: Arc::new(credential),
            transport: None,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            max_body_size: super::transport::DEFAULT_MAX_BODY_SIZE,
            target: PhantomData,
        }
    }

    /// Sends every request to `base_url` instead of each API's default (a sovereign cloud, a test server).
    pub fn base_url(mut self, base_url: BaseUrl) -> Self {
        self.base_url = Some(base_url);
        self
    }

    /// Sends requests through `transport` instead of the default `reqwest` one.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The most bytes of a response body the default transport reads (default
    /// [`DEFAULT_MAX_BODY_SIZE`](super::DEFAULT_MAX_BODY_SIZE), 64 MiB); a longer body fails the
    /// call with [`Error::BodyTooLarge`]. A transport of your own enforces its own limit.
    pub fn max_body_size(mut self, limit: usize) -> Self {
        self.max_body_size = limit;
        self
    }

    /// The longest one attempt may take, from asking the credential for a token to the last
    /// byte of the response body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy ([`RetryPolicy::disabled`] switches retries off).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The client; without the `reqwest` feature a transport must have been set.
    pub fn build(self) -> Result<C, Error> {
        let transport: Arc<dyn Transport> = match self.transport.clone() {
            Some(transport) => transport,
            #[cfg(feature = "reqwest")]
            None => Arc::new(
                super::transport::ReqwestTransport::try_default()
                    .map_err(|_| Error::Config("the reqwest transport could not start its TLS backend"))?
                    .max_body_size(self.max_body_size),
            ),
            #[cfg(not(feature = "reqwest"))]
            None => return Err(Error::Config("no transport: set one, or enable the `reqwest` feature")),
        };
        let inner = Inner {
            base_url: self.base_url,
            credential: self.credential,
            transport,
            timeout: self.timeout,
            retry: self.retry,
        };
        Ok(C::from(Client { inner: Arc::new(inner) }))
    }
}

impl Client {
    /// A client with the default settings: each API's base URL, the `reqwest` transport, a 60 s
    /// timeout and the default [`RetryPolicy`].
    ///
    /// # Panics
    ///
    /// When the TLS backend of the transport cannot start, as `reqwest::Client::new` does;
    /// [`Client::builder`] reports it instead.
    #[cfg(feature = "reqwest")]
    pub fn new(credential: impl Credential + 'static) -> Self {
        let transport = super::transport::ReqwestTransport::default();
        ClientBuilder::new(credential).transport(transport).build().expect("a client with a transport builds")
    }

    /// Starts a client with other settings.
    pub fn builder(credential: impl Credential + 'static) -> ClientBuilder {
        ClientBuilder::new(credential)
    }

    /// Sends an operation and parses its response, retrying as the [`RetryPolicy`] allows.
    ///
    /// Parameters are checked before any I/O; every attempt sends the same request, with the
    /// same `x-ms-client-request-id`. The client's timeout bounds each attempt as a whole: the
    /// credential's token, the request and the response body.
    ///
    /// A write whose answer was lost and that is then repeated reports what the service says to
    /// the repetition: a retried `DELETE` may end in `404` (the first attempt deleted it), an
    /// `If-Match` write in `412`. Such an error says how many attempts were made
    /// ([`ServiceError::attempts`](super::ServiceError::attempts)); the client does not turn it
    /// into a success, since it cannot know that its own first attempt was the one that took effect.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let request = self.build(operation)?;
        self.execute(&request, O::IDEMPOTENT, O::SCOPES, O::parse_response).await
    }

    /// [`Client::send`] of an operation taken by value: what a builder's own `send` returns.
    /// (One generic function here, not an `async fn` in each of a crate's operations: each of
    /// those would be a future type of its own to check in every build of the crate.)
    pub async fn send_owned<O: Operation>(&self, operation: O) -> Result<O::Output, Error> {
        self.send(&operation).await
    }

    /// Builds the operation's request against the client's base URL (or the API's default),
    /// as [`Client::send`] sends it (without the token).
    pub fn build<O: Operation>(&self, operation: &O) -> Result<http::Request<Vec<u8>>, Error> {
        match &self.inner.base_url {
            Some(base_url) => operation.build_request(base_url),
            None => operation.build(),
        }
    }

    /// Sends `request` with a token, the timeout and the retry policy, and reads the response
    /// with `parse`: the one loop behind every call, page and poll.
    pub(crate) async fn execute<T>(
        &self,
        request: &http::Request<Vec<u8>>,
        idempotent: bool,
        scopes: &[&'static str],
        parse: impl Fn(http::Response<Vec<u8>>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let transport = &*self.inner.transport;
        let (response, attempts) =
            self.attempts(request, idempotent, scopes, |request| transport.send(request)).await?;
        with_attempts(parse(response), attempts)
    }

    /// Sends an operation and answers as soon as the status and headers are in, with the body
    /// as a [`BodyStream`](super::BodyStream): a download that may be larger than the client's
    /// body limit, or that the caller writes somewhere as it arrives. Retries as
    /// [`Client::send`] does, up to the response headers; the timeout, too, covers each attempt
    /// up to the headers, and reading the body is the caller's to bound. A status that is not a
    /// success is read as [`Client::send`] reads it (an [`Error::Service`] with the start of the
    /// body).
    pub async fn send_streaming<O: Operation>(
        &self,
        operation: &O,
    ) -> Result<http::Response<super::BodyStream>, Error> {
        let request = self.build(operation)?;
        let transport = &*self.inner.transport;
        let (response, attempts) =
            self.attempts(&request, O::IDEMPOTENT, O::SCOPES, |request| transport.send_streaming(request)).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(self.inner.timeout, body.prefix(super::ServiceError::BODY_LIMIT))
            .await
            .map_err(|_| Error::Timeout { after: self.inner.timeout })??;
        let parsed = O::parse_response(http::Response::from_parts(parts.clone(), body.clone()));
        with_attempts(parsed, attempts)?;
        // An answer the operation reads as a success (a redirect it documents): as received.
        Ok(http::Response::from_parts(parts, super::BodyStream::from_bytes(body)))
    }

    /// [`Client::send_streaming`] of an operation taken by value: what a builder's own
    /// `send_streaming` returns.
    pub async fn send_streaming_owned<O: Operation>(
        &self,
        operation: O,
    ) -> Result<http::Response<super::BodyStream>, Error> {
        self.send_streaming(&operation).await
    }

    /// The attempts of one call: each sends `request` through `send` with a token, within the
    /// timeout, until an answer that is not retried; that answer and the number of attempts.
    async fn attempts<'a, B>(
        &self,
        request: &http::Request<Vec<u8>>,
        idempotent: bool,
        scopes: &[&'static str],
        send: impl Fn(http::Request<Vec<u8>>) -> BoxFuture<'a, Result<http::Response<B>, TransportError>>,
    ) -> Result<(http::Response<B>, u32), Error> {
        let inner = &*self.inner;
        let mut attempt = 1;
        loop {
            let deadline = tokio::time::Instant::now() + inner.timeout;
            let mut sent = copy_request(request);
            // The credential marks what it sets sensitive, so that `Debug` of the request (in a
            // logging or recording transport, say) prints `Sensitive` instead of the secret.
            tokio::time::timeout_at(deadline, inner.credential.authorize(&mut sent, scopes))
                .await
                .map_err(|_| {
                    let message = format!("no token within the client's timeout of {:?}", inner.timeout);
                    Error::Credential(CredentialError::new(message, None))
                })?
                .map_err(Error::Credential)?;
            let outcome = tokio::time::timeout_at(deadline, send(sent)).await;
            let (error, retry_after) = match outcome {
                Ok(Ok(response)) => {
                    let status = response.status();
                    let retryable =
                        status == http::StatusCode::TOO_MANY_REQUESTS || (idempotent && is_transient(status));
                    if !retryable {
                        return Ok((response, attempt));
                    }
                    let retry_after = retry_after_of(response.headers());
                    (Pending::Response(response), retry_after)
                }
                // A body over the limit is not transient: repeating the request would not help.
                Ok(Err(error)) if error.body_limit().is_some() => {
                    return Err(Error::BodyTooLarge { limit: error.body_limit().unwrap_or_default() });
                }
                Ok(Err(error)) if error.may_have_been_sent() && !idempotent => return Err(Error::Transport(error)),
                Ok(Err(error)) => (Pending::Transport(error), None),
                Err(_) if !idempotent => return Err(Error::Timeout { after: inner.timeout }),
                Err(_) => (Pending::Timeout, None),
            };
            match inner.retry.delay(attempt, retry_after, fastrand::f64()) {
                Some(delay) => tokio::time::sleep(delay).await,
                None => return error.into_result(inner.timeout).map(|response| (response, attempt)),
            }
            attempt += 1;
        }
    }
}

/// Records in a service error how many attempts the call made.
fn with_attempts<T>(result: Result<T, Error>, attempts: u32) -> Result<T, Error> {
    result.map_err(|error| match error {
        Error::Service(mut service) => {
            service.attempts = attempts;
            Error::Service(service)
        }
        other => other,
    })
}

/// The outcome of an attempt that may be retried; what the caller gets if it is not.
enum Pending<B> {
    Response(http::Response<B>),
    Transport(TransportError),
    Timeout,
}

impl<B> Pending<B> {
    fn into_result(self, timeout: Duration) -> Result<http::Response<B>, Error> {
        match self {
            Pending::Response(response) => Ok(response),
            Pending::Transport(error) => Err(Error::Transport(error)),
            Pending::Timeout => Err(Error::Timeout { after: timeout }),
        }
    }
}

/// The wait a response's `Retry-After` asks for, if it has a readable one.
pub(crate) fn retry_after_of(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// `http::Request` is not `Clone`: each attempt gets its own copy.
pub(crate) fn copy_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}
