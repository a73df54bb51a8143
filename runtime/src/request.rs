//! Building requests: the base URL, path segment rules and encoding, query, headers and body.

use super::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use regex::Regex;
use std::sync::OnceLock;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded,
/// so a value can never add a path segment, a query parameter or a fragment.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a path parameter sent as it is (`skipUrlEncoding`) still has encoded: what no path can
/// hold as it is (controls, a space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `|`, `}`, `\`, `^`);
/// `/` and an escape the caller wrote (`%2F`) go through.
const RAW_PATH: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'\\')
    .add(b'^');

/// The scheme and authority (and optional path prefix) requests are sent to, such as
/// `https://management.azure.com`, a sovereign cloud's endpoint or a local test server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks that `url` is an absolute URL that requests can be sent to, so that a configuration
    /// mistake fails here rather than as a transport error on every call:
    ///
    /// - `https://`, or `http://` to a loopback host only (`localhost`, `127.x.x.x`, `[::1]`),
    ///   since every request carries a bearer token;
    /// - a host (an ASCII name, an IPv4 address or a bracketed IPv6 address; a non-ASCII name
    ///   must be given in its IDNA `xn--` form) and an optional port from 1 to 65535;
    /// - no user information (`user:password@`), which would never be used and would be printed
    ///   wherever the URL is; no query, no fragment, no whitespace or control characters.
    ///
    /// A trailing `/` is dropped and `.` and `..` segments of the path are resolved.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |reason| Error::InvalidBaseUrl { url: redact_userinfo(url), reason };
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("it must not contain whitespace or control characters"));
        }
        let (scheme, rest) =
            url.split_once("://").ok_or_else(|| invalid("it must start with `https://` or `http://`"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(invalid("it must start with `https://` or `http://`"));
        }
        if rest.contains(['?', '#']) {
            return Err(invalid("it must not have a query or a fragment"));
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
        if authority.contains('@') {
            return Err(invalid("it must not contain user information (`user:password@`)"));
        }
        let (host, port) = split_host_port(authority).map_err(invalid)?;
        let host = host.to_ascii_lowercase();
        if scheme == "http" && !is_loopback(&host) {
            return Err(invalid(
                "plain `http://` is only allowed to a loopback host; every request carries a bearer token",
            ));
        }
        let mut normalized = format!("{scheme}://{host}");
        if let Some(port) = port {
            normalized.push(':');
            normalized.push_str(port);
        }
        normalized.push_str(&remove_dot_segments(path));
        Ok(BaseUrl(normalized.trim_end_matches('/').to_owned()))
    }

    /// [`BaseUrl::parse`] of a URL that is a constant of the program (an API's default), parsed
    /// once: building a request does not check and normalise the same text again each time.
    /// The parsed URLs are kept for the life of the program, one per distinct constant.
    pub fn parse_static(url: &'static str) -> Result<&'static BaseUrl, Error> {
        type Parsed = Vec<(&'static str, &'static BaseUrl)>;
        static PARSED: std::sync::RwLock<Parsed> = std::sync::RwLock::new(Vec::new());
        let find = |parsed: &Parsed| parsed.iter().find(|(text, _)| *text == url).map(|(_, base)| *base);
        // A poisoned lock only means another thread panicked while holding it; the list is
        // still a list of valid entries.
        if let Some(base) = find(&PARSED.read().unwrap_or_else(|poisoned| poisoned.into_inner())) {
            return Ok(base);
        }
        let parsed = BaseUrl::parse(url)?;
        let mut known = PARSED.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(base) = find(&known) {
            return Ok(base);
        }
        let base: &'static BaseUrl = Box::leak(Box::new(parsed));
        known.push((url, base));
        Ok(base)
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The URL as it may be shown in an error: user information, if any, replaced.
fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://<redacted>@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// The host and the port text of an authority, each checked.
fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), &'static str> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']').ok_or("its IPv6 address has no closing `]`")?;
        address.parse::<std::net::Ipv6Addr>().map_err(|_| "the text in `[...]` is not an IPv6 address")?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or("only `:port` may follow an IPv6 address")?),
        };
        (&authority[..address.len() + 2], port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("it has no host");
    }
    if !host.starts_with('[') {
        if !host.is_ascii() {
            return Err("the host is not ASCII: give an internationalized name in its IDNA form (`xn--...`)");
        }
        let valid_label = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        };
        // A trailing dot (a fully qualified name) is allowed.
        if host.len() > 253 || !host.strip_suffix('.').unwrap_or(host).split('.').all(valid_label) {
            return Err("the host is not a valid name or IPv4 address");
        }
    }
    if let Some(port) = port {
        let valid = !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit());
        if !valid || !matches!(port.parse::<u32>(), Ok(1..=65535)) {
            return Err("the port must be a number from 1 to 65535");
        }
    }
    Ok((host, port))
}

