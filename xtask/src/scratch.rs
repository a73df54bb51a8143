//! Crates this workspace generates for its own tests, corpus and benchmarks: every file of a
//! client crate (`restgen::client_crate`, as `restgen generate` writes it), depending on the
//! workspace's runtime by a relative path and building offline with the workspace's lock file.

use restgen::client_crate::{self, RuntimeDependency};
use restgen::output::{self, Mode};
use restgen::{GeneratedFile, GeneratedFromInputs, SourceFile};
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
    let _ = std::fs::remove_dir_all(dir);
    write_files(root, dir, name, &ir, &files)?;
    Ok(dir.join("Cargo.toml"))
}

/// The crate `name` generated from imported inputs, written to `out`: what `restgen generate`
/// writes, but taking the workspace's runtime at `root` by a relative path.
pub fn write_generated_crate(
    root: &Path,
    out: &Path,
    name: &str,
    generated: &GeneratedFromInputs,
) -> Result<(), String> {
    write_files(root, out, name, &generated.ir, &generated.generated.files)
}

fn write_files(
    root: &Path,
    dir: &Path,
    name: &str,
    ir: &restgen::ir::Ir,
    files: &[GeneratedFile],
) -> Result<(), String> {
    // A crate written before the files carried the `@generated` marker is replaced whole.
    let manifest = output::read_existing(&dir.join("Cargo.toml")).map_err(|error| error.to_string())?;
    if manifest.is_some_and(|text| !output::is_generated(&text)) {
        std::fs::remove_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    }
    let runtime = RuntimeDependency::path_from(dir, &root.join("runtime"))?;
    let inputs = ir.source_files();
    let settings = client_crate::CrateSettings { name, inputs: &inputs, runtime: &runtime };
    let files = client_crate::crate_files(&settings, ir, files);
    output::write_crate(dir, &dir.display().to_string(), &files, Mode::Write).map_err(|error| error.to_string())?;
    // The workspace's versions of the dependencies: the crate builds offline with what is fetched.
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock).map_err(|error| format!("{}: {error}", lock.display()))?;
    }
    Ok(())
}

/// `cargo check` of the crate in `dir`, every feature on (the server side too), with warnings denied, its dependencies built in `target_dir`.
pub fn check_crate(dir: &Path, target_dir: &Path) -> Result<(), String> {
    cargo(dir, target_dir, &["check", "--all-features", "--offline", "--quiet"])
}

/// `cargo doc --no-deps` of the crate in `dir`, every feature on, with rustdoc warnings denied.
pub fn document_crate(dir: &Path, target_dir: &Path) -> Result<(), String> {
    cargo(dir, target_dir, &["doc", "--all-features", "--no-deps", "--offline", "--quiet"])
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
