//! A loopback fake of the Data Factory v1 Gateways and v2 getStatus APIs, with faults on demand, for end-to-end tests.
//!
//! Its routes and wire formats are the generated servers' (the seed crate's two APIs, and
//! `datafactory-v2`'s factories and integration runtimes): this module keeps the state, the
//! faults, the front end's `411`, bearer auth and Azure's response headers, and answers what
//! each operation does.

mod error;
mod factories;
mod faults;
mod gateways;
mod long_running;
mod middleware;
mod runtimes;
mod state;
#[cfg(test)]
mod tests;

pub use faults::Fault;
pub use state::RecordedRequest;

use axum::Router;
use axum::middleware::from_fn_with_state;
use datafactory::runtime::server::Server;
use state::{FactoryId, State};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The api-version of the v1 Gateways API.
pub const GATEWAYS_API_VERSION: &str = datafactory::gateways::API_VERSION;
/// The api-version of the v2 Integration Runtimes API.
pub const INTEGRATION_RUNTIMES_API_VERSION: &str = datafactory::integration_runtimes::API_VERSION;

/// How long [`FakeService::shutdown`] lets requests in flight finish before it stops the server anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How a [`FakeService`] is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceConfig {
    /// The bearer token it accepts.
    pub token: String,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig { token: "test-token".to_owned() }
    }
}

/// A running fake service; dropping it stops the server at once, [`FakeService::shutdown`] stops it gracefully.
pub struct FakeService {
    address: SocketAddr,
    state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl FakeService {
    /// Binds 127.0.0.1 on a free port and serves in a background tokio task (needs a running tokio runtime).
    pub async fn start(config: ServiceConfig) -> std::io::Result<FakeService> {
        FakeService::start_on_port(0, config).await
    }

    /// Like [`FakeService::start`] on a given port of 127.0.0.1 (0 picks a free one).
    pub async fn start_on_port(port: u16, config: ServiceConfig) -> std::io::Result<FakeService> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let address = listener.local_addr()?;
        let state = Arc::new(State::new(config.token));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = axum::serve(listener, app(Arc::clone(&state))).with_graceful_shutdown(async {
            // A dropped sender stops the server too.
            let _ = stopped.await;
        });
        let server = tokio::spawn(async move { server.await });
        Ok(FakeService { address, state, stop: Some(stop), server: Some(server) })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Makes every page of a factory list name the same next page, as a broken service would.
    pub fn repeat_next_link(&self, repeat: bool) {
        self.state.set_repeat_next_link(repeat);
    }

    /// Makes a factory exist; v1 (`datafactories`) and v2 (`factories`) requests share this set.
    pub fn add_factory(&self, subscription: &str, resource_group: &str, factory: &str) {
        self.state.add_factory(FactoryId::new(subscription, resource_group, factory));
    }

    /// Queues a fault for the next request that reaches the service: first in, first out, one per request.
    pub fn push_fault(&self, fault: Fault) {
        self.state.push_fault(fault);
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// The gateway's current key, which only Create and RegenerateKey ever answer with.
    pub fn current_key(
        &self,
        subscription: &str,
        resource_group: &str,
        factory: &str,
        gateway: &str,
    ) -> Option<String> {
        let id = FactoryId::new(subscription, resource_group, factory);
        self.state.with_gateways(&id, |gateways| gateways.iter().find(|g| g.name == gateway).map(|g| g.key.clone()))?
    }

    /// Stops accepting connections, lets requests in flight finish (for a few seconds at most), and stops.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut server) = self.server.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await.is_err()
        {
            server.abort();
        }
    }
}

impl Drop for FakeService {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// The generated servers (and the polling routes the spec has no operation for), wrapped
/// (innermost first) in auth, then the front end's length rule, then recording and faults, then
/// the response headers: a request is recorded, then meets the next queued fault, then the length
/// rule, then auth, then the generated server's reading of it, then the operation.
fn app(state: Arc<State>) -> Router {
    // The seed crate's getStatus comes first: it and `datafactory-v2`'s have the same route.
    let server = Server::new()
        .with(datafactory::gateways::server::handler(gateways::Gateways(Arc::clone(&state))))
        .with(datafactory::integration_runtimes::server::handler(runtimes::Runtimes(Arc::clone(&state))))
        .with(datafactory_v2::factories::server::handler(factories::Factories(Arc::clone(&state))))
        .with(datafactory_v2::integration_runtimes::server::handler(long_running::Runtimes(Arc::clone(&state))));
    long_running::polling_routes()
        .with_state(Arc::clone(&state))
        .merge(server.into_router())
        .layer(from_fn_with_state(Arc::clone(&state), middleware::authenticate))
        .layer(axum::middleware::from_fn(middleware::require_length))
        .layer(from_fn_with_state(Arc::clone(&state), faults::record_and_inject))
        .layer(from_fn_with_state(state, middleware::stamp))
}
