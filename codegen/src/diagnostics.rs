//! Problems in the spec: errors and warnings, each with the file, line and column it is about,
//! a hint where one helps, and a rustc-style rendering with the source line underlined.

use crate::SourceFile;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a spec file. Line and column are 1-based; 0 means unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub file: String,
    pub line: u64,
    pub column: u64,
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The spec file, as given to [`crate::generate`].
    pub file: String,
    /// 1-based; 0 when the position is unknown.
    pub line: u64,
    /// 1-based; 0 when the position is unknown.
    pub column: u64,
    pub severity: Severity,
    pub message: String,
    /// How to fix it, such as "did you mean `Gateway`?".
    pub help: Option<String>,
    /// Another place that explains this one, such as where a duplicate was first declared.
    pub related: Option<Box<(Position, String)>>,
    /// The JSON pointer of the place in an imported (Swagger or OpenAPI) file, such as
    /// `#/definitions/Pipeline/properties/activities`.
    pub pointer: Option<Box<String>>,
    /// A part of the scalar at `line:column` to underline instead of the whole: its offset and
    /// length in characters of the value (a placeholder inside a path).
    pub inside: Option<Box<(u32, u32)>>,
}

impl Diagnostic {
    pub fn error(file: &str, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            related: None,
            pointer: None,
            inside: None,
        }
    }

    /// A warning: something that does not stop generation.
    pub fn warning(file: &str, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, line, column, message) }
    }

    /// The same diagnostic, naming the JSON pointer of its place.
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(Box::new(pointer.into()));
        self
    }

    /// Renders this diagnostic as rustc does, underlining its place in `sources`; without the
    /// source (or a position) it is rendered as `error: message` and `--> file:line:column`.
    pub fn render(&self, sources: &[SourceFile]) -> String {
        self.render_in(&SourceIndex::new(sources))
    }

    /// [`Diagnostic::render`] with an index of the sources' lines, built once for many diagnostics.
    pub fn render_in(&self, sources: &SourceIndex) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let at =
            Place { file: &self.file, line: self.line, column: self.column, inside: self.inside.as_deref().copied() };
        let primary = snippet(sources, at, AnnotationKind::Primary, "");
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        let mut plain_places = Vec::new();
        match primary {
            Some(snippet) => group = group.element(snippet),
            None => plain_places.push(format!("  --> {}:{}:{}", self.file, self.line, self.column)),
        }
        if let Some(pointer) = &self.pointer {
            match plain_places.last_mut() {
                Some(place) => place.push_str(&format!(" ({pointer})")),
                None => plain_places.push(format!("  = at {pointer}")),
            }
        }
        let mut report = vec![group];
        if let Some((place, label)) = self.related.as_deref() {
            let at = Place { file: &place.file, line: place.line, column: place.column, inside: None };
            match snippet(sources, at, AnnotationKind::Context, label) {
                Some(snippet) => {
                    report.push(Group::with_title(Level::NOTE.secondary_title(label.as_str())).element(snippet))
                }
                None => plain_places.push(format!("note: {label} at {}:{}:{}", place.file, place.line, place.column)),
            }
        }
        if let Some(help) = &self.help {
            report.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        let mut text = Renderer::plain().render(&report).to_string();
        for place in plain_places {
            text.push('\n');
            text.push_str(&place);
        }
        text
    }
}

/// The sources diagnostics point into, with where each line starts (found once per file, when
/// a diagnostic first points into it).
pub struct SourceIndex<'a> {
    sources: &'a [SourceFile],
    line_starts: Vec<std::cell::OnceCell<Vec<usize>>>,
}

impl<'a> SourceIndex<'a> {
    pub fn new(sources: &'a [SourceFile]) -> Self {
        SourceIndex { sources, line_starts: sources.iter().map(|_| std::cell::OnceCell::new()).collect() }
    }

    /// The text of line `line` (from 1) of `file`, without its line break.
    fn line(&self, file: &str, line: u64) -> Option<&'a str> {
        let at = self.sources.iter().position(|source| source.path == file)?;
        let text = self.sources[at].text.as_str();
        let starts = self.line_starts[at]
            .get_or_init(|| std::iter::once(0).chain(text.match_indices('\n').map(|(index, _)| index + 1)).collect());
        let start = *starts.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
        text[start..].split('\n').next()
    }
}

/// Where a snippet points: a token, or a part of the scalar token (`inside`).
#[derive(Clone, Copy)]
struct Place<'a> {
    file: &'a str,
    line: u64,
    column: u64,
    inside: Option<(u32, u32)>,
}

/// The snippet of one line with the token at `line:column` (or the part of it) underlined.
fn snippet<'a>(
    sources: &SourceIndex<'a>,
    at: Place<'a>,
    kind: AnnotationKind,
    label: &'a str,
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let (file, line) = (at.file, at.line);
    let line_text = sources.line(file, line)?;
    let start = line_text.char_indices().nth(at.column.saturating_sub(1) as usize).map_or(line_text.len(), |(i, _)| i);
    let (start, end) = match at.inside {
        None => (start, start + token_len(&line_text[start..])),
        Some((offset, length)) => {
            // The value starts after an opening quote; offsets count characters of the value.
            let value = line_text[start..].strip_prefix(['"', '\'']).map_or(start, |_| start + 1);
            let advance = |from: usize, chars: u32| {
                line_text[from..].char_indices().nth(chars as usize).map_or(line_text.len(), |(i, _)| from + i)
            };
            let part = advance(value, offset);
            (part, advance(part, length).max(part + 1).min(line_text.len().max(part)))
        }
    };
    // The one line shown, not the whole file: the renderer would walk every line of it for each
    // diagnostic (a Swagger file of 400 KB with a hundred warnings spent most of its time there).
    let snippet = Snippet::source(line_text).line_start(line as usize).path(file);
    Some(snippet.annotation(kind.span(start..end).label(label)))
}

