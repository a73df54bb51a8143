//! Snapshots prove the text; the compiler proves it is Rust. Every fixture is generated into a
//! scratch crate beside the real runtime (the `operation` fixture defines the `CloudError` it
//! needs), and `cargo check` must pass with warnings denied.

use datafactory_tests::{fixture, root};
use std::path::Path;
use std::process::Command;

#[test]
fn every_fixture_compiles() {
    let sources: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("fixtures folder")
        .map(|entry| fixture(&entry.expect("entry").path()))
        .collect();
    let files = datafactory_codegen::generate(&sources).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let ir = datafactory_codegen::lower_sources(&sources).expect("lowers");

    let scratch = root().join("target/fixture-crate");
    let _ = std::fs::remove_dir_all(&scratch);
    let source_dir = scratch.join("src");
    copy_dir(&root().join("generated/src/runtime"), &source_dir.join("runtime"));
    // The real crate root (its docs name the real APIs, which `cargo check` does not resolve).
    std::fs::copy(root().join("generated/src/lib.rs"), source_dir.join("lib.rs")).expect("lib.rs");
    std::fs::create_dir_all(source_dir.join("generated")).expect("generated dir");
    for file in &files {
        std::fs::write(source_dir.join("generated").join(&file.path), &file.contents).expect("generated file");
    }
    let manifest = std::fs::read_to_string(root().join("generated/Cargo.toml")).expect("manifest");
    // The API features are the fixtures'; the runtime's own features are copied as they are.
    let mut features: String = ir.apis.iter().map(|api| format!("{} = []\n", api.module)).collect();
    let feature_lines =
        manifest.lines().skip_while(|line| *line != "[features]").take_while(|line| *line != "[dependencies]");
    for line in feature_lines.filter(|line| line.starts_with("client =") || line.starts_with("reqwest =")) {
        features.push_str(line);
        features.push('\n');
    }
    let dependencies = &manifest[manifest.find("[dependencies]").expect("a [dependencies] section")..];
    let dependencies = &dependencies[..dependencies[1..].find("\n[").map_or(dependencies.len(), |end| end + 1)];
    let mut all: Vec<String> = ir.apis.iter().map(|api| format!("{:?}", api.module)).collect();
    all.push("\"client\"".to_owned());
    let cargo_toml = format!(
        "[package]\nname = \"fixture-crate\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[features]\ndefault = [{}]\n{features}\n{dependencies}",
        all.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), cargo_toml).expect("Cargo.toml");
    std::fs::copy(root().join("Cargo.lock"), scratch.join("Cargo.lock")).expect("Cargo.lock");

    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root().join("target/fixture-crate-target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the fixtures' generated code does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("a name"))).expect("copy");
    }
}
