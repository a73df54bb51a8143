//! `AzureCredential`: an Azure SDK credential as the client's, tested with a credential double
//! (never a real account): the scope, the cache until shortly before expiry, errors without
//! tokens, and the README's three lines of signing in with the Azure CLI.

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use datafactory::runtime::{AzureCredential, Credential};
use datafactory::{BaseUrl, Client};
use datafactory_tests::service::{FakeService, ServiceConfig};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

/// Gives `token-<n>` on the n-th call, valid for `lifetime`, and records the scopes asked for.
#[derive(Debug)]
struct Double {
    calls: AtomicUsize,
    lifetime: Duration,
    scopes: Mutex<Vec<String>>,
    fail: bool,
}

impl Double {
    fn new(lifetime: Duration) -> Arc<Self> {
        Arc::new(Double { calls: AtomicUsize::new(0), lifetime, scopes: Mutex::new(Vec::new()), fail: false })
    }
}

#[async_trait::async_trait]
impl TokenCredential for Double {
    async fn get_token(&self, scopes: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        self.scopes.lock().unwrap().extend(scopes.iter().map(|scope| scope.to_string()));
        if self.fail {
            return Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                "az login has expired",
            ));
        }
        Ok(AccessToken::new(format!("token-{call}"), OffsetDateTime::now_utc() + self.lifetime))
    }
}

#[tokio::test]
async fn a_token_is_cached_until_shortly_before_it_expires() {
    let long = Double::new(Duration::hours(1));
    let credential = AzureCredential::new(long.clone());
    for _ in 0..3 {
        assert_eq!(credential.token(&["user_impersonation"]).await.unwrap().expose(), "token-1");
    }
    assert_eq!(long.calls.load(Ordering::SeqCst), 1);
    assert_eq!(*long.scopes.lock().unwrap(), ["https://management.azure.com/.default"]);

    // A token that expires within the refresh margin (5 minutes) is replaced at once.
    let short = Double::new(Duration::minutes(4));
    let credential = AzureCredential::new(short.clone());
    assert_eq!(credential.token(&[]).await.unwrap().expose(), "token-1");
    assert_eq!(credential.token(&[]).await.unwrap().expose(), "token-2");
    assert_eq!(short.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_scope_comes_from_the_base_url() {
    let double = Double::new(Duration::hours(1));
    let china = BaseUrl::parse("https://management.chinacloudapi.cn/some/path").unwrap();
    let credential = AzureCredential::for_base_url(double.clone(), &china);
    assert_eq!(credential.scope(), "https://management.chinacloudapi.cn/.default");
    credential.token(&[]).await.unwrap();
    assert_eq!(*double.scopes.lock().unwrap(), ["https://management.chinacloudapi.cn/.default"]);
}

#[tokio::test]
async fn a_failed_sign_in_is_a_credential_error_naming_the_scope() {
    let failing = Arc::new(Double {
        calls: AtomicUsize::new(0),
        lifetime: Duration::hours(1),
        scopes: Mutex::new(Vec::new()),
        fail: true,
    });
    let error = AzureCredential::new(failing).token(&[]).await.unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(text.contains("https://management.azure.com/.default") && text.contains("az login has expired"), "{text}");
}

#[tokio::test]
async fn the_client_sends_the_azure_credential_s_token() {
    let service = FakeService::start(ServiceConfig { token: "token-1".into() }).await.unwrap();
    service.add_factory("00000000-0000-0000-0000-000000000000", "adf", "test");
    let double = Double::new(Duration::hours(1));
    let client = Client::builder(AzureCredential::new(double.clone()))
        .base_url(BaseUrl::parse(&service.base_url()).unwrap())
        .build()
        .unwrap();
    for _ in 0..2 {
        client.gateways().list("00000000-0000-0000-0000-000000000000", "adf", "test").send().await.unwrap();
    }
    assert_eq!(double.calls.load(Ordering::SeqCst), 1, "the second call used the cached token");
}

/// The README's lines compile (signing in is not attempted: no token is asked for).
#[test]
fn signing_in_with_the_azure_cli_takes_three_lines() -> Result<(), Box<dyn std::error::Error>> {
    let credential = azure_identity::DeveloperToolsCredential::new(None)?;
    let client = datafactory_v2::Client::new(AzureCredential::new(credential));
    let _operations = client.factories();
    Ok(())
}
