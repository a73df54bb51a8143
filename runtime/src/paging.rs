//! Paging: following `nextLink` from page to page, as a `Stream` of pages or of items.

use super::client::{Client, copy_request};
use super::{Error, Pageable};
use futures_util::stream::{self, Stream, TryStreamExt};
use std::collections::HashSet;

/// Where the walk is.
enum Walk<O> {
    First(O),
    Next {
        request: Box<http::Request<Vec<u8>>>,
        followed: HashSet<String>,
    },
    /// The page before was given; the link it named cannot be followed.
    Failed(Error),
    Done,
}

impl Client {
    /// Every page of a pageable operation, in order, as a `Stream`: the operation's own request
    /// first, then a `GET` of each `nextLink` until a page has none.
    ///
    /// Each request goes through the client as [`Client::send`] does (token, timeout, retries;
    /// the next pages are reads, so they are retried like one) with a fresh
    /// `x-ms-client-request-id`, and keeps the link as the service wrote it (its `api-version`
    /// included). A link to another scheme, host or port than the first request is refused (it
    /// would receive the bearer token), and so is a link already followed (a loop): the stream
    /// then ends with [`Error::Link`] after the page that named it. Dropping the stream
    /// stops the walk.
    ///
    /// ```no_run
    /// # async fn run<O: restgen_runtime::Pageable>(client: restgen_runtime::Client, operation: O) -> Result<(), restgen_runtime::Error> {
    /// use futures_util::TryStreamExt;
    /// let mut pages = std::pin::pin!(client.pages(operation));
    /// while let Some(page) = pages.try_next().await? {
    ///     // one typed page at a time
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<'a, O: Pageable + 'a>(&'a self, operation: O) -> impl Stream<Item = Result<O::Output, Error>> + 'a {
        stream::try_unfold(Walk::First(operation), move |walk| async move {
            let (request, mut followed, idempotent) = match walk {
                Walk::Done => return Ok(None),
                Walk::Failed(error) => return Err(error),
                Walk::First(operation) => (self.build(&operation)?, HashSet::new(), O::IDEMPOTENT),
                Walk::Next { request, followed } => (*request, followed, true),
            };
            let page = self.execute(&request, idempotent, O::SCOPES, O::parse_response).await?;
            let next = match O::next_link(&page).filter(|link| !link.is_empty()) {
                None => Walk::Done,
                Some(link) if !followed.insert(link.to_owned()) => Walk::Failed(Error::Link {
                    link: link.to_owned(),
                    reason: "the service gave this link before: following it would loop",
                }),
                Some(link) => match follow_request(&request, link) {
                    Ok(request) => Walk::Next { request: Box::new(request), followed },
                    Err(error) => Walk::Failed(error),
                },
            };
            Ok(Some((page, next)))
        })
    }

    /// Every element of every page, in order: [`Client::pages`] flattened.
    pub fn items<'a, O: Pageable + 'a>(&'a self, operation: O) -> impl Stream<Item = Result<O::Item, Error>> + 'a {
        self.pages(operation).map_ok(|page| stream::iter(O::into_items(page).into_iter().map(Ok))).try_flatten()
    }
}

/// A `GET` of `link` (absolute, or a path on the same origin), with the headers of `previous`
/// that are not about its body, and a fresh `x-ms-client-request-id`.
pub(crate) fn follow_request(previous: &http::Request<Vec<u8>>, link: &str) -> Result<http::Request<Vec<u8>>, Error> {
    let uri = same_origin_uri(previous.uri(), link)?;
    let mut request = copy_request(previous);
    *request.method_mut() = http::Method::GET;
    *request.uri_mut() = uri;
    request.body_mut().clear();
    let headers = request.headers_mut();
    headers.remove(http::header::CONTENT_TYPE);
    headers.remove(http::header::CONTENT_LENGTH);
    headers.remove(http::header::IF_MATCH);
    headers.remove(http::header::IF_NONE_MATCH);
    if headers.contains_key(REQUEST_ID) {
        let id = http::HeaderValue::from_str(&super::new_request_id()).map_err(|_| Error::Config("a request id"))?;
        headers.insert(REQUEST_ID, id);
    }
    Ok(request)
}

const REQUEST_ID: &str = "x-ms-client-request-id";

/// `link` as a URI on the origin (scheme, host and port) of `origin`; a link elsewhere is an error.
pub(crate) fn same_origin_uri(origin: &http::Uri, link: &str) -> Result<http::Uri, Error> {
    let invalid = |reason| Error::Link { link: link.to_owned(), reason };
    let uri: http::Uri = link.parse().map_err(|_| invalid("it is not a URL"))?;
    match (uri.scheme(), uri.authority()) {
        (None, None) if link.starts_with('/') => {
            let mut parts = uri.into_parts();
            parts.scheme = origin.scheme().cloned();
            parts.authority = origin.authority().cloned();
            http::Uri::from_parts(parts).map_err(|_| invalid("it is not a URL"))
        }
        (Some(scheme), Some(authority)) => {
            let same_scheme = Some(scheme) == origin.scheme();
            let same_authority = origin.authority().is_some_and(|origin| {
                origin.host().eq_ignore_ascii_case(authority.host()) && origin.port_u16() == authority.port_u16()
            });
            if !(same_scheme && same_authority) {
                return Err(invalid("it points to another origin than the request, which would get the bearer token"));
            }
            Ok(uri)
        }
        _ => Err(invalid("it is neither an absolute URL nor an absolute path")),
    }
}