/// The length of the YAML token at the start of `text`: a quoted string, or a plain scalar up to
/// the end of the line, a `: `, a `#` comment or a flow delimiter. At least one character.
fn token_len(text: &str) -> usize {
    let line = text.split('\n').next().unwrap_or_default().trim_end_matches('\r');
    let length = match line.chars().next() {
        Some(quote @ ('"' | '\'')) => line[1..].find(quote).map_or(line.len(), |end| end + 2),
        _ => {
            // A `}` closes a flow mapping unless the token opened a `{` itself (a placeholder
            // such as `/things/{thingName}` in a path).
            let (mut end, mut braces) = (line.len(), 0usize);
            for (index, c) in line.char_indices() {
                let rest = &line[index..];
                match c {
                    '{' if index > 0 => braces += 1,
                    '}' if braces > 0 => braces -= 1,
                    '}' | ',' | ']' => {
                        end = index;
                        break;
                    }
                    _ if rest.starts_with(": ") || rest == ":" || rest.starts_with(" #") => {
                        end = index;
                        break;
                    }
                    _ => {}
                }
            }
            line[..end].trim_end().len()
        }
    };
    length.max(text.chars().next().map_or(0, char::len_utf8))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&[]))
    }
}

/// Every error (and warning) found in one run, sorted by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Every diagnostic rendered against its source, then a count.
    pub fn render(&self, sources: &[SourceFile]) -> String {
        let index = SourceIndex::new(sources);
        let mut text: String = self.0.iter().map(|diagnostic| diagnostic.render_in(&index) + "\n\n").collect();
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = self.0.len() - errors;
        text.push_str(&summary(errors, warnings));
        text
    }
}

/// `2 errors and 1 warning in the spec`.
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    match (errors, warnings) {
        (_, 0) => format!("{} in the spec", plural(errors, "error")),
        (0, _) => format!("{} in the spec", plural(warnings, "warning")),
        _ => format!("{} and {} in the spec", plural(errors, "error"), plural(warnings, "warning")),
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&[]))
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics while lowering.
#[derive(Debug, Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn error(&mut self, file: &str, at: Option<&serde_saphyr::Location>, message: impl Into<String>) {
        self.push(Severity::Error, file, at, message.into(), None, None);
    }

    /// An error with a hint on how to fix it.
    pub fn error_with_help(&mut self, file: &str, at: Option<&serde_saphyr::Location>, message: String, help: String) {
        self.push(Severity::Error, file, at, message, Some(help), None);
    }

    /// An error about a part of the scalar at `at`: `inside` is its offset and length in
    /// characters of the value.
    pub fn error_inside(
        &mut self,
        file: &str,
        at: &serde_saphyr::Location,
        inside: (u32, u32),
        message: String,
        help: Option<String>,
    ) {
        self.push(Severity::Error, file, Some(at), message, help, None);
        if let Some(last) = self.diagnostics.last_mut() {
            last.inside = Some(Box::new(inside));
        }
    }

    /// An error about something already declared at `first`.
    pub fn duplicate(
        &mut self,
        file: &str,
        at: &serde_saphyr::Location,
        message: String,
        first: (&str, &serde_saphyr::Location),
    ) {
        let related = Box::new((position(first.0, Some(first.1)), "first declared here".to_owned()));
        self.push(Severity::Error, file, Some(at), message, None, Some(related));
    }

    /// An error or warning about a name that something else (at `first`, when it has a place of
    /// its own) already has.
    pub fn collision(
        &mut self,
        severity: Severity,
        file: &str,
        at: Option<&serde_saphyr::Location>,
        message: String,
        first: Option<(&str, &serde_saphyr::Location)>,
    ) {
        let related = first
            .map(|(first_file, first_at)| Box::new((position(first_file, Some(first_at)), "the other one".to_owned())));
        self.push(severity, file, at, message, None, related);
    }

    pub fn warning(&mut self, file: &str, at: Option<&serde_saphyr::Location>, message: String) {
        self.push(Severity::Warning, file, at, message, None, None);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        at: Option<&serde_saphyr::Location>,
        message: String,
        help: Option<String>,
        related: Option<Box<(Position, String)>>,
    ) {
        let Position { file, line, column } = position(file, at);
        let diagnostic =
            Diagnostic { file, line, column, severity, message, help, related, pointer: None, inside: None };
        self.diagnostics.push(diagnostic);
    }

    /// The errors, if any, with the warnings; or the warnings alone.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>, Diagnostics> {
        self.diagnostics.sort();
        self.diagnostics.dedup();
        if self.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error) {
            Err(Diagnostics(self.diagnostics))
        } else {
            Ok(self.diagnostics)
        }
    }
}

fn position(file: &str, at: Option<&serde_saphyr::Location>) -> Position {
    let (line, column) = at.map_or((0, 0), |at| (at.line(), at.column()));
    Position { file: file.to_owned(), line, column }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo, or
/// else the one candidate that `name` abbreviates (`str` for `string`, three letters at least).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let name = name.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let typo = candidates
        .iter()
        .map(|candidate| (edit_distance(&name, &candidate.to_lowercase()), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate);
    let abbreviated = || match candidates
        .iter()
        .filter(|candidate| candidate.to_lowercase().starts_with(&name))
        .collect::<Vec<_>>()[..]
    {
        [only] if name.chars().count() >= 3 => Some(*only),
        _ => None,
    };
    typo.or_else(abbreviated)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
