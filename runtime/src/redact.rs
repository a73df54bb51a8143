//! Redacting secrets from body text by what the spec marks secret, not by matching literal text.
//!
//! The body is read as a stream of JSON tokens, leniently (it may be cut short, or not JSON at
//! all): a key is compared after its escapes are decoded (`"k\u0065y"` is `key`), and the whole
//! value of a secret property goes, whatever its type. The secret values found are then also
//! removed from every other string and from messages, where a service may echo them.

/// What replaces a secret value.
const REDACTED: &str = "<redacted>";

/// The secret values of one body, to remove from texts derived from it.
#[derive(Debug, Default)]
pub(crate) struct Redactor {
    /// The JSON names of the secret properties (the generated crate's `SECRET_PROPERTIES`).
    secrets: &'static [&'static str],
    /// The decoded text of every secret value found, and its `Debug`-escaped form (as serde
    /// quotes values in its messages).
    values: Vec<String>,
}

impl Redactor {
    /// Finds the values of the secret properties in the whole of `body`.
    pub(crate) fn for_body(body: &[u8], secrets: &'static [&'static str]) -> Self {
        let text = String::from_utf8_lossy(body);
        let mut values = Vec::new();
        scan(&text, secrets, &mut |event| {
            if let Event::SecretValue(raw) = event {
                let decoded = match raw.strip_prefix('"') {
                    Some(_) => decode_string(raw).0,
                    None => raw.trim().to_owned(),
                };
                if !decoded.is_empty() {
                    let escaped = format!("{decoded:?}");
                    values.push(escaped.trim_matches('"').to_owned());
                    values.push(decoded);
                }
            }
        });
        // Longest first, so that a value containing another is removed whole.
        values.sort_by_key(|value| std::cmp::Reverse(value.len()));
        values.dedup();
        Redactor { secrets, values }
    }

    /// `text` (a body, or the start of one) with the value of every secret property replaced
    /// by `"<redacted>"`, and every secret value found in the body removed from other strings.
    pub(crate) fn redact_json(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        scan(text, self.secrets, &mut |event| match event {
            Event::Text(raw) => out.push_str(raw),
            Event::String(raw) => {
                let (decoded, closed) = decode_string(raw);
                if self.values.iter().any(|value| decoded.contains(value.as_str())) {
                    let escaped = serde_json::to_string(&self.scrub(&decoded)).unwrap_or_default();
                    out.push_str(if closed { &escaped } else { escaped.trim_end_matches('"') });
                } else {
                    out.push_str(raw);
                }
            }
            Event::SecretValue(_) => {
                out.push('"');
                out.push_str(REDACTED);
                out.push('"');
            }
        });
        out
    }

    /// Free text (an error message) with every secret value of the body removed.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for value in &self.values {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), REDACTED);
            }
        }
        text
    }
}

/// What the scanner reports, in order; the pieces together are the whole text.
enum Event<'a> {
    /// Anything that is not a string: punctuation, whitespace, numbers, literals, other text.
    Text(&'a str),
    /// A string token as written, quotes included (the closing one is missing if cut short).
    String(&'a str),
    /// The whole value of a secret property, as written.
    SecretValue(&'a str),
}

/// Walks `text` as JSON tokens. After a string that is a secret property's name and its `:`,
/// the value (a string, a number, a literal, or a whole object or array) is one `SecretValue`.
fn scan<'a>(text: &'a str, secrets: &[&str], emit: &mut impl FnMut(Event<'a>)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(quote) = text[at..].find('"').map(|offset| at + offset) else {
            emit(Event::Text(&text[at..]));
            return;
        };
        if quote > at {
            emit(Event::Text(&text[at..quote]));
        }
        let end = string_end(bytes, quote);
        let raw = &text[quote..end];
        emit(Event::String(raw));
        at = end;
        if !is_secret_name(secrets, &decode_string(raw).0) {
            continue;
        }
        // A name only if a `:` follows; then the value, whatever it is.
        let after_space = skip_space(bytes, at);
        if bytes.get(after_space) != Some(&b':') {
            continue;
        }
        let value_start = skip_space(bytes, after_space + 1);
        emit(Event::Text(&text[at..value_start]));
        let value_end = value_end(bytes, value_start);
        if value_end > value_start {
            emit(Event::SecretValue(&text[value_start..value_end]));
        }
        at = value_end;
    }
}

