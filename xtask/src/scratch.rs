//! A scratch crate around generated files: the manifest and root every generated client crate
//! has (`client_crate`), depending on the real runtime crate, with a Cargo feature per API. Used to compile what the generator produced
//! for specs other than the real one (test fixtures, random specs, synthetic benchmarks).

use crate::client_crate;
use restgen::SourceFile;
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
    let files = restgen::generate_in_locale(sources, locale)
        .map(|generated| generated.files)
        .map_err(|diagnostics| diagnostics.render(sources))?;
    let ir = restgen::lower_sources(sources).map_err(|diagnostics| diagnostics.render(sources))?;
    let io = |error: std::io::Error| error.to_string();
    let _ = std::fs::remove_dir_all(dir);
    let source_dir = dir.join("src");
    std::fs::create_dir_all(source_dir.join("generated")).map_err(io)?;
    for file in &files {
        std::fs::write(source_dir.join("generated").join(&file.path), &file.contents).map_err(io)?;
    }
    let docs = vec![format!("`{name}`: a scratch crate generated from {} spec file(s).", sources.len())];
    std::fs::write(source_dir.join("lib.rs"), client_crate::lib_rs(&docs)).map_err(io)?;
    let apis: Vec<String> = ir.apis.iter().map(|api| api.module.clone()).collect();
    let runtime = client_crate::RuntimeDependency::path_from(dir, &root.join("runtime"))?;
    std::fs::write(dir.join("Cargo.toml"), client_crate::manifest(name, &apis, &runtime)).map_err(io)?;
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
