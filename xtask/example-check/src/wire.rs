//! A local HTTP server that reads form bodies as a service would (axum's `Form` extractor, that
//! is serde_urlencoded, behind hyper): a harness sends each form request there through the
//! generated crate's own transport, and the fields the server read are compared with the example.

use std::future::Future;
use std::pin::Pin;

/// How a harness sends a request: the generated crate's transport (reqwest), on the runtime the
/// [`FormServer`] drives.
pub type SendRequest = fn(
    http::Request<Vec<u8>>,
)
    -> Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, String>> + std::marker::Send>>;

/// The server, on 127.0.0.1 at a free port, and the runtime it runs on.
pub struct FormServer {
    runtime: tokio::runtime::Runtime,
    base: String,
}

impl FormServer {
    pub fn start() -> Result<FormServer, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| format!("a tokio runtime: {error}"))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .map_err(|error| format!("a local port: {error}"))?;
        let address = listener.local_addr().map_err(|error| error.to_string())?;
        let router = axum::Router::new().fallback(echo_form);
        runtime.spawn(async move { axum::serve(listener, router).await });
        Ok(FormServer { runtime, base: format!("http://{address}") })
    }

    /// Hands `request` to `serve` (the crate's generated server, in-process) on this runtime.
    pub fn serve(
        &self,
        serve: SendRequest,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, String> {
        self.runtime.block_on(serve(request))
    }

    /// Sends `request` (to this server instead of its host) with `send`, and gives the form
    /// fields the server read, in the order sent; an answer that is not a success (the server
    /// refuses a body that is not a form, or a wrong `Content-Type`) is an error that says why.
    pub fn read_back(
        &self,
        send: SendRequest,
        request: &http::Request<Vec<u8>>,
    ) -> Result<Vec<(String, String)>, String> {
        let path = request.uri().path_and_query().map_or("/", |path| path.as_str());
        let mut local = http::Request::builder().method(request.method()).uri(format!("{}{path}", self.base));
        for (name, value) in request.headers() {
            local = local.header(name, value);
        }
        let local = local.body(request.body().clone()).map_err(|error| error.to_string())?;
        let response = self.runtime.block_on(send(local))?;
        if !response.status().is_success() {
            let body = String::from_utf8_lossy(response.body());
            return Err(format!("the local server refused the form: {} {body}", response.status()));
        }
        serde_json::from_slice(response.body()).map_err(|error| format!("the local server's answer: {error}"))
    }
}

/// Reads the body as a form and answers with its fields as JSON `[[name, value], ...]`.
async fn echo_form(axum::Form(fields): axum::Form<Vec<(String, String)>>) -> axum::Json<Vec<(String, String)>> {
    axum::Json(fields)
}
