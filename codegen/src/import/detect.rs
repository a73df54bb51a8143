//! Which reader a file needs, told from its content: the own spec format, Swagger 2.0 or OpenAPI 3.x.

use super::tree::Node;

/// The format of one input file (JSON or YAML alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The project's own YAML spec format (`spec/README.md`).
    Own,
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: 3.0.x` (`minor` 0) or `3.1.x` (`minor` 1).
    OpenApi3 { minor: u8 },
}

/// The format of a parsed document: a root `swagger` or `openapi` member names it; anything
/// else is the own format. An unknown version is an error message.
pub fn detect(root: &Node) -> Result<Format, String> {
    if let Some(version) = root.get("swagger") {
        return match version.as_str() {
            Some("2.0") => Ok(Format::Swagger2),
            _ => Err(format!("unsupported Swagger version {}: only \"2.0\" is read", describe(version))),
        };
    }
    if let Some(version) = root.get("openapi") {
        let text = version.as_str().unwrap_or_default();
        return match text.split('.').collect::<Vec<_>>().as_slice() {
            ["3", "0", ..] => Ok(Format::OpenApi3 { minor: 0 }),
            ["3", "1", ..] => Ok(Format::OpenApi3 { minor: 1 }),
            _ => Err(format!("unsupported OpenAPI version {}: 3.0.x and 3.1.x are read", describe(version))),
        };
    }
    Ok(Format::Own)
}

fn describe(node: &Node) -> String {
    match node.as_str() {
        Some(text) => format!("\"{text}\""),
        None => "(not a string)".to_owned(),
    }
}
