//! The server side of a generated API: requests read the way the client writes them (path
//! templates, percent-decoding, the spec's rules, typed values, bodies) and answers written the
//! way the client reads them. Generated `server` modules drive it; [`Rejection`] is the answer to
//! a request that breaks the spec.

use crate::request::{ParamValue, PathRule};
use crate::wire::{HttpDate, IsoDuration, Secret, Timestamp};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The `axum` the generated routers are built with.
pub use axum;

/// The largest request body a generated server reads; a larger one is refused with `413`.
pub const MAX_REQUEST_BODY: usize = 32 * 1024 * 1024;

/// A piece of an operation's path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Text that must be there as written.
    Literal(&'static str),
    /// A path parameter: one non-empty segment, or part of one.
    Param,
    /// A path parameter sent as it is (`skipUrlEncoding`): non-empty, and it may span segments
    /// (a scope such as `subscriptions/1/resourceGroups/g`).
    RawParam,
}

/// The raw (still percent-encoded) values of the path parameters, in template order, if `path`
/// fits `template`. A value is never empty and never holds `/` (the client sends one as `%2F`),
/// but for a [`Piece::RawParam`]'s; where a parameter is followed by literal text, the longest
/// value that lets the rest of the template fit is taken.
pub fn match_path<'p>(template: &[Piece], path: &'p str) -> Option<Vec<&'p str>> {
    fn fit<'p>(template: &[Piece], path: &'p str, values: &mut Vec<&'p str>) -> bool {
        match template.split_first() {
            None => path.is_empty(),
            Some((Piece::Literal(text), rest)) => path.strip_prefix(text).is_some_and(|path| fit(rest, path, values)),
            Some((piece @ (Piece::Param | Piece::RawParam), rest)) => {
                let end = match piece {
                    Piece::RawParam => path.len(),
                    _ => path.find('/').unwrap_or(path.len()),
                };
                for split in (1..=end).rev().filter(|&split| path.is_char_boundary(split)) {
                    values.push(&path[..split]);
                    if fit(rest, &path[split..], values) {
                        return true;
                    }
                    values.pop();
                }
                false
            }
        }
    }
    let mut values = Vec::new();
    fit(template, path, &mut values).then_some(values)
}

/// A request the server refuses, with the status and the parameter (or `body`) it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// `400`, or `411`, `413`, `415` for what the body's framing breaks.
    pub status: StatusCode,
    /// The error code of the answer's body (`InvalidParameter`, `MissingParameter`, ...).
    pub code: &'static str,
    /// The parameter as the spec names it, or `body`.
    pub target: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Rejection {
    fn bad(code: &'static str, target: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection { status: StatusCode::BAD_REQUEST, code, target: target.into(), message: message.into() }
    }

    /// A parameter whose value breaks a rule or does not parse.
    pub fn invalid(target: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection::bad("InvalidParameter", target, message)
    }

    /// A required parameter (or body) that is absent.
    pub fn missing(target: impl Into<String>) -> Self {
        let target = target.into();
        let message = format!("the required parameter `{target}` is missing");
        Rejection::bad("MissingParameter", target, message)
    }

    /// The answer: the status and Azure's error shape, `{"error": {"code", "message", "target"}}`.
    pub fn into_response(self) -> http::Response<Vec<u8>> {
        self.into_response_in(None)
    }

    /// The answer in the API's own error shape: `shape` is a JSON body of the API's error type
    /// whose places for the code, message, target and status hold the markers `"\u0000code"`,
    /// `"\u0000message"`, `"\u0000target"` and `"\u0000status"` (the generator writes it from the
    /// spec); Azure's shape without one.
    pub fn into_response_in(self, shape: Option<&str>) -> http::Response<Vec<u8>> {
        let Some(mut body) = shape.and_then(|shape| serde_json::from_str::<serde_json::Value>(shape).ok()) else {
            let body =
                serde_json::json!({ "error": { "code": self.code, "message": self.message, "target": self.target } });
            return json_response(self.status, &body);
        };
        self.fill(&mut body);
        json_response(self.status, &body)
    }

    fn fill(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => match text.as_str() {
                "\u{0}code" => *value = self.code.into(),
                "\u{0}message" => *value = self.message.clone().into(),
                "\u{0}target" => *value = self.target.clone().into(),
                "\u{0}status" => *value = self.status.as_u16().into(),
                _ => {}
            },
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| self.fill(item)),
            serde_json::Value::Object(members) => members.values_mut().for_each(|member| self.fill(member)),
            _ => {}
        }
    }
}

