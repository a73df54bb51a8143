//! The spec model written as the own YAML format (`cargo xtask generate --emit-spec`): block
//! YAML in the spec types' field order, defaults left out, strings quoted only where needed.

use crate::spec::SpecFile;
use serde_json::{Map, Value};

/// One spec file as YAML text that [`crate::parse::parse`] reads back into the same model.
pub fn spec_yaml(spec: &SpecFile, written_from: &str) -> String {
    let mut out = format!("# The spec model of `{written_from}`, written by `cargo xtask generate --emit-spec`.\n");
    match serde_json::to_value(spec) {
        Ok(Value::Object(map)) => write_map(&mut out, &map, 0),
        // The spec types always serialize to a map; nothing else can be written as a spec file.
        _ => out.push_str("{}\n"),
    }
    out
}

fn write_map(out: &mut String, map: &Map<String, Value>, indent: usize) {
    if map.is_empty() {
        out.push_str(&" ".repeat(indent));
        out.push_str("{}\n");
        return;
    }
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar_text(key));
        out.push(':');
        write_nested(out, value, indent);
    }
}

/// A value after `key:` or `- `: a scalar on the same line, a collection below it.
fn write_nested(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_value(scalar));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key on the dash's line, the others under it.
                let mut nested = String::new();
                write_map(&mut nested, map, indent + 2);
                out.push(' ');
                out.push_str(&nested[indent + 2..]);
            }
            other => write_nested(out, other, indent),
        }
    }
}

fn scalar_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => scalar_text(text),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A string plain where YAML reads it back as the same string, else double-quoted.
fn scalar_text(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_' || first == '$')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '$'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        return text.to_owned();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            // Controls, and what YAML does not print or reads as a line break, escaped.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                if u32::from(c) <= 0xffff {
                    quoted.push_str(&format!("\\u{:04x}", u32::from(c)));
                } else {
                    quoted.push_str(&format!("\\U{:08x}", u32::from(c)));
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::scalar_text;

    #[test]
    fn strings_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(scalar_text("Pet"), "Pet");
        assert_eq!(scalar_text("$ref"), "$ref");
        assert_eq!(scalar_text("200"), "\"200\"");
        assert_eq!(scalar_text("Off"), "\"Off\"");
        assert_eq!(scalar_text("a: b"), "\"a: b\"");
        assert_eq!(scalar_text("line\nnext \"q\""), "\"line\\nnext \\\"q\\\"\"");
        assert_eq!(scalar_text("\u{85}"), "\"\\u0085\"");
    }
}
