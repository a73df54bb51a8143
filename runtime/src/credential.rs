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

/// A source of bearer tokens for the spec's OAuth2 scopes (`azure_auth`, scope
/// `user_impersonation`, for Azure Resource Manager). Called before every attempt of a request,
/// so an implementation can cache and refresh.
pub trait Credential: Send + Sync {
    /// A token valid for `scopes`, the scope names the operation's spec declares.
    fn token<'a>(&'a self, scopes: &'a [&'static str]) -> BoxFuture<'a, Result<AccessToken, CredentialError>>;
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