/// An answer that is not a declared success: a status, headers and an optional body (the error
/// type the spec gives that status, as JSON).
#[derive(Debug, Clone)]
pub struct ErrorAnswer {
    // Boxed: a handler's `Result` stays small.
    response: Box<http::Response<Vec<u8>>>,
}

impl ErrorAnswer {
    /// An answer with this status and no body.
    pub fn new(status: StatusCode) -> Self {
        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = status;
        ErrorAnswer { response: Box::new(response) }
    }

    /// An answer with this status and `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Self {
        ErrorAnswer { response: Box::new(json_response(status, body)) }
    }

    /// Adds a header (a value that is not a valid header value is left out).
    pub fn header(mut self, name: http::HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.response.headers_mut().insert(name, value);
        }
        self
    }

    /// `501 Not Implemented` for an operation (by its spec id) that the implementation does not
    /// serve: what a `Service` method answers unless the implementation gives it a body.
    pub fn not_implemented(operation: &str) -> Self {
        let message = format!("this server does not implement `{operation}`");
        ErrorAnswer::json(
            StatusCode::NOT_IMPLEMENTED,
            &serde_json::json!({ "error": { "code": "NotImplemented", "message": message } }),
        )
    }

    /// The HTTP response.
    pub fn into_response(self) -> http::Response<Vec<u8>> {
        *self.response
    }
}

/// A request's method, URI and headers as they came: what a `Service` reads beyond the
/// parameters the spec declares (a next link's own query pairs, the `Host` to write links with).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestHead {
    /// The request's method.
    pub method: Method,
    /// The request's URI (in a server, usually its path and query only).
    pub uri: http::Uri,
    /// Every header of the request.
    pub headers: HeaderMap,
}

impl RequestHead {
    /// The query's pairs, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        query_pairs(&self.uri)
    }

    /// The first value of a query parameter, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_pairs().into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// A header's value, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// A URI's query pairs, percent-decoded, in order.
fn query_pairs(uri: &http::Uri) -> Vec<(String, String)> {
    uri.query().map(|query| crate::form::pairs(query).collect()).unwrap_or_default()
}

/// A mock's body: `json` (written by the generator from the spec) as `T`; a `500` answer that
/// says why if it does not fit.
pub fn mock_body<T: DeserializeOwned>(json: &str) -> Result<T, ErrorAnswer> {
    serde_json::from_str(json).map_err(|error| {
        let message = format!("the mock's body does not fit its type: {error}");
        ErrorAnswer::json(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({ "error": { "code": "MockBody", "message": message } }),
        )
    })
}

/// A mock's body: the spec's `example` as `T` when it fits, else `least` (see [`mock_body`]).
pub fn mock_body_or<T: DeserializeOwned>(example: &str, least: &str) -> Result<T, ErrorAnswer> {
    serde_json::from_str(example).or_else(|_| mock_body(least))
}

/// Serves `router` on a free port of 127.0.0.1 in a task of the current tokio runtime, until
/// the runtime ends: the base URL to give a client (`http://127.0.0.1:<port>`).
pub async fn serve_on_loopback(router: axum::Router) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        // The task ends with the runtime; an accept error ends the server, as it would any.
        let _ = axum::serve(listener, router).await;
    });
    Ok(format!("http://{address}"))
}