/// Whether a (lower-case) host is this machine, where plain HTTP cannot be overheard.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    if let Some(address) = host.strip_prefix('[').and_then(|host| host.strip_suffix(']')) {
        return address.parse::<std::net::Ipv6Addr>().is_ok_and(|address| address.is_loopback());
    }
    host.parse::<std::net::Ipv4Addr>().is_ok_and(|address| address.is_loopback())
}

/// A path with its `.` and `..` segments resolved (RFC 3986, section 5.2.4); `..` never climbs
/// above the root.
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    segments.iter().fold(String::new(), |mut out, segment| {
        out.push('/');
        out.push_str(segment);
        out
    })
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

/// The spec's rules for a parameter's value (a path segment, or a constrained query or header
/// value). Lengths count characters.
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
    /// Which rule the path segment `value` breaks, if any: never empty, never a dot-segment,
    /// and the spec's lengths and pattern.
    pub fn check(&self, value: &str) -> Result<(), String> {
        if value.is_empty() {
            return Err("a path segment must not be empty".into());
        }
        if value == "." || value == ".." {
            return Err("`.` and `..` are dot-segments that would change the path".into());
        }
        self.check_value(value)
    }

    /// Which of the spec's lengths and pattern `value` breaks, if any (for a query or header value).
    pub fn check_value(&self, value: &str) -> Result<(), String> {
        // A string has at most as many characters as bytes, and as many when it is ASCII, so
        // the usual ids are measured without counting characters.
        let length = if value.is_ascii() { value.len() } else { value.chars().count() };
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
        // Room for a typical Azure path and query, so the URL is written without reallocating.
        let mut url = String::with_capacity(base_url.as_str().len() + 240);
        url.push_str(base_url.as_str());
        RequestBuilder { url, has_query: false, headers: http::HeaderMap::with_capacity(5), body: Vec::new() }
    }

    /// Appends literal path text from the spec's template.
    pub fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Checks a path parameter against its rule and appends it as one percent-encoded segment.
    pub fn segment(&mut self, parameter: &'static str, value: &str, rule: &PathRule) -> Result<(), Error> {
        rule.check(value).map_err(|rule| Error::InvalidParameter { parameter, value: value.to_owned(), rule })?;
        push_encoded(&mut self.url, value);
        Ok(())
    }

    /// Checks a path parameter against its rule and appends it as it is, `/` included (the
    /// spec's `skipUrlEncoding`, for a scope such as `subscriptions/1/resourceGroups/g`): only
    /// what a path cannot hold (a space, `?`, `#`, a non-ASCII letter, ...) is percent-encoded.
    pub fn raw_segment(&mut self, parameter: &'static str, value: &str, rule: &PathRule) -> Result<(), Error> {
        let invalid = |rule: String| Error::InvalidParameter { parameter, value: value.to_owned(), rule };
        rule.check(value).map_err(invalid)?;
        if value.split('/').any(|segment| segment == "." || segment == "..") {
            return Err(invalid("`.` and `..` are dot-segments that would change the path".into()));
        }
        self.url.extend(utf8_percent_encode(value, RAW_PATH));
        Ok(())
    }

    /// Checks a query or header value against its rule (the spec's lengths and pattern).
    pub fn check(&self, parameter: &'static str, value: &str, rule: &PathRule) -> Result<(), Error> {
        rule.check_value(value).map_err(|rule| Error::InvalidParameter { parameter, value: value.to_owned(), rule })
    }

    /// Appends a query parameter, percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        push_encoded(&mut self.url, name);
        self.url.push('=');
        push_encoded(&mut self.url, value);
    }

    /// Sets a header; a value that is empty or not visible ASCII (spaces and tabs allowed inside)
    /// is an invalid parameter, since the service would refuse or misread it.
    pub fn header(&mut self, parameter: &'static str, name: &'static str, value: &str) -> Result<(), Error> {
        let invalid = |rule: &str| Error::InvalidParameter { parameter, value: value.to_owned(), rule: rule.into() };
        if value.trim_matches([' ', '\t']).is_empty() {
            return Err(invalid("a header value must not be empty"));
        }
        // `http` refuses control characters but for tabs, and accepts bytes above ASCII, which
        // the service would misread: those are refused here first.
        let rule = "a header value must be visible ASCII, spaces or tabs";
        if !value.is_ascii() {
            return Err(invalid(rule));
        }
        let header = http::HeaderValue::from_str(value).map_err(|_| invalid(rule))?;
        self.headers.insert(http::HeaderName::from_static(name), header);
        Ok(())
    }

    /// Serializes `body` as the JSON request body.
    pub fn json_body<T: serde::Serialize>(&mut self, body: &T) -> Result<(), Error> {
        self.body = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// Sends the properties of `body` (an object) as an `application/x-www-form-urlencoded` form
    /// (see [`encode_form`](crate::encode_form) for how nested values are named).
    pub fn form_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(Error::Serialize)?;
        let form = crate::form::encode_form(&value).map_err(serialize_error)?;
        self.body = form.into_bytes();
        let form_type = http::HeaderValue::from_static("application/x-www-form-urlencoded");
        self.headers.insert(http::header::CONTENT_TYPE, form_type);
        Ok(())
    }

    /// Sends the properties of `body` (an object) as `multipart/form-data`: each property is a
    /// part named after it, a [`FilePart`](crate::FilePart) as a file, a string as it is, a
    /// number or boolean as its JSON text, an array of those as one part per item, an object or
    /// an array of objects as JSON (`application/json`, OpenAPI's rule); `null` is left out.
    pub fn multipart_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let (boundary, body) = crate::multipart::encode_multipart(body).map_err(serialize_error)?;
        self.body = body;
        // The boundary is hexadecimal, so the value is always a valid header.
        let content_type = http::HeaderValue::try_from(format!("multipart/form-data; boundary={boundary}"))
            .map_err(|error| Error::Request(error.into()))?;
        self.headers.insert(http::header::CONTENT_TYPE, content_type);
        Ok(())
    }

    /// Sends `body` as it is, as `content_type` (a text type such as `text/plain`).
    pub fn text_body(&mut self, content_type: &'static str, body: String) -> Result<(), Error> {
        self.bytes_body(content_type, body.into_bytes())
    }

    /// Sends `body` as it is, as `content_type` (`application/octet-stream`, `image/png`, ...).
    pub fn bytes_body(&mut self, content_type: &'static str, body: Vec<u8>) -> Result<(), Error> {
        let content_type = http::HeaderValue::from_str(content_type).map_err(|error| Error::Request(error.into()))?;
        self.body = body;
        self.headers.insert(http::header::CONTENT_TYPE, content_type);
        Ok(())
    }

    /// Asks for `value` instead of `application/json` (an operation that answers bytes or text).
    pub fn accept(&mut self, value: &'static str) {
        self.headers.insert(http::header::ACCEPT, http::HeaderValue::from_static(value));
    }

    /// The finished request. Every request whose method can carry a body (`POST`, `PUT`, `PATCH`),
    /// and every request with a body, states its length, `content-length: 0` included: Azure's
    /// front ends answer `411 Length Required` to a POST without one.
    pub fn finish(self, method: http::Method) -> Result<http::Request<Vec<u8>>, Error> {
        let states_length =
            !self.body.is_empty() || matches!(method, http::Method::POST | http::Method::PUT | http::Method::PATCH);
        let mut headers = self.headers;
        if !headers.contains_key(http::header::ACCEPT) {
            headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
        }
        if states_length {
            headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(self.body.len()));
        }
        let uri = http::Uri::try_from(self.url).map_err(|error| Error::Request(error.into()))?;
        let mut request = http::Request::new(self.body);
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// A body that cannot be written as its media type asks.
fn serialize_error(message: String) -> Error {
    Error::Serialize(<serde_json::Error as serde::ser::Error>::custom(message))
}

