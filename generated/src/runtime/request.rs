//! Building requests: the base URL, path segment rules and encoding, query, headers and body.

use super::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use regex::Regex;
use std::sync::OnceLock;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded,
/// so a value can never add a path segment, a query parameter or a fragment.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The scheme and authority (and optional path prefix) requests are sent to, such as
/// `https://management.azure.com`, a sovereign cloud's endpoint or a local test server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks that `url` is an absolute `http(s)` URL without query or fragment; a trailing `/` is dropped.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |reason| Error::InvalidBaseUrl { url: url.to_owned(), reason };
        let lower = url.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &url["https://".len()..]
        } else if lower.starts_with("http://") {
            &url["http://".len()..]
        } else {
            return Err(invalid("it must start with `https://` or `http://`"));
        };
        if rest.is_empty() || rest.starts_with('/') {
            return Err(invalid("it has no host"));
        }
        if rest.contains(['?', '#']) {
            return Err(invalid("it must not have a query or a fragment"));
        }
        if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("it must not contain whitespace or control characters"));
        }
        Ok(BaseUrl(url.trim_end_matches('/').to_owned()))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A regular expression from the spec, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<Regex, regex::Error>>,
}

impl Pattern {
    /// A pattern with this source (the generator has checked that it compiles).
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: OnceLock::new() }
    }

    /// The pattern as written in the spec.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    fn is_match(&self, value: &str) -> Result<bool, &regex::Error> {
        match self.compiled.get_or_init(|| Regex::new(self.source)) {
            Ok(regex) => Ok(regex.is_match(value)),
            Err(error) => Err(error),
        }
    }
}

/// The spec's rules for a path parameter. Lengths count characters.
#[derive(Debug)]
pub struct PathRule {
    /// A regular expression the value must match (the spec's patterns anchor it with `^` and `$`).
    pub pattern: Option<Pattern>,
    /// The fewest characters allowed (a path segment is never empty, whatever this says).
    pub min_length: Option<usize>,
    /// The most characters allowed.
    pub max_length: Option<usize>,
}

impl PathRule {
    /// Which rule `value` breaks, if any.
    pub fn check(&self, value: &str) -> Result<(), String> {
        let length = value.chars().count();
        if value.is_empty() {
            return Err("a path segment must not be empty".into());
        }
        if value == "." || value == ".." {
            return Err("`.` and `..` are dot-segments that would change the path".into());
        }
        if let Some(min) = self.min_length.filter(|&min| length < min) {
            return Err(format!("it has {length} characters, fewer than the minimum of {min}"));
        }
        if let Some(max) = self.max_length.filter(|&max| length > max) {
            return Err(format!("it has {length} characters, more than the maximum of {max}"));
        }
        if let Some(pattern) = &self.pattern {
            match pattern.is_match(value) {
                Ok(true) => {}
                Ok(false) => return Err(format!("it does not match the pattern `{}`", pattern.as_str())),
                Err(error) => return Err(format!("the pattern `{}` is invalid: {error}", pattern.as_str())),
            }
        }
        Ok(())
    }
}

/// Assembles one request; generated `build_request` methods drive it.
#[derive(Debug)]
pub struct RequestBuilder {
    url: String,
    has_query: bool,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl RequestBuilder {
    /// Starts a request to `base_url`.
    pub fn new(base_url: &BaseUrl) -> Self {
        RequestBuilder {
            url: base_url.as_str().to_owned(),
            has_query: false,
            headers: http::HeaderMap::new(),
            body: Vec::new(),
        }
    }

    /// Appends literal path text from the spec's template.
    pub fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Checks a path parameter against its rule and appends it as one percent-encoded segment.
    pub fn segment(&mut self, parameter: &'static str, value: &str, rule: &PathRule) -> Result<(), Error> {
        rule.check(value).map_err(|rule| Error::InvalidParameter { parameter, value: value.to_owned(), rule })?;
        self.url.extend(utf8_percent_encode(value, COMPONENT));
        Ok(())
    }

    /// Appends a query parameter, percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.url.extend(utf8_percent_encode(name, COMPONENT));
        self.url.push('=');
        self.url.extend(utf8_percent_encode(value, COMPONENT));
    }

    /// Sets a header; a value that cannot be a header value is an invalid parameter.
    pub fn header(&mut self, parameter: &'static str, name: &'static str, value: &str) -> Result<(), Error> {
        let header = http::HeaderValue::from_str(value).map_err(|_| Error::InvalidParameter {
            parameter,
            value: value.to_owned(),
            rule: "a header value must be visible ASCII, spaces or tabs".into(),
        })?;
        self.headers.insert(http::HeaderName::from_static(name), header);
        Ok(())
    }

    /// Serializes `body` as the JSON request body.
    pub fn json_body<T: serde::Serialize>(&mut self, body: &T) -> Result<(), Error> {
        self.body = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// The finished request.
    pub fn finish(self, method: http::Method) -> Result<http::Request<Vec<u8>>, Error> {
        let mut request =
            http::Request::builder().method(method).uri(self.url).body(self.body).map_err(Error::Request)?;
        request.headers_mut().insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
        request.headers_mut().extend(self.headers);
        Ok(request)
    }
}

/// A fresh `x-ms-client-request-id`: a random UUID v4. The bytes come from a thread-local
/// generator seeded once from the system (an id correlates requests; it is not a secret), so
/// making a builder costs no system call.
pub fn new_request_id() -> String {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid().to_string()
}