/// A status the spec declares (lowering checked it is one; `500` otherwise).
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> http::Response<Vec<u8>> {
    // Serializing the generated models and JSON values cannot fail: they hold no maps with
    // non-string keys.
    let body = serde_json::to_vec(body).unwrap_or_default();
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A request's text as a parameter's value: the inverse of [`ParamValue`].
pub trait FromParam: Sized {
    /// The value of `text`, or why it is not one.
    fn from_param(text: &str) -> Result<Self, String>;
}

impl FromParam for String {
    fn from_param(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl FromParam for Secret {
    fn from_param(text: &str) -> Result<Self, String> {
        Ok(Secret::new(text))
    }
}

impl FromParam for IsoDuration {
    fn from_param(text: &str) -> Result<Self, String> {
        Ok(IsoDuration::new(text))
    }
}

impl FromParam for bool {
    fn from_param(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("it is not `true` or `false`".into()),
        }
    }
}

macro_rules! parsed_param {
    ($($ty:ty => $what:literal),*) => {$(
        impl FromParam for $ty {
            fn from_param(text: &str) -> Result<Self, String> {
                text.parse().map_err(|_| format!("it is not {}", $what))
            }
        }
    )*};
}

parsed_param!(i32 => "an integer of i32", i64 => "an integer of i64", f32 => "a number", f64 => "a number");

impl FromParam for Timestamp {
    fn from_param(text: &str) -> Result<Self, String> {
        Timestamp::parse(text).map_err(|error| format!("it is not an RFC 3339 timestamp: {error}"))
    }
}

impl FromParam for HttpDate {
    fn from_param(text: &str) -> Result<Self, String> {
        HttpDate::parse(text).map_err(|error| format!("it is not an HTTP date: {error}"))
    }
}

/// Arrays are sent comma-separated.
impl<T: FromParam> FromParam for Vec<T> {
    fn from_param(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Ok(Vec::new());
        }
        text.split(',').map(T::from_param).collect()
    }
}

/// One request, read whole, as generated `read_*` functions take it apart.
#[derive(Debug)]
pub struct Incoming {
    parts: http::request::Parts,
    query: Vec<(String, String)>,
    body: Bytes,
}

impl Incoming {
    /// Checks the framing of a request whose body has been read: a `POST`, `PUT` or `PATCH`
    /// states its length, or is chunked (`411 Length Required` otherwise, as Azure's front ends
    /// answer).
    pub fn new(parts: http::request::Parts, body: Bytes) -> Result<Self, Rejection> {
        let headers = &parts.headers;
        let states_length =
            headers.contains_key(http::header::CONTENT_LENGTH) || headers.contains_key(http::header::TRANSFER_ENCODING);
        if !states_length && matches!(parts.method, Method::POST | Method::PUT | Method::PATCH) {
            let message = "a POST, PUT or PATCH request must state its length (`Content-Length`)";
            return Err(Rejection {
                status: StatusCode::LENGTH_REQUIRED,
                code: "LengthRequired",
                target: "Content-Length".into(),
                message: message.into(),
            });
        }
        let query = query_pairs(&parts.uri);
        Ok(Incoming { parts, query, body })
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The request's path, still percent-encoded.
    pub fn path(&self) -> &str {
        self.parts.uri.path()
    }

    /// The request's path below `base` (the path of the API's base URL, such as `/v1`) when it
    /// is there, else the whole path: a server serves the API under its base path, or mounted
    /// without it.
    pub fn path_under(&self, base: &str) -> &str {
        let path = self.path();
        match path.strip_prefix(base) {
            Some(rest) if !base.is_empty() && rest.starts_with('/') => rest,
            _ => path,
        }
    }

    /// The request's method, URI and headers, for the `http` field of a generated request.
    pub fn head(&self) -> RequestHead {
        RequestHead {
            method: self.parts.method.clone(),
            uri: self.parts.uri.clone(),
            headers: self.parts.headers.clone(),
        }
    }

    /// Whether the query has `name=value` (a literal query pair of the operation's path).
    pub fn has_query_pair(&self, name: &str, value: &str) -> bool {
        self.query.iter().any(|(key, text)| key == name && text == value)
    }

    /// A path parameter's value from its raw text: percent-decoded, checked against its rule,
    /// parsed.
    pub fn segment<T: FromParam>(&self, raw: &str, parameter: &str, rule: &PathRule) -> Result<T, Rejection> {
        let value = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| Rejection::invalid(parameter, format!("the path parameter `{parameter}` is not UTF-8")))?;
        rule.check(&value).map_err(|rule| Rejection::invalid(parameter, format!("`{parameter}`: {rule}")))?;
        parse(parameter, &value)
    }

    /// A query parameter's value (the first, if it is repeated), checked against its rule.
    pub fn query<T: FromParam>(
        &self,
        name: &str,
        parameter: &str,
        rule: Option<&PathRule>,
    ) -> Result<Option<T>, Rejection> {
        let Some((_, value)) = self.query.iter().find(|(key, _)| key == name) else { return Ok(None) };
        checked(parameter, value, rule).map(Some)
    }

    /// The `api-version` query parameter, which must be `expected`.
    pub fn api_version(&self, name: &str, expected: &str) -> Result<(), Rejection> {
        match self.query.iter().find(|(key, _)| key == name) {
            None => Err(Rejection::bad(
                "MissingApiVersionParameter",
                name,
                format!("the query parameter `{name}` is required; this server implements `{expected}`"),
            )),
            Some((_, version)) if version == expected => Ok(()),
            Some((_, version)) => Err(Rejection::bad(
                "InvalidApiVersionParameter",
                name,
                format!("the api-version `{version}` is not `{expected}`, the version this server implements"),
            )),
        }
    }

    /// A header's value, checked against its rule.
    pub fn header<T: FromParam>(
        &self,
        name: &str,
        parameter: &str,
        rule: Option<&PathRule>,
    ) -> Result<Option<T>, Rejection> {
        let Some(value) = self.parts.headers.get(name) else { return Ok(None) };
        let value = value
            .to_str()
            .map_err(|_| Rejection::invalid(parameter, format!("the header `{parameter}` is not visible ASCII")))?;
        checked(parameter, value, rule).map(Some)
    }

    /// Whether the request has a body.
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    /// The body as JSON of `T` (`None` when there is none); a body of another media type is a
    /// `415`, one that does not fit `T` a `400` that names the place.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<Option<T>, Rejection> {
        if !self.has_body() {
            return Ok(None);
        }
        self.expect_media_type(|media| media == "application/json" || media.ends_with("+json"), "application/json")?;
        let mut reader = serde_json::Deserializer::from_slice(&self.body);
        let value = serde_path_to_error::deserialize(&mut reader).map_err(|error| {
            let place = error.path().to_string();
            let message = if place == "." {
                format!("the body does not match the spec: {}", error.inner())
            } else {
                format!("the body does not match the spec at `{place}`: {}", error.inner())
            };
            Rejection::invalid("body", message)
        })?;
        reader.end().map_err(|error| Rejection::invalid("body", format!("the body is not one JSON value: {error}")))?;
        Ok(Some(value))
    }

    /// The body as text (`None` when there is none).
    pub fn text_body(&self) -> Result<Option<String>, Rejection> {
        if !self.has_body() {
            return Ok(None);
        }
        String::from_utf8(self.body.to_vec())
            .map(Some)
            .map_err(|_| Rejection::invalid("body", "the body is not UTF-8 text"))
    }

    /// The body as bytes (`None` when there is none).
    pub fn bytes_body(&self) -> Option<Vec<u8>> {
        self.has_body().then(|| self.body.to_vec())
    }

    /// The body as an `application/x-www-form-urlencoded` form of `T` (`None` when there is
    /// none), its fields read as `shape` says (see [`crate::decode_form`]).
    pub fn form_body<T: DeserializeOwned>(&self, shape: &str) -> Result<Option<T>, Rejection> {
        if !self.has_body() {
            return Ok(None);
        }
        let form = "application/x-www-form-urlencoded";
        self.expect_media_type(|media| media == form, form)?;
        let text = std::str::from_utf8(&self.body).map_err(|_| Rejection::invalid("body", "the form is not UTF-8"))?;
        let shape: serde_json::Value = serde_json::from_str(shape).unwrap_or_default();
        let value = crate::decode_form(text, &shape);
        serde_path_to_error::deserialize(value).map(Some).map_err(|error| {
            Rejection::invalid(
                "body",
                format!("the form does not match the spec at `{}`: {}", error.path(), error.inner()),
            )
        })
    }

    /// The body as a `multipart/form-data` body of `T` (`None` when there is none), its parts
    /// read as `shape` says (files, scalars; see [`crate::decode_form`] for the shapes).
    pub fn multipart_body<T: DeserializeOwned>(&self, shape: &str) -> Result<Option<T>, Rejection> {
        if !self.has_body() {
            return Ok(None);
        }
        let multipart = "multipart/form-data";
        self.expect_media_type(|media| media == multipart, multipart)?;
        let media = self.parts.headers.get(http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        let boundary = media.into_iter().flat_map(|media| media.split(';').skip(1)).find_map(|parameter| {
            let (key, value) = parameter.split_once('=')?;
            key.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"').to_owned())
        });
        let Some(boundary) = boundary.filter(|boundary| !boundary.is_empty()) else {
            return Err(Rejection::invalid("Content-Type", "a multipart body needs the `boundary` of its media type"));
        };
        let shape: serde_json::Value = serde_json::from_str(shape).unwrap_or_default();
        crate::multipart::decode_multipart(&self.body, &boundary, &shape)
            .map(Some)
            .map_err(|message| Rejection::invalid("body", message))
    }

    fn expect_media_type(&self, fits: impl Fn(&str) -> bool, expected: &str) -> Result<(), Rejection> {
        let media = self.parts.headers.get(http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        let essence = media.map(|media| media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
        match essence {
            Some(essence) if !fits(&essence) => Err(Rejection {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "UnsupportedMediaType",
                target: "Content-Type".into(),
                message: format!("the body is `{essence}`; this operation reads `{expected}`"),
            }),
            _ => Ok(()),
        }
    }
}

/// A required value, or the rejection that names it.
pub fn required<T>(value: Option<T>, parameter: &str) -> Result<T, Rejection> {
    value.ok_or_else(|| Rejection::missing(parameter))
}

fn checked<T: FromParam>(parameter: &str, value: &str, rule: Option<&PathRule>) -> Result<T, Rejection> {
    if let Some(rule) = rule {
        rule.check_value(value).map_err(|rule| Rejection::invalid(parameter, format!("`{parameter}`: {rule}")))?;
    }
    parse(parameter, value)
}

fn parse<T: FromParam>(parameter: &str, value: &str) -> Result<T, Rejection> {
    T::from_param(value).map_err(|reason| Rejection::invalid(parameter, format!("`{parameter}`: {reason}")))
}

/// Writes one success answer: the declared status, the headers the implementation gave, the
/// typed headers, and the body.
#[derive(Debug)]
pub struct AnswerBuilder {
    response: http::Response<Vec<u8>>,
}

impl AnswerBuilder {
    /// Starts an answer with `status` and every header of `raw_headers`.
    pub fn new(status: StatusCode, raw_headers: &HeaderMap) -> Self {
        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = status;
        *response.headers_mut() = raw_headers.clone();
        AnswerBuilder { response }
    }

    /// Sets a typed header (a value that is not a valid header value is left out).
    pub fn header<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(value) = HeaderValue::from_str(&value.param_text()) {
            self.response.headers_mut().insert(http::HeaderName::from_static(name), value);
        }
    }

    /// The body as JSON.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) {
        *self.response.body_mut() = serde_json::to_vec(body).unwrap_or_default();
        self.content_type("application/json");
    }

    /// The body as it is, as `content_type`.
    pub fn bytes_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        *self.response.body_mut() = body;
        self.content_type(content_type);
    }

    fn content_type(&mut self, value: &'static str) {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.response.headers_mut().insert(http::header::CONTENT_TYPE, value);
        }
    }

    /// The answer.
    pub fn finish(self) -> http::Response<Vec<u8>> {
        self.response
    }
}

