//! Long-running operations: polling the status URL Azure names in `Azure-AsyncOperation` or
//! `Location` until the operation ends, then reading its final resource.

use super::client::{Client, retry_after_of};
use super::error::FailedOperation;
use super::paging::follow_request;
use super::{Error, FinalStateVia, LongRunning, decode_optional_json, service_error};
use std::time::Duration;

/// How to wait for a long-running operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polling {
    /// The wait between two polls when the service sends no `Retry-After` (default 5 s).
    pub interval: Duration,
    /// The longest wait between two polls, whatever `Retry-After` says (default 60 s).
    pub max_interval: Duration,
    /// The longest the whole wait may take, first request included; `None` waits as long as the
    /// operation runs (default 30 minutes).
    pub deadline: Option<Duration>,
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
            deadline: Some(Duration::from_secs(30 * 60)),
        }
    }
}

/// A response read whole, whatever its success status.
struct Raw {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    /// A `2xx` response; any other status is the service's error.
    fn success(response: http::Response<Vec<u8>>, secrets: &'static [&'static str]) -> Result<Raw, Error> {
        let (parts, body) = response.into_parts();
        if !parts.status.is_success() {
            return Err(service_error(parts, body, secrets));
        }
        Ok(Raw { status: parts.status, headers: parts.headers, body })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok()).filter(|value| !value.is_empty())
    }

    /// The body as the final resource; `None` when there is none.
    fn into_final<T: serde::de::DeserializeOwned>(self, secrets: &'static [&'static str]) -> Result<Option<T>, Error> {
        let (parts, ()) = http::Response::builder().status(self.status).body(()).map_err(Error::Request)?.into_parts();
        decode_optional_json(&parts, &self.body, secrets)
    }
}

/// Which header named the status URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Monitor {
    /// `Azure-AsyncOperation` or `Operation-Location`: a status body with a `status` property.
    AsyncOperation,
    /// `Location`: `202` while running, then the result.
    Location,
}

