//! Rust names for spec names: case conversion with heck, keyword escaping, leading digits.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const RESERVED: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Prelude names the generated code uses unqualified; a type of that name would shadow them.
const PRELUDE: &[&str] = &["Box", "Default", "Err", "Ok", "Option", "Result", "Some", "String", "Vec"];

/// A type name: a variant name (see `variant_name`) that does not shadow the prelude (`String` becomes `String_`).
pub fn type_name(spec_name: &str) -> String {
    let name = variant_name(spec_name);
    if PRELUDE.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A variant name: `UpperCamelCase`, never a keyword, never starting with a digit.
pub fn variant_name(spec_name: &str) -> String {
    let name = identifier_chars(&spec_name.to_upper_camel_case());
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    if name.is_empty() {
        return "Empty".into();
    }
    if RESERVED.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// The variant of an integer enum's value that has no name of its own: `V512`, `VMinus1`.
pub fn integer_variant_name(value: i64) -> String {
    if value < 0 { format!("VMinus{}", value.unsigned_abs()) } else { format!("V{value}") }
}

/// A field, method or module name: `snake_case`, keywords escaped as raw identifiers.
pub fn value_name(spec_name: &str) -> String {
    let name = identifier_chars(&spec_name.to_snake_case());
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    if name.is_empty() {
        return "empty_".into();
    }
    if RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A `static` name: `SCREAMING_SNAKE_CASE`.
pub fn static_name(spec_name: &str) -> String {
    let name = identifier_chars(&spec_name.to_shouty_snake_case());
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() { format!("N{name}") } else { name }
}

/// The first of `candidates` that is not `taken`, else the last candidate numbered from 2
/// (`name_2`, `name_3`, ...; a type name gets the number without `_`): the one rule by which
/// every collision of Rust names in imported input is resolved.
pub fn unique_name(candidates: &[String], taken: impl Fn(&str) -> bool) -> String {
    if let Some(free) = candidates.iter().find(|candidate| !taken(candidate)) {
        return free.clone();
    }
    let last = candidates.last().map_or("name", String::as_str);
    // A numbered name is never a keyword: `r#type` becomes `type_2`.
    let plain = unraw(last);
    let separator = if plain.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
    (2..)
        .map(|number| format!("{plain}{separator}{number}"))
        .find(|candidate| !taken(candidate))
        .expect("some number is free")
}

/// The name a value has without its `r#` prefix, for messages and derived names.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Drops what cannot stand in an identifier (emoji, punctuation heck kept), and a leading `_`
/// run that would make an unused-looking name.
fn identifier_chars(name: &str) -> String {
    let kept: String = name.chars().filter(|&c| c == '_' || unicode_ident::is_xid_continue(c)).collect();
    let trimmed = kept.trim_start_matches('_');
    if trimmed.starts_with(|c: char| c.is_ascii_digit() || unicode_ident::is_xid_start(c)) {
        trimmed.to_owned()
    } else {
        String::new()
    }
}