/// What one API's handler made of a request.
#[derive(Debug)]
pub enum Outcome {
    /// An operation of the API took the request; this is its answer.
    Answered(http::Response<Vec<u8>>),
    /// An operation's path fits, but no operation of that path takes the method.
    NoMethod,
    /// No operation's path fits.
    NoPath,
}

/// One API's operations as a server serves them: what a generated `server::handler` makes of an
/// implementation of the API's `Service`.
pub trait Handler: Send + Sync + 'static {
    /// How specific the API's route for the request (its method, path and literal query pairs)
    /// is, if it has one: the length of its template's literal text, then its literal query
    /// pairs. A server gives the request to the API with the most specific route, so that
    /// `/workers/statistics` of one API wins over `/workers/{sid}` of another.
    fn specificity(&self, request: &Incoming) -> Option<(usize, usize)>;

    /// Answers the request if one of the API's operations takes it.
    fn handle<'a>(&'a self, request: &'a Incoming) -> crate::BoxFuture<'a, Outcome>;
}

/// The APIs one server serves: each request goes to the API with the most specific route for
/// it; one that no operation takes is answered `404` (or `405` when a path fits but not the
/// method).
#[derive(Default)]
pub struct Server {
    handlers: Vec<Box<dyn Handler>>,
}

impl Server {
    /// A server of no API yet.
    pub fn new() -> Self {
        Server::default()
    }