impl Client {
    /// Sends a long-running operation and waits until it ends: polls the status URL of the
    /// first answer (`Azure-AsyncOperation`, else `Operation-Location`, else `Location`), waiting as each answer's
    /// `Retry-After` says (else [`Polling::interval`], and never more than
    /// [`Polling::max_interval`]), until `Succeeded` (or, polling a `Location`, a `200`/`201`/
    /// `204`); then reads the final resource as the spec's `final-state-via` says. `None` when
    /// the operation ends without one.
    ///
    /// Every request goes through the client as [`Client::send`] does (token, timeout,
    /// retries). A status of `Failed` or `Canceled` is [`Error::Failed`] with the service's
    /// error; passing [`Polling::deadline`] is [`Error::Deadline`]; a status URL on another
    /// origin than the request is refused ([`Error::Link`]). Dropping the future stops polling
    /// (the operation goes on at the service).
    ///
    /// ```no_run
    /// # async fn run<O: restgen_runtime::LongRunning>(client: restgen_runtime::Client, start: O) -> Result<(), restgen_runtime::Error> {
    /// use restgen_runtime::Polling;
    /// use std::time::Duration;
    /// // At most one poll a minute, whatever Retry-After says; give up after an hour.
    /// let polling = Polling { max_interval: Duration::from_secs(60), deadline: Some(Duration::from_secs(3600)), ..Polling::default() };
    /// match client.wait(start, &polling).await {
    ///     Ok(Some(_final_resource)) => {}
    ///     Ok(None) => {} // ended without a resource (a delete, say)
    ///     Err(restgen_runtime::Error::Failed(failed)) => eprintln!("{failed}"),
    ///     Err(other) => return Err(other),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn wait<O: LongRunning>(&self, operation: O, polling: &Polling) -> Result<Option<O::Final>, Error> {
        let run = self.run_to_end(&operation, polling);
        match polling.deadline {
            Some(after) => tokio::time::timeout(after, run).await.map_err(|_| Error::Deadline { after })?,
            None => run.await,
        }
    }

    async fn run_to_end<O: LongRunning>(&self, operation: &O, polling: &Polling) -> Result<Option<O::Final>, Error> {
        let request = self.build(operation)?;
        let first = self
            .execute(&request, O::IDEMPOTENT, O::SCOPES, |response| {
                let raw = Raw {
                    status: response.status(),
                    headers: response.headers().clone(),
                    body: response.body().clone(),
                };
                O::parse_response(response).map(|_| raw)
            })
            .await?;
        let status_url = first.header("azure-asyncoperation").or_else(|| first.header("operation-location"));
        let monitor = match (status_url, first.header("location")) {
            (Some(url), _) => Some((Monitor::AsyncOperation, url.to_owned())),
            (None, Some(url)) => Some((Monitor::Location, url.to_owned())),
            (None, None) => None,
        };
        let in_progress = matches!(first.status.as_u16(), 201 | 202);
        let Some((kind, url)) = monitor.filter(|_| in_progress) else {
            if first.status == http::StatusCode::ACCEPTED {
                return Err(Error::Polling {
                    reason: "the service accepted the request but named no status URL".into(),
                });
            }
            // Done at once: the first answer is the final one.
            return first.into_final(O::SECRET_PROPERTIES);
        };
        let status_request = follow_request(&request, &url)?;
        let mut wait = retry_after_of(&first.headers);
        let last = loop {
            tokio::time::sleep(wait.unwrap_or(polling.interval).min(polling.max_interval)).await;
            let poll = self
                .execute(&status_request, true, O::SCOPES, |response| Raw::success(response, O::SECRET_PROPERTIES))
                .await?;
            wait = retry_after_of(&poll.headers);
            match kind {
                Monitor::Location if poll.status == http::StatusCode::ACCEPTED => continue,
                Monitor::Location => break poll,
                Monitor::AsyncOperation => match operation_status(&poll.body)?.to_ascii_lowercase().as_str() {
                    "succeeded" => break poll,
                    "failed" | "canceled" | "cancelled" => {
                        let status = operation_status(&poll.body)?;
                        return Err(Error::Failed(Box::new(FailedOperation::new(
                            status,
                            poll.headers,
                            &poll.body,
                            O::SECRET_PROPERTIES,
                        ))));
                    }
                    _ => continue,
                },
            }
        };
        let method = request.method();
        let via = O::FINAL_STATE_VIA.or(match *method {
            http::Method::PUT | http::Method::PATCH => Some(FinalStateVia::OriginalUri),
            http::Method::POST if first.header("location").is_some() => Some(FinalStateVia::Location),
            http::Method::POST => Some(FinalStateVia::AzureAsyncOperation),
            _ => None,
        });
        let final_url = match (via, kind) {
            (None, _) => return Ok(None),
            (Some(FinalStateVia::OriginalUri), _) => request.uri().to_string(),
            (Some(FinalStateVia::Location), Monitor::AsyncOperation) => match first.header("location") {
                Some(location) => location.to_owned(),
                None => return last.into_final(O::SECRET_PROPERTIES),
            },
            (
                Some(FinalStateVia::Location | FinalStateVia::AzureAsyncOperation | FinalStateVia::OperationLocation),
                _,
            ) => return last.into_final(O::SECRET_PROPERTIES),
        };
        let final_request = follow_request(&request, &final_url)?;
        self.execute(&final_request, true, O::SCOPES, |response| Raw::success(response, O::SECRET_PROPERTIES))
            .await?
            .into_final(O::SECRET_PROPERTIES)
    }
}

/// The `status` property of an `Azure-AsyncOperation` body.
fn operation_status(body: &[u8]) -> Result<String, Error> {
    #[derive(serde::Deserialize)]
    struct Status {
        status: String,
    }
    serde_json::from_slice::<Status>(body).map(|status| status.status).map_err(|error| Error::Polling {
        reason: format!("the operation status has no readable `status` property ({error})"),
    })
}
