//! `application/x-www-form-urlencoded` bodies: an object's properties as form fields, the way
//! Twilio and Stripe read them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// What a form field's name or value keeps unencoded: the unreserved characters of RFC 3986.
/// Everything else is percent-encoded (a space as `%20`, brackets as `%5B` and `%5D`, which
/// every form parser reads back).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes a JSON object as a form. Each property is a field; `null` is left out; a string is
/// sent as it is, a number or boolean as its JSON text; an array of scalars at the top repeats
/// its field (`Permissions=a&Permissions=b`, OpenAPI's `style: form, explode: true`); a nested
/// object names its members in brackets (`Metadata[color]=red`, `deepObject`), and an array
/// inside one, or an array of objects, numbers its items (`Items[0][name]=a`).
pub fn encode_form(value: &Value) -> Result<String, String> {
    let Value::Object(properties) = value else {
        return Err(format!("a form body must be an object, not {}", kind(value)));
    };
    let mut out = String::new();
    for (name, value) in properties {
        match value {
            Value::Array(items) if items.iter().all(is_scalar) => {
                for item in items {
                    pair(&mut out, name, item);
                }
            }
            _ => field(&mut out, name.clone(), value),
        }
    }
    Ok(out)
}

fn field(out: &mut String, name: String, value: &Value) {
    match value {
        Value::Object(members) => {
            for (key, value) in members {
                field(out, format!("{name}[{key}]"), value);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                field(out, format!("{name}[{index}]"), item);
            }
        }
        scalar => pair(out, &name, scalar),
    }
}

/// Appends `name=value` for a scalar (`null` is left out).
fn pair(out: &mut String, name: &str, value: &Value) {
    let text = match value {
        Value::Null => return,
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    if !out.is_empty() {
        out.push('&');
    }
    out.extend(utf8_percent_encode(name, FORM));
    out.push('=');
    out.extend(utf8_percent_encode(&text, FORM));
}

pub(crate) fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// What a JSON value is, for error messages (`an array`).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::encode_form;
    use serde_json::json;

    /// Reads a form back with an independent parser (`form_urlencoded`, the `url` crate's).
    fn parsed(form: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(form.as_bytes()).into_owned().collect()
    }

    #[test]
    fn flat_fields_repeat_arrays_and_leave_out_nulls() {
        let form = encode_form(&json!({
            "FriendlyName": "a b&c=d+é", "Ttl": 60, "Enabled": true, "Gone": null,
            "Permissions": ["read", "write"]
        }))
        .unwrap();
        let expected = [
            ("FriendlyName", "a b&c=d+é"),
            ("Ttl", "60"),
            ("Enabled", "true"),
            ("Permissions", "read"),
            ("Permissions", "write"),
        ];
        let mut found = parsed(&form);
        found.sort();
        let mut expected: Vec<(String, String)> =
            expected.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        expected.sort();
        assert_eq!(found, expected, "{form}");
        assert!(!form.contains(' ') && !form.contains('+'), "a space and a plus are percent-encoded: {form}");
    }

    #[test]
    fn nested_objects_and_arrays_use_brackets() {
        let form = encode_form(&json!({
            "metadata": {"color": "red", "size": {"w": 2}},
            "items": [{"price": "p1", "quantity": 2}, {"price": "p2"}],
            "tags": [["x"]]
        }))
        .unwrap();
        let found = parsed(&form);
        for (name, value) in [
            ("metadata[color]", "red"),
            ("metadata[size][w]", "2"),
            ("items[0][price]", "p1"),
            ("items[0][quantity]", "2"),
            ("items[1][price]", "p2"),
            ("tags[0][0]", "x"),
        ] {
            assert!(found.contains(&(name.to_owned(), value.to_owned())), "{name}={value} in {found:?}");
        }
        assert_eq!(found.len(), 6);
    }

    #[test]
    fn only_an_object_is_a_form() {
        assert_eq!(encode_form(&json!([1, 2])).unwrap_err(), "a form body must be an object, not an array");
        assert_eq!(encode_form(&json!({})).unwrap(), "");
    }
}
