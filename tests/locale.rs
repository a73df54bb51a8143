//! Documentation in the reader's language: the Gateway API's pt-BR descriptions. The pt-BR
//! output differs from the English one only in doc comments, builds and documents.

use datafactory_tests::{root, spec_sources};
use restgen::{GeneratedFile, generate_in_locale};

fn generate(locale: &str) -> Vec<GeneratedFile> {
    let sources = spec_sources();
    generate_in_locale(&sources, locale).unwrap_or_else(|errors| panic!("{}", errors.render(&sources))).files
}

/// A file without its doc comment lines.
fn code(contents: &str) -> Vec<&str> {
    contents
        .lines()
        .filter(|line| !(line.trim_start().starts_with("///") || line.trim_start().starts_with("//!")))
        .collect()
}

#[test]
fn english_and_pt_br_differ_only_in_doc_comments() {
    let (english, portuguese) = (generate("en"), generate("pt-BR"));
    assert_eq!(english.len(), portuguese.len());
    let mut differing_docs = 0;
    for (en, pt) in english.iter().zip(&portuguese) {
        assert_eq!(en.path, pt.path);
        assert_eq!(code(&en.contents), code(&pt.contents), "{} differs outside doc comments", en.path);
        differing_docs += usize::from(en.contents != pt.contents);
    }
    assert!(differing_docs > 0, "no doc comment is in Portuguese");
}

/// What pt-BR changes, and only that: every doc comment line that differs from the English
/// output, file by file, as `-` (English) and `+` (pt-BR) lines under the line number of the
/// pt-BR file. The code around them is guarded by the test above and by `generated/` itself.
#[test]
fn pt_br_doc_comments() {
    let (english, portuguese) = (generate("en"), generate("pt-BR"));
    let mut text = String::new();
    for (en, pt) in english.iter().zip(&portuguese) {
        let diff = similar::TextDiff::from_lines(&en.contents, &pt.contents);
        let mut lines = Vec::new();
        for change in diff.iter_all_changes() {
            let line = change.value().trim_end();
            match change.tag() {
                similar::ChangeTag::Equal => {}
                similar::ChangeTag::Delete => lines.push(format!("      - {}", line.trim_start())),
                similar::ChangeTag::Insert => {
                    let number = change.new_index().map_or(0, |index| index + 1);
                    lines.push(format!("{number:>5} + {}", line.trim_start()));
                }
            }
        }
        if !lines.is_empty() {
            text.push_str(&format!("==== {}\n{}\n", pt.path, lines.join("\n")));
        }
    }
    insta::assert_snapshot!(text);
}

/// Each element without a pt-BR description gets its own warning, at its place.
#[test]
fn untranslated_elements_are_each_warned_about_at_their_place() {
    let sources = spec_sources();
    let generated = generate_in_locale(&sources, "pt-BR").expect("generates");
    let rendered: Vec<String> = generated.warnings.iter().map(|warning| warning.render(&sources)).collect();
    assert!(!generated.warnings.is_empty(), "the Gateway API has elements without pt-BR text");
    for (warning, text) in generated.warnings.iter().zip(&rendered) {
        assert_eq!(warning.file, "spec/gateways.yaml", "{text}");
        assert!(warning.line > 0 && warning.column > 0, "{text}");
        assert!(warning.message.ends_with("has no `pt-BR` description: English is used"), "{text}");
    }
    // The v2 API has no pt-BR text at all, so it is not listed; English output has nothing to warn about.
    assert!(generate_in_locale(&sources, "en").expect("generates").warnings.is_empty());
}

/// The same warnings as a maintainer sees them.
#[test]
fn untranslated_elements_as_rendered() {
    let sources = spec_sources();
    let generated = generate_in_locale(&sources, "pt-BR").expect("generates");
    insta::assert_snapshot!(restgen::Diagnostics(generated.warnings).render(&sources));
}

#[test]
fn the_pt_br_crate_builds_and_its_docs_build() {
    let dir = root().join("target/pt-br-crate");
    xtask::scratch::write_crate_in_locale(&root(), &dir, "datafactory-pt-br", &spec_sources(), "pt-BR")
        .unwrap_or_else(|error| panic!("{error}"));
    let target = root().join("target/scratch-crates-target");
    xtask::scratch::check_crate(&dir, &target).unwrap_or_else(|errors| panic!("does not compile:\n{errors}"));
    xtask::scratch::document_crate(&dir, &target).unwrap_or_else(|errors| panic!("docs do not build:\n{errors}"));
}