    /// Adds an API (`my_crate::pets::server::handler(my_implementation)`).
    pub fn with(mut self, handler: impl Handler) -> Self {
        self.handlers.push(Box::new(handler));
        self
    }

    /// Answers one request.
    pub async fn answer(&self, request: axum::extract::Request) -> http::Response<Vec<u8>> {
        let request = match read_request(request).await {
            Ok(request) => request,
            Err(rejection) => return rejection.into_response(),
        };
        // The most specific route; of equally specific ones, the first API's.
        let best = self
            .handlers
            .iter()
            .filter_map(|handler| Some((handler.specificity(&request)?, handler)))
            .rev()
            .max_by_key(|(specificity, _)| *specificity);
        if let Some((_, handler)) = best
            && let Outcome::Answered(response) = handler.handle(&request).await
        {
            return response;
        }
        let mut path_fits = false;
        for handler in &self.handlers {
            match handler.handle(&request).await {
                Outcome::Answered(response) => return response,
                Outcome::NoMethod => path_fits = true,
                Outcome::NoPath => {}
            }
        }
        no_operation(path_fits)
    }

    /// An `axum` router that answers every request (each API under its base path, or without it).
    pub fn into_router(self) -> axum::Router {
        let server = std::sync::Arc::new(self);
        axum::Router::new().fallback(move |request: axum::extract::Request| {
            let server = std::sync::Arc::clone(&server);
            async move { into_axum(server.answer(request).await) }
        })
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("apis", &self.handlers.len()).finish()
    }
}

