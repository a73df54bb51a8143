//! Credentials: where the bearer token of each request comes from.

use super::Secret;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A future a credential or transport returns (boxed, so the traits can be used as objects).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A bearer token; redacted in `Debug`, never part of an error message.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Secret);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Secret::new(token))
    }

    /// The token itself.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Why a credential gave no token. Its message must not contain a token.
#[derive(Debug, thiserror::Error)]
#[error("the credential gave no token: {message}")]
pub struct CredentialError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl CredentialError {
    /// An error with a message and, optionally, its cause.
    pub fn new(message: impl Into<String>, source: Option<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        CredentialError { message: message.into(), source }
    }
}

/// What authenticates each request: called before every attempt, so an implementation can
/// cache and refresh. A bearer-token source (OAuth2, such as Azure Resource Manager's
/// `azure_auth` with scope `user_impersonation`) implements [`token`](Credential::token); a
/// credential sent another way ([`BasicAuth`], [`ApiKey`]) implements
/// [`authorize`](Credential::authorize).
pub trait Credential: Send + Sync {
    /// A bearer token valid for `scopes`, the scope names the operation's spec declares. The
    /// default is an error: a credential that is no bearer token overrides `authorize` instead.
    fn token<'a>(&'a self, scopes: &'a [&'static str]) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
        let _ = scopes;
        Box::pin(std::future::ready(Err(CredentialError::new("this credential gives no bearer token", None))))
    }

    /// Puts the credential on `request`; by default `Authorization: Bearer` with
    /// [`token`](Credential::token)'s token. Header values it sets are marked sensitive, so
    /// that `Debug` of the request prints `Sensitive` instead.
    fn authorize<'a>(
        &'a self,
        request: &'a mut http::Request<Vec<u8>>,
        scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<(), CredentialError>> {
        Box::pin(async move {
            let token = self.token(scopes).await?;
            set_sensitive(request, http::header::AUTHORIZATION, &format!("Bearer {}", token.expose()))
        })
    }
}

/// Sets a header to a secret value, marked sensitive.
fn set_sensitive(
    request: &mut http::Request<Vec<u8>>,
    name: http::header::HeaderName,
    value: &str,
) -> Result<(), CredentialError> {
    let mut value = http::HeaderValue::from_str(value)
        .map_err(|_| CredentialError::new(format!("the credential's `{name}` cannot be a header value"), None))?;
    value.set_sensitive(true);
    request.headers_mut().insert(name, value);
    Ok(())
}

/// HTTP basic authentication (`type: http, scheme: basic`; Swagger's `type: basic`): a user
/// name and a password, sent as `Authorization: Basic base64(user:password)`.
#[derive(Clone)]
pub struct BasicAuth {
    user: String,
    password: Secret,
}

impl BasicAuth {
    /// The credential of `user` with `password` (kept as a [`Secret`], never printed).
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        BasicAuth { user: user.into(), password: Secret::new(password) }
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth").field("user", &self.user).field("password", &"<redacted>").finish()
    }
}

impl Credential for BasicAuth {
    fn authorize<'a>(
        &'a self,
        request: &'a mut http::Request<Vec<u8>>,
        _scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<(), CredentialError>> {
        let pair = format!("{}:{}", self.user, self.password.expose());
        let result = set_sensitive(request, http::header::AUTHORIZATION, &format!("Basic {}", base64(pair.as_bytes())));
        Box::pin(std::future::ready(result))
    }
}

/// Standard base64 with padding (RFC 4648 section 4), as basic authentication writes it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Where an [`ApiKey`] goes (OpenAPI's `in` of an `apiKey` scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyPlace {
    /// A request header of the scheme's name.
    Header,
    /// A query parameter of the scheme's name.
    Query,
    /// A cookie of the scheme's name, in the `Cookie` header.
    Cookie,
}

/// An API key (`type: apiKey`): a secret value sent in the header, query parameter or cookie
/// the scheme names (`ApiKey::header("X-Api-Key", key)`).
#[derive(Clone)]
pub struct ApiKey {
    name: String,
    place: ApiKeyPlace,
    key: Secret,
}

impl ApiKey {
    /// A key sent as the header `name`.
    pub fn header(name: impl Into<String>, key: impl Into<String>) -> Self {
        ApiKey { name: name.into(), place: ApiKeyPlace::Header, key: Secret::new(key) }
    }

    /// A key sent as the query parameter `name`.
    pub fn query(name: impl Into<String>, key: impl Into<String>) -> Self {
        ApiKey { name: name.into(), place: ApiKeyPlace::Query, key: Secret::new(key) }
    }