fn is_secret_name(secrets: &[&str], name: &str) -> bool {
    // Case-insensitive: a key the models would not read as the secret property is still redacted.
    secrets.iter().any(|secret| secret.eq_ignore_ascii_case(name))
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end (exclusive) of the string starting at the quote at `start`, or of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The end (exclusive) of the JSON value starting at `start`, or of the text if it is cut short.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        None => start,
        Some(b'"') => string_end(bytes, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut at = start;
            while at < bytes.len() {
                match bytes[at] {
                    b'"' => {
                        at = string_end(bytes, at);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            bytes.len()
        }
        Some(_) => {
            let mut at = start;
            while at < bytes.len()
                && !matches!(bytes[at], b',' | b'}' | b']' | b'"')
                && !bytes[at].is_ascii_whitespace()
            {
                at += 1;
            }
            at
        }
    }
}

/// A string token's text with its escapes decoded (leniently: an invalid escape is kept as
/// written), and whether it was closed.
fn decode_string(raw: &str) -> (String, bool) {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let (inner, closed) = match inner.strip_suffix('"') {
        // `"abc\"` is cut short inside an escape, not closed.
        Some(body) if !ends_in_escape(body) => (body, true),
        _ => (inner, false),
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match decode_unicode_escape(&hex, &mut chars) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push_str("\\u");
                    }
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    (out, closed)
}

/// Decodes `\uXXXX` (and a following low surrogate `\uXXXX` for a pair), advancing `chars`.
fn decode_unicode_escape(hex: &str, chars: &mut std::str::Chars) -> Option<char> {
    let high = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() == 4)?;
    chars.nth(3);
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).or(Some(char::REPLACEMENT_CHARACTER));
    }
    let rest = chars.as_str();
    let low = rest.strip_prefix("\\u").and_then(|rest| rest.get(..4)).and_then(|hex| u32::from_str_radix(hex, 16).ok());
    match low.filter(|low| (0xDC00..0xE000).contains(low)) {
        Some(low) => {
            chars.nth(5);
            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        None => Some(char::REPLACEMENT_CHARACTER),
    }
}

/// Whether `text` ends inside an escape (an odd number of trailing backslashes).
fn ends_in_escape(text: &str) -> bool {
    text.bytes().rev().take_while(|&byte| byte == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::Redactor;

    const SECRETS: &[&str] = &["key"];

    fn redact(body: &str) -> String {
        Redactor::for_body(body.as_bytes(), SECRETS).redact_json(body)
    }

    #[test]
    fn a_secret_value_goes_whatever_its_form() {
        assert_eq!(redact(r#"{"key": "ADF#1"}"#), r#"{"key": "<redacted>"}"#);
        assert_eq!(redact(r#"{"k\u0065y":"ADF#1"}"#), r#"{"k\u0065y":"<redacted>"}"#);
        assert_eq!(redact(r#"{"KEY": 12345}"#), r#"{"KEY": "<redacted>"}"#);
        assert_eq!(redact(r#"{"key": {"a": ["ADF#1", "}"]}, "b": 1}"#), r#"{"key": "<redacted>", "b": 1}"#);
        assert_eq!(redact(r#"{"key": "ADF#1\"2", "n": 1}"#), r#"{"key": "<redacted>", "n": 1}"#);
    }

    #[test]
    fn an_echoed_secret_is_removed_from_other_strings() {
        let body = r#"{"error": {"message": "bad key ADF#secret-1"}, "key": "ADF#secret-1"}"#;
        let redactor = Redactor::for_body(body.as_bytes(), SECRETS);
        let redacted = redactor.redact_json(body);
        assert!(!redacted.contains("ADF#secret-1"), "{redacted}");
        assert_eq!(redactor.scrub("found ADF#secret-1 here"), "found <redacted> here");
    }

    #[test]
    fn a_body_cut_short_is_redacted_to_its_end() {
        assert_eq!(redact(r#"{"key": "ADF#12"#), r#"{"key": "<redacted>""#);
        assert_eq!(redact(r#"{"key": {"a": "ADF"#), r#"{"key": "<redacted>""#);
        assert_eq!(redact(r#"{"ke"#), r#"{"ke"#);
    }

    #[test]
    fn text_that_is_not_json_is_kept() {
        assert_eq!(redact("<html>502 Bad Gateway</html>"), "<html>502 Bad Gateway</html>");
        assert_eq!(redact(r#"a "key" without colon"#), r#"a "key" without colon"#);
    }
}