/// Reads a request's body whole (at most [`MAX_REQUEST_BODY`] bytes, `413` beyond) and checks
/// its framing: what a generated router does before it matches the request to an operation.
pub async fn read_request(request: axum::extract::Request) -> Result<Incoming, Rejection> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_REQUEST_BODY).await.map_err(|_| Rejection {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "RequestBodyTooLarge",
        target: "body".into(),
        message: format!("the body is larger than {MAX_REQUEST_BODY} bytes, or could not be read"),
    })?;
    Incoming::new(parts, body)
}

/// An answer as axum sends it.
pub fn into_axum(response: http::Response<Vec<u8>>) -> axum::response::Response {
    response.map(axum::body::Body::from)
}

/// The answer to a request that no operation's path fits (`404`), or whose path fits but not
/// its method (`405`).
pub fn no_operation(path_fits: bool) -> http::Response<Vec<u8>> {
    let (status, code, message) = if path_fits {
        (StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "no operation of this path takes this method")
    } else {
        (StatusCode::NOT_FOUND, "NotFound", "no operation has this path")
    };
    json_response(status, &serde_json::json!({ "error": { "code": code, "message": message } }))
}

#[cfg(test)]
mod tests {
    use super::{Handler, Incoming, Outcome, Piece, Server, match_path};

