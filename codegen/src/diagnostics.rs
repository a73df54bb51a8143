//! Errors about the spec, each with the file, line and column it is about.

use std::fmt;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The spec file, as given to [`crate::generate`].
    pub file: String,
    /// 1-based; 0 when the position is unknown.
    pub line: u64,
    /// 1-based; 0 when the position is unknown.
    pub column: u64,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n  --> {}:{}:{}", self.message, self.file, self.line, self.column)
    }
}

/// Every problem found in one run, sorted by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}\n")?;
        }
        let count = self.0.len();
        write!(f, "{count} error{} in the spec", if count == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one file while lowering.
#[derive(Debug, Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn error(&mut self, file: &str, at: Option<&serde_saphyr::Location>, message: impl Into<String>) {
        let (line, column) = at.map_or((0, 0), |at| (at.line(), at.column()));
        self.diagnostics.push(Diagnostic { file: file.to_owned(), line, column, message: message.into() });
    }

    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.diagnostics.is_empty() {
            return Ok(());
        }
        self.diagnostics.sort();
        self.diagnostics.dedup();
        Err(Diagnostics(self.diagnostics))
    }
}
