//! The rendered diagnostics of each broken-spec fixture in `tests/diagnostics/`, one class of
//! mistake each, as reviewed snapshots. A fixture may hold several files, each after a
//! `# file: <path>` line.

use restgen::{SourceFile, generate_report};

/// The fixture's files: split at `# file:` lines, or the whole fixture as `spec/<name>`.
fn sources(path: &std::path::Path) -> Vec<SourceFile> {
    let text = std::fs::read_to_string(path).expect("a fixture");
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    if !text.starts_with("# file: ") {
        return vec![SourceFile { path: format!("spec/{name}"), text }];
    }
    text.split("# file: ")
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (file, body) = part.split_once('\n').unwrap_or((part, ""));
            // Keep the `# file:` line so that line numbers match the fixture's own.
            SourceFile { path: file.trim().to_owned(), text: format!("# file: {file}\n{body}") }
        })
        .collect()
}

fn rendered(sources: &[SourceFile]) -> String {
    match generate_report(sources) {
        Err(diagnostics) => diagnostics.render(sources),
        Ok(generated) if generated.warnings.is_empty() => "no errors, no warnings".to_owned(),
        Ok(generated) => restgen::Diagnostics(generated.warnings).render(sources),
    }
}

#[test]
fn every_class_of_mistake_is_reported_with_its_source_line() {
    insta::glob!("diagnostics/*.yaml", |path| {
        insta::assert_snapshot!(rendered(&sources(path)));
    });
}

#[test]
fn the_real_spec_has_no_errors_and_no_warnings() {
    let sources = datafactory_tests::spec_sources();
    assert_eq!(rendered(&sources), "no errors, no warnings");
}