    /// An API with one route, `template` for GETs, that answers with its name.
    struct Api {
        name: &'static str,
        template: &'static [Piece],
    }

    impl Handler for Api {
        fn specificity(&self, request: &Incoming) -> Option<(usize, usize)> {
            let literal =
                self.template.iter().map(|piece| if let Piece::Literal(text) = piece { text.len() } else { 0 });
            match_path(self.template, request.path()).map(|_| (literal.sum(), 0))
        }
        fn handle<'a>(&'a self, request: &'a Incoming) -> crate::BoxFuture<'a, Outcome> {
            Box::pin(async move {
                match (match_path(self.template, request.path()), request.method() == http::Method::GET) {
                    (Some(_), true) => Outcome::Answered(http::Response::new(self.name.as_bytes().to_vec())),
                    (Some(_), false) => Outcome::NoMethod,
                    (None, _) => Outcome::NoPath,
                }
            })
        }
    }

    async fn answer(server: &Server, method: &str, path: &str) -> (u16, String) {
        let request = http::Request::builder().method(method).uri(path).body(axum::body::Body::empty()).unwrap();
        let response = server.answer(request).await;
        (response.status().as_u16(), String::from_utf8_lossy(response.body()).into_owned())
    }

    #[tokio::test]
    async fn a_server_gives_each_request_to_the_api_with_the_most_specific_route() {
        let by_sid = Api { name: "by-sid", template: &[Piece::Literal("/workers/"), Piece::Param] };
        let statistics = Api { name: "statistics", template: &[Piece::Literal("/workers/statistics")] };
        let server = Server::new().with(by_sid).with(statistics);
        assert_eq!(answer(&server, "GET", "/workers/statistics").await, (200, "statistics".into()));
        assert_eq!(answer(&server, "GET", "/workers/WK1").await, (200, "by-sid".into()));
        assert_eq!(answer(&server, "DELETE", "/workers/WK1").await.0, 405, "a path that fits, not its method");
        assert_eq!(answer(&server, "GET", "/teams").await.0, 404);
    }

    #[test]
    fn an_api_is_served_under_its_base_path_and_without_it() {
        let incoming = |path: &str| {
            let (parts, ()) = http::Request::builder().uri(path).body(()).unwrap().into_parts();
            Incoming::new(parts, bytes::Bytes::new()).unwrap()
        };
        assert_eq!(incoming("/v1/pets/rex").path_under("/v1"), "/pets/rex");
        assert_eq!(incoming("/pets/rex").path_under("/v1"), "/pets/rex");
        assert_eq!(incoming("/v10/pets").path_under("/v1"), "/v10/pets", "whole segments only");
        assert_eq!(incoming("/pets").path_under(""), "/pets");
    }

    #[test]
    fn a_template_fits_whole_segments_and_parts_of_segments() {
        let template = [Piece::Literal("/things/"), Piece::Param, Piece::Literal("/parts/"), Piece::Param];
        assert_eq!(match_path(&template, "/things/a%2Fb/parts/7"), Some(vec!["a%2Fb", "7"]));
        assert_eq!(match_path(&template, "/things//parts/7"), None, "a value is never empty");
        assert_eq!(match_path(&template, "/things/a/b/parts/7"), None, "a value never spans segments");
        assert_eq!(match_path(&template, "/things/a/parts/7/more"), None);
        let scoped = [Piece::Literal("/"), Piece::RawParam, Piece::Literal("/providers/X/items/"), Piece::Param];
        let scope = match_path(&scoped, "/subscriptions/1/resourceGroups/g/providers/X/items/a");
        assert_eq!(scope, Some(vec!["subscriptions/1/resourceGroups/g", "a"]), "a raw value spans segments");
        let action = [Piece::Literal("/jobs/"), Piece::Param, Piece::Literal(":run")];
        assert_eq!(match_path(&action, "/jobs/nightly:run"), Some(vec!["nightly"]));
        assert_eq!(match_path(&action, "/jobs/a:b:run"), Some(vec!["a:b"]), "the longest value that fits");
    }
}
