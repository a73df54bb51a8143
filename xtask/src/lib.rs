//! The one place that reads the spec and writes (or checks) `generated/`, shared by
//! `cargo xtask regenerate` and the freshness test.

use datafactory_codegen::{GeneratedFile, SourceFile};
use std::fmt;
use std::path::{Path, PathBuf};

/// The spec folder, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The folder the generator owns, relative to the workspace root: every file in it is generated.
pub const GENERATED_DIR: &str = "generated/src/generated";
/// The generated crate's manifest, relative to the workspace root.
pub const MANIFEST: &str = "generated/Cargo.toml";
/// The command that rewrites [`GENERATED_DIR`].
pub const REGENERATE_COMMAND: &str = "cargo xtask regenerate";

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a successful run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written because they were new or different.
    pub written: Vec<String>,
    /// Files removed because the spec no longer produces them.
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Warnings about the spec, rendered with their source lines.
    pub warnings: Vec<String>,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// The spec has errors (rendered with their source lines); nothing was written.
    Spec(String),
    /// `--check` found `generated/` stale; the text is a readable diff.
    Stale(String),
    /// The hand-written manifest does not match the spec.
    Manifest(String),
    /// Reading or writing a file failed.
    Io(PathBuf, std::io::Error),
}

impl Failure {
    /// The documented exit code: 1 for spec errors or a stale tree, 2 for I/O errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Spec(_) | Failure::Stale(_) | Failure::Manifest(_) => 1,
            Failure::Io(..) => 2,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Spec(diagnostics) => write!(f, "{diagnostics}\n`{GENERATED_DIR}` was left as it was."),
            Failure::Stale(diff) => {
                write!(f, "{diff}\n`{GENERATED_DIR}` is stale: run `{REGENERATE_COMMAND}` and commit the result.")
            }
            Failure::Manifest(message) => f.write_str(message),
            Failure::Io(path, error) => write!(f, "{}: {error}", path.display()),
        }
    }
}

/// Reads every `*.yaml` file of the spec folder, sorted by name.
pub fn read_spec(root: &Path) -> Result<Vec<SourceFile>, Failure> {
    let dir = root.join(SPEC_DIR);
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| Failure::Io(dir.clone(), e))? {
        let path = entry.map_err(|e| Failure::Io(dir.clone(), e))?.path();
        if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
            let text = std::fs::read_to_string(&path).map_err(|e| Failure::Io(path.clone(), e))?;
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            sources.push(SourceFile { path: format!("{SPEC_DIR}/{name}"), text });
        }
    }
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(sources)
}

/// Generates from the spec under `root`, then writes what changed (and removes what the spec no
/// longer produces) or, in [`Mode::Check`], only compares. Nothing is written unless generation
/// succeeded as a whole.
pub fn regenerate(root: &Path, mode: Mode) -> Result<Report, Failure> {
    let sources = read_spec(root)?;
    let generated = datafactory_codegen::generate_report(&sources).map_err(|errors| Failure::Spec(errors.render(&sources)))?;
    check_features(root, &sources)?;
    let warnings = generated.warnings.iter().map(|warning| warning.render(&sources)).collect();
    let files = generated.files;
    let dir = root.join(GENERATED_DIR);
    let existing = existing_files(&dir)?;
    let report = match mode {
        Mode::Check => check(&dir, &files, &existing),
        Mode::Write => write(&dir, &files, &existing),
    }?;
    Ok(Report { warnings, ..report })
}

/// The crate's manifest, hand-written, must declare a Cargo feature per API: the generated code
/// gates each API module on one, and a missing one would silently compile the API out.
fn check_features(root: &Path, sources: &[SourceFile]) -> Result<(), Failure> {
    let manifest_path = root.join(MANIFEST);
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| Failure::Io(manifest_path.clone(), e))?;
    let ir = datafactory_codegen::lower_sources(sources).map_err(|errors| Failure::Spec(errors.render(sources)))?;
    let missing: Vec<String> = ir
        .apis
        .iter()
        .map(|api| api.module.clone())
        .filter(|module| !manifest.lines().any(|line| line.trim_start().starts_with(&format!("{module} ="))))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Failure::Manifest(format!(
        "{MANIFEST} has no Cargo feature for the API(s) {}: add `<name> = []` under [features] and to `default`",
        missing.join(", ")
    )))
}

/// The names of the files now in the generated folder (it has no subfolders). Hidden files
/// (an editor's swap files) are not the generator's and are left alone.
fn existing_files(dir: &Path) -> Result<Vec<String>, Failure> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Failure::Io(dir.to_owned(), error)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Failure::Io(dir.to_owned(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

fn read_existing(path: &Path) -> Result<Option<String>, Failure> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Failure::Io(path.to_owned(), error)),
    }
}

fn check(dir: &Path, files: &[GeneratedFile], existing: &[String]) -> Result<Report, Failure> {
    let mut diff = String::new();
    let mut report = Report::default();
    for file in files {
        let path = dir.join(&file.path);
        let old = read_existing(&path)?;
        if old.as_deref() == Some(file.contents.as_str()) {
            report.unchanged += 1;
            continue;
        }
        let shown = format!("{GENERATED_DIR}/{}", file.path);
        let old_text = old.unwrap_or_default();
        let unified = similar::TextDiff::from_lines(&old_text, &file.contents)
            .unified_diff()
            .context_radius(3)
            .header(&format!("{shown} (checked in)"), &format!("{shown} (from the spec)"))
            .to_string();
        diff.push_str(&unified);
    }
    for name in existing.iter().filter(|name| !files.iter().any(|file| &file.path == *name)) {
        diff.push_str(&format!("{GENERATED_DIR}/{name}: the spec no longer produces this file\n"));
    }
    if diff.is_empty() { Ok(report) } else { Err(Failure::Stale(diff)) }
}

fn write(dir: &Path, files: &[GeneratedFile], existing: &[String]) -> Result<Report, Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::Io(dir.to_owned(), e))?;
    let mut report = Report::default();
    for file in files {
        let path = dir.join(&file.path);
        if read_existing(&path)?.as_deref() == Some(file.contents.as_str()) {
            report.unchanged += 1;
            continue;
        }
        // Write beside, then rename: a reader never sees half a file.
        let temporary = dir.join(format!(".{}.tmp", file.path));
        std::fs::write(&temporary, &file.contents).map_err(|e| Failure::Io(temporary.clone(), e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Failure::Io(path.clone(), e))?;
        report.written.push(file.path.clone());
    }
    for name in existing.iter().filter(|name| !files.iter().any(|file| &file.path == *name)) {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|e| Failure::Io(path.clone(), e))?;
        report.removed.push(name.clone());
    }
    Ok(report)
}

/// The workspace root, found at run time: the nearest folder, from the current one upwards,
/// whose `Cargo.toml` declares a `[workspace]` and which has a `spec` folder. (A path fixed at
/// compile time would point at another checkout when a `target/` folder is copied along.)
pub fn find_workspace_root() -> Result<PathBuf, Failure> {
    let start = std::env::current_dir().map_err(|e| Failure::Io(PathBuf::from("."), e))?;
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let declares_workspace = std::fs::read_to_string(&manifest).is_ok_and(|text| text.contains("[workspace]"));
        if declares_workspace && dir.join(SPEC_DIR).is_dir() {
            return Ok(dir.to_path_buf());
        }
    }
    let error = std::io::Error::new(std::io::ErrorKind::NotFound, "no workspace with a spec folder here or above");
    Err(Failure::Io(start, error))
}