    /// A key sent as the cookie `name` (added to any `Cookie` header the request has).
    pub fn cookie(name: impl Into<String>, key: impl Into<String>) -> Self {
        ApiKey { name: name.into(), place: ApiKeyPlace::Cookie, key: Secret::new(key) }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("name", &self.name)
            .field("place", &self.place)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl Credential for ApiKey {
    fn authorize<'a>(
        &'a self,
        request: &'a mut http::Request<Vec<u8>>,
        _scopes: &'a [&'static str],
    ) -> BoxFuture<'a, Result<(), CredentialError>> {
        Box::pin(std::future::ready(self.apply(request)))
    }
}

impl ApiKey {
    fn apply(&self, request: &mut http::Request<Vec<u8>>) -> Result<(), CredentialError> {
        let key = self.key.expose();
        match self.place {
            ApiKeyPlace::Header => {
                let name = http::header::HeaderName::from_bytes(self.name.as_bytes())
                    .map_err(|_| CredentialError::new(format!("`{}` cannot be a header name", self.name), None))?;
                set_sensitive(request, name, key)
            }
            ApiKeyPlace::Query => {
                let encode = |text: &str| {
                    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
                };
                let uri = request.uri().to_string();
                let separator = if request.uri().query().is_some() { '&' } else { '?' };
                let with_key = format!("{uri}{separator}{}={}", encode(&self.name), encode(key));
                *request.uri_mut() = with_key
                    .parse()
                    .map_err(|_| CredentialError::new("the request's URL with the API key is not a URL", None))?;
                Ok(())
            }
            ApiKeyPlace::Cookie => {
                let pair = format!("{}={key}", self.name);
                let cookie = match request.headers().get(http::header::COOKIE).and_then(|value| value.to_str().ok()) {
                    Some(existing) => format!("{existing}; {pair}"),
                    None => pair,
                };
                set_sensitive(request, http::header::COOKIE, &cookie)
            }
        }
    }
}

/// A token fixed in advance (from `az account get-access-token`, say, or a test).
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A credential that always gives `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl Credential for StaticToken {
    fn token<'a>(&'a self, _scopes: &'a [&'static str]) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls a future that never waits (every credential here is ready at once).
    fn now<T>(future: BoxFuture<'_, T>) -> T {
        let mut future = future;
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("a credential here never waits"),
        }
    }

    fn request(uri: &str) -> http::Request<Vec<u8>> {
        http::Request::builder().uri(uri).body(Vec::new()).unwrap()
    }

    #[test]
    fn base64_is_rfc_4648() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, output) in vectors {
            assert_eq!(base64(input.as_bytes()), output, "{input}");
        }
    }

    #[test]
    fn basic_auth_is_the_rfc_7617_header_and_is_redacted() {
        let credential = BasicAuth::new("Aladdin", "open sesame");
        let mut sent = request("https://host/a");
        now(credential.authorize(&mut sent, &[])).unwrap();
        let header = &sent.headers()[http::header::AUTHORIZATION];
        assert_eq!(header, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(header.is_sensitive());
        assert!(!format!("{credential:?}").contains("sesame"));
    }

    #[test]
    fn an_api_key_goes_in_its_header_query_or_cookie() {
        let mut sent = request("https://host/a?x=1");
        now(ApiKey::header("X-Api-Key", "k1").authorize(&mut sent, &[])).unwrap();
        assert_eq!(sent.headers()["x-api-key"], "k1");
        assert!(sent.headers()["x-api-key"].is_sensitive());

        now(ApiKey::query("api key", "a&b").authorize(&mut sent, &[])).unwrap();
        assert_eq!(sent.uri().query(), Some("x=1&api%20key=a%26b"));
        let mut bare = request("https://host/a");
        now(ApiKey::query("key", "k").authorize(&mut bare, &[])).unwrap();
        assert_eq!(bare.uri().query(), Some("key=k"));

        sent.headers_mut().insert(http::header::COOKIE, http::HeaderValue::from_static("a=b"));
        now(ApiKey::cookie("session", "s3").authorize(&mut sent, &[])).unwrap();
        assert_eq!(sent.headers()[http::header::COOKIE], "a=b; session=s3");
        assert!(!format!("{:?}", ApiKey::cookie("session", "s3")).contains("s3"));

        let error = now(ApiKey::header("bad header", "k").authorize(&mut sent, &[])).unwrap_err();
        assert!(error.to_string().contains("bad header"), "{error}");
    }

    #[test]
    fn a_bearer_token_is_the_default_and_a_credential_without_one_says_so() {
        let mut sent = request("https://host/a");
        now(StaticToken::new("t0k").authorize(&mut sent, &["scope"])).unwrap();
        assert_eq!(sent.headers()[http::header::AUTHORIZATION], "Bearer t0k");
        assert!(sent.headers()[http::header::AUTHORIZATION].is_sensitive());
        let error = now(BasicAuth::new("u", "p").token(&[])).unwrap_err();
        assert!(error.to_string().contains("no bearer token"), "{error}");
    }
}