/// Appends `text` percent-encoded as one component; text that needs no encoding (the usual
/// names and ids) is copied at once.
fn push_encoded(url: &mut String, text: &str) {
    if text.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')) {
        url.push_str(text);
    } else {
        url.extend(utf8_percent_encode(text, COMPONENT));
    }
}

/// A fresh `x-ms-client-request-id`: a random UUID v4. The bytes come from a thread-local
/// generator seeded once from the system (an id correlates requests; it is not a secret), so
/// making a builder costs no system call.
pub fn new_request_id() -> String {
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
    // Encoded into a buffer rather than through `Display`, which is several times slower.
    id.hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()).to_owned()
}

/// How a typed query or header parameter is written: `true`, `42`, `2.5`, a timestamp's text,
/// the items of a list joined by commas (Swagger's `csv`, the default collection format).
pub trait ParamValue {
    /// The text sent.
    fn param_text(&self) -> String;
}

macro_rules! display_param_value {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn param_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param_value!(String, bool, i32, i64, f32, f64, super::Timestamp, super::HttpDate);

impl ParamValue for super::IsoDuration {
    fn param_text(&self) -> String {
        self.as_str().to_owned()
    }
}

impl ParamValue for super::Secret {
    fn param_text(&self) -> String {
        self.expose().to_owned()
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn param_text(&self) -> String {
        self.iter().map(ParamValue::param_text).collect::<Vec<_>>().join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::{BaseUrl, PathRule, Pattern, RequestBuilder};

    #[test]
    fn a_query_value_is_checked_against_lengths_and_pattern_but_not_segment_rules() {
        static REGION: PathRule =
            PathRule { pattern: Some(Pattern::new("^[a-z]{2}-[a-z]+$")), min_length: None, max_length: Some(12) };
        let request = RequestBuilder::new(BaseUrl::parse_static("https://example.test").unwrap());
        assert!(request.check("region", "eu-west", &REGION).is_ok());
        let error = request.check("region", "EU", &REGION).unwrap_err().to_string();
        assert!(error.contains("region") && error.contains("does not match the pattern"), "{error}");
        let error = request.check("region", "eu-westernmost", &REGION).unwrap_err().to_string();
        assert!(error.contains("more than the maximum of 12"), "{error}");
        static ANY: PathRule = PathRule { pattern: None, min_length: None, max_length: Some(5) };
        assert!(request.check("filter", "..", &ANY).is_ok(), "a dot-segment is only a path's concern");
        assert!(request.check("filter", "", &ANY).is_ok());
    }

    /// A scope goes into the path as it is (`skipUrlEncoding`); what no path can hold is still
    /// encoded, and a dot-segment is refused.
    #[test]
    fn a_raw_segment_keeps_its_slashes() {
        static ANY: PathRule = PathRule { pattern: None, min_length: None, max_length: None };
        let mut request = RequestBuilder::new(BaseUrl::parse_static("https://example.test").unwrap());
        request.path("/");
        request.raw_segment("scope", "subscriptions/1/resourceGroups/my group?", &ANY).unwrap();
        request.path("/providers/X");
        let built = request.finish(http::Method::GET).unwrap();
        assert_eq!(built.uri().path(), "/subscriptions/1/resourceGroups/my%20group%3F/providers/X");
        let mut request = RequestBuilder::new(BaseUrl::parse_static("https://example.test").unwrap());
        let error = request.raw_segment("scope", "subscriptions/../x", &ANY).unwrap_err().to_string();
        assert!(error.contains("dot-segment"), "{error}");
        assert!(request.raw_segment("scope", "", &ANY).is_err());
    }

    #[test]
    fn a_constant_url_is_parsed_once_and_a_bad_one_fails_every_time() {
        let first = BaseUrl::parse_static("https://management.azure.com/").unwrap();
        let second = BaseUrl::parse_static("https://management.azure.com/").unwrap();
        assert!(std::ptr::eq(first, second), "the second call finds the first parse");
        assert_eq!(first.to_string(), "https://management.azure.com");
        for _ in 0..2 {
            assert!(BaseUrl::parse_static("http://example.test").is_err(), "never cached as valid");
        }
    }
}
