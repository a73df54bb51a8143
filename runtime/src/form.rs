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

/// Reads a form written as [`encode_form`] writes it back into the JSON object it came from.
/// `shape` says what each field holds, as JSON: `"s"` text, `"i"` an integer, `"n"` a number,
/// `"b"` a boolean, `["<shape>"]` an array of that, `{"name": <shape>, ...}` an object, and
/// `{"*": <shape>}` a map; a field the shape does not name is text. A value that does not parse
/// as its shape says stays text, for the model's reader to refuse with its place.
pub fn decode_form(form: &str, shape: &Value) -> Value {
    let mut root = Value::Object(serde_json::Map::new());
    for (name, value) in pairs(form) {
        // `Items[0][name]` is the path `Items`, `0`, `name`.
        let mut path: Vec<&str> = Vec::new();
        let head = name.find('[').unwrap_or(name.len());
        path.push(&name[..head]);
        let mut rest = &name[head..];
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else { break };
            path.push(&inner[..end]);
            rest = &inner[end + 1..];
        }
        insert(&mut root, shape, &path, value);
    }
    root
}

/// The `name=value` pairs of a form or a query, percent-decoded, in order.
pub(crate) fn pairs(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(name), decode_component(value))
    })
}

/// A form or query component, percent-decoded (`+` is a space, as forms write it).
fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// The shape of `key` inside an object or map shape.
pub(crate) fn member_shape<'s>(shape: &'s Value, key: &str) -> &'s Value {
    static TEXT: Value = Value::Null;
    shape.get(key).or_else(|| shape.get("*")).unwrap_or(&TEXT)
}

fn insert(target: &mut Value, shape: &Value, path: &[&str], value: String) {
    let Some((key, rest)) = path.split_first() else { return };
    let inner_shape = member_shape(shape, key);
    let Value::Object(members) = target else { return };
    if rest.is_empty() {
        match inner_shape {
            // A repeated field of an array (`Permissions=a&Permissions=b`).
            Value::Array(items) => {
                let item = scalar(items.first().unwrap_or(&Value::Null), value);
                match members.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new())) {
                    Value::Array(list) => list.push(item),
                    other => *other = Value::Array(vec![item]),
                }
            }
            other => {
                members.insert(key.to_string(), scalar(other, value));
            }
        }
        return;
    }
    match inner_shape {
        Value::Array(items) => {
            let slot = members.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(list) = slot else { return };
            let Ok(index) = rest[0].parse::<usize>() else { return };
            // Items come in order; a gap (or an index past a bound) is not a list this encoder writes.
            if index > list.len() || index > 10_000 {
                return;
            }
            let item_shape = items.first().unwrap_or(&Value::Null);
            if rest.len() == 1 {
                let item = scalar(item_shape, value);
                if index == list.len() { list.push(item) } else { list[index] = item }
            } else {
                if index == list.len() {
                    list.push(Value::Object(serde_json::Map::new()));
                }
                let wrapper = Value::Object(serde_json::Map::from_iter([(String::new(), item_shape.clone())]));
                let mut holder = Value::Object(serde_json::Map::from_iter([(String::new(), list[index].take())]));
                insert(&mut holder, &wrapper, &[&[""], &rest[1..]].concat(), value);
                list[index] = holder.get_mut("").map(Value::take).unwrap_or_default();
            }
        }
        _ => {
            let slot = members.entry(key.to_string()).or_insert_with(|| Value::Object(serde_json::Map::new()));
            insert(slot, inner_shape, rest, value);
        }
    }
}

/// A field's text as the scalar its shape says, or as text when it does not parse.
pub(crate) fn scalar(shape: &Value, text: String) -> Value {
    let parsed = match shape.as_str() {
        Some("i") => text.parse::<i64>().ok().map(Value::from),
        Some("n") => text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number),
        Some("b") => match text.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    parsed.unwrap_or(Value::String(text))
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
    fn a_form_reads_back_into_the_object_it_was_written_from() {
        let value = json!({
            "FriendlyName": "a b&c=d+é", "Ttl": 60, "Ratio": 0.5, "Enabled": true,
            "Permissions": ["read", "write"], "Counts": [1, 2],
            "metadata": {"color": "red", "size": {"w": 2}},
            "items": [{"price": "p1", "quantity": 2}, {"price": "p2"}],
        });
        let shape = json!({
            "Ttl": "i", "Ratio": "n", "Enabled": "b", "Permissions": ["s"], "Counts": ["i"],
            "metadata": {"*": "s", "size": {"w": "i"}},
            "items": [{"price": "s", "quantity": "i"}],
        });
        let form = encode_form(&value).unwrap();
        assert_eq!(super::decode_form(&form, &shape), value, "{form}");
        let unparsed = super::decode_form("Ttl=soon&Extra=1", &shape);
        assert_eq!(unparsed, json!({"Ttl": "soon", "Extra": "1"}), "what does not parse stays text");
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
