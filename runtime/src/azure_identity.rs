//! Signing in the Azure way: any credential of the official Azure SDK (`azure_identity`'s
//! `DeveloperToolsCredential`, `ManagedIdentityCredential`, `ClientSecretCredential`, ...) as
//! this client's [`Credential`], with its tokens cached until shortly before they expire.

use super::BaseUrl;
use super::credential::{AccessToken, BoxFuture, Credential, CredentialError};
use azure_core::credentials::TokenCredential;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use time::{Duration, OffsetDateTime};

/// How long before it expires a cached token is replaced: a request that starts with it must
/// still be valid when it arrives, and the service's clock may run ahead of ours.
const REFRESH_MARGIN: Duration = Duration::minutes(5);

/// An Azure SDK credential, asked for a token for one resource (`<base URL>/.default`).
///
/// ```ignore
/// // Signs in as `az login` did (the Azure CLI), or the Azure Developer CLI. (This crate does
/// // not depend on `azure_identity`; `tests/azure_credential.rs` compiles these lines.)
/// let credential = azure_identity::DeveloperToolsCredential::new(None)?;
/// let client = datafactory_v2::Client::new(AzureCredential::new(credential));
/// ```
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    scope: String,
    cached: Mutex<Option<azure_core::credentials::AccessToken>>,
}

impl AzureCredential {
    /// Tokens for Azure Resource Manager in the public cloud (`https://management.azure.com/.default`).
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self::with_scope(credential, "https://management.azure.com/.default")
    }

    /// Tokens for the service at `base_url` (a sovereign cloud, say): the scope is its scheme
    /// and host with `/.default`, as Azure expects.
    pub fn for_base_url(credential: Arc<dyn TokenCredential>, base_url: &BaseUrl) -> Self {
        Self::with_scope(credential, scope_of(base_url))
    }

    /// Tokens for an explicit scope.
    pub fn with_scope(credential: Arc<dyn TokenCredential>, scope: impl Into<String>) -> Self {
        AzureCredential { credential, scope: scope.into(), cached: Mutex::new(None) }
    }

    /// The scope tokens are asked for.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The cached token, if it is good for a while yet.
    fn cached(&self, now: OffsetDateTime) -> Option<AccessToken> {
        let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        let token = cached.as_ref().filter(|token| token.expires_on - now > REFRESH_MARGIN)?;
        Some(AccessToken::new(token.token.secret()))
    }
}

/// `https://host[:port]/.default` of a base URL (its path left out).
fn scope_of(base_url: &BaseUrl) -> String {
    let url = base_url.as_str();
    let after_scheme = url.find("://").map_or(0, |index| index + 3);
    let end = url[after_scheme..].find('/').map_or(url.len(), |index| after_scheme + index);
    format!("{}/.default", &url[..end])
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential").field("credential", &self.credential).field("scope", &self.scope).finish()
    }
}

impl Credential for AzureCredential {
    /// The operation's scope names (such as `user_impersonation`) are OAuth2 names of the spec;
    /// Azure's token endpoint wants the resource's `/.default` scope instead.
    fn token<'a>(&'a self, _scopes: &'a [&'static str]) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
        Box::pin(async move {
            if let Some(token) = self.cached(OffsetDateTime::now_utc()) {
                return Ok(token);
            }
            let token = self.credential.get_token(&[self.scope.as_str()], None).await.map_err(|error| {
                // The SDK's errors describe the sign-in that failed; they carry no token.
                CredentialError::new(
                    format!("the Azure credential gave no token for {}", self.scope),
                    Some(Box::new(error)),
                )
            })?;
            let access = AccessToken::new(token.token.secret());
            *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(token);
            Ok(access)
        })
    }
}
