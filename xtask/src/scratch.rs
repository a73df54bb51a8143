//! A scratch crate around generated files: the real runtime and crate root beside them, the
//! real dependencies, and a Cargo feature per API. Used to compile what the generator produced
//! for specs other than the real one (test fixtures, random specs, synthetic benchmarks).

use datafactory_codegen::SourceFile;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the crate generated from `sources` to `dir` (replacing it) and returns its manifest path.
pub fn write_crate(root: &Path, dir: &Path, name: &str, sources: &[SourceFile]) -> Result<PathBuf, String> {
    write_crate_in_locale(root, dir, name, sources, "en")
}

/// [`write_crate`] with doc comments in `locale`.
pub fn write_crate_in_locale(
    root: &Path,
    dir: &Path,
    name: &str,
    sources: &[SourceFile],
    locale: &str,
) -> Result<PathBuf, String> {
    let files = datafactory_codegen::generate_in_locale(sources, locale)
        .map(|generated| generated.files)
        .map_err(|diagnostics| diagnostics.render(sources))?;
    let ir = datafactory_codegen::lower_sources(sources).map_err(|diagnostics| diagnostics.render(sources))?;
    let io = |error: std::io::Error| error.to_string();
    let _ = std::fs::remove_dir_all(dir);
    let source_dir = dir.join("src");
    copy_files(&root.join("generated/src/runtime"), &source_dir.join("runtime")).map_err(io)?;
    // The real crate root (its docs name the real APIs, which compiling does not resolve).
    std::fs::copy(root.join("generated/src/lib.rs"), source_dir.join("lib.rs")).map_err(io)?;
    std::fs::create_dir_all(source_dir.join("generated")).map_err(io)?;
    for file in &files {
        std::fs::write(source_dir.join("generated").join(&file.path), &file.contents).map_err(io)?;
    }
    let manifest = std::fs::read_to_string(root.join(crate::MANIFEST)).map_err(io)?;
    // The API features are the spec's; the runtime's own features are copied as they are.
    let mut features: String = ir.apis.iter().map(|api| format!("{} = []\n", api.module)).collect();
    let feature_lines =
        manifest.lines().skip_while(|line| *line != "[features]").take_while(|line| *line != "[dependencies]");
    for line in feature_lines.filter(|line| line.starts_with("client =") || line.starts_with("reqwest =")) {
        features.push_str(line);
        features.push('\n');
    }
    let dependencies = manifest.find("[dependencies]").map_or("", |start| &manifest[start..]);
    let dependencies =
        dependencies.get(1..).and_then(|rest| rest.find("\n[")).map_or(dependencies, |end| &dependencies[..end + 1]);
    let mut defaults: Vec<String> = ir.apis.iter().map(|api| format!("{:?}", api.module)).collect();
    defaults.push("\"client\"".to_owned());
    let cargo_toml = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[features]\ndefault = [{}]\n{features}\n{dependencies}",
        defaults.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), cargo_toml).map_err(io)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(io)?;
    Ok(dir.join("Cargo.toml"))
}

/// `cargo check` of the crate in `dir` with warnings denied, its dependencies built in `target_dir`.
pub fn check_crate(dir: &Path, target_dir: &Path) -> Result<(), String> {
    cargo(dir, target_dir, &["check", "--offline", "--quiet"])
}

/// `cargo doc --no-deps` of the crate in `dir` with rustdoc warnings denied.
pub fn document_crate(dir: &Path, target_dir: &Path) -> Result<(), String> {
    cargo(dir, target_dir, &["doc", "--no-deps", "--offline", "--quiet"])
}

fn cargo(dir: &Path, target_dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

fn copy_files(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if let Some(name) = path.file_name().filter(|_| path.is_file()) {
            std::fs::copy(&path, to.join(name))?;
        }
    }
    Ok(())
}
