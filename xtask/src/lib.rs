//! The one place that reads the inputs of the workspace's generated crates and writes (or
//! checks) their generated trees, shared by `cargo xtask regenerate` and the freshness test.

pub mod scratch;

pub use restgen::output::Mode;
use restgen::output::{self, Changes, OutputError, WriteHook};
use restgen::{GeneratedFile, SourceFile};
use std::fmt;
use std::path::{Path, PathBuf};

/// The spec folder, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The folder the generator owns, relative to the workspace root: every file in it is generated.
pub const GENERATED_DIR: &str = "generated/src/generated";
/// The JSON Schema of the spec format, written beside the spec for editors.
pub const SCHEMA_FILE: &str = "spec/spec.schema.json";
/// The OpenAPI 3.1 documents of the spec's APIs, one per API file.
pub const OPENAPI_DIR: &str = "spec/openapi";
/// The generated crate's manifest, relative to the workspace root.
pub const MANIFEST: &str = "generated/Cargo.toml";
/// The command that rewrites every generated tree.
pub const REGENERATE_COMMAND: &str = "cargo xtask regenerate";

/// A generated crate of this workspace: what it is generated from, and where.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The crate's name.
    pub name: &'static str,
    /// What it is generated from.
    pub inputs: Inputs,
    /// The folder the generator owns, relative to the workspace root.
    pub dir: &'static str,
    /// The crate's hand-written manifest, which must declare a feature per API.
    pub manifest: &'static str,
}

/// The inputs of a [`Target`].
#[derive(Debug, Clone, Copy)]
pub enum Inputs {
    /// The hand-authored spec: every YAML file of [`SPEC_DIR`].
    Spec,
    /// Files of any format the generator reads (Swagger 2.0, OpenAPI 3, the own YAML), relative
    /// to the workspace root; the files their `$ref`s name are read too.
    Files(&'static [&'static str]),
}

/// `datafactory`: the seed APIs, from the hand-authored spec.
pub const SEED: Target = Target { name: "datafactory", inputs: Inputs::Spec, dir: GENERATED_DIR, manifest: MANIFEST };

/// `datafactory-v2`: the whole Data Factory 2018-06-01 API, from Azure's published Swagger
/// (vendored under `vendor/`). Its warnings are known degradations, counted rather than printed.
pub const DATAFACTORY_V2: Target = Target {
    name: "datafactory-v2",
    inputs: Inputs::Files(&["vendor/azure-datafactory-2018-06-01/datafactory.json"]),
    dir: "datafactory-v2/src/generated",
    manifest: "datafactory-v2/Cargo.toml",
};

/// Every generated crate of the workspace, in the order they are written.
pub const TARGETS: &[Target] = &[SEED, DATAFACTORY_V2];

/// What a successful run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written because they were new or different (paths from the workspace root).
    pub written: Vec<String>,
    /// Files removed because the spec no longer produces them (paths from the workspace root).
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Warnings about the hand-authored spec, rendered with their source lines.
    pub warnings: Vec<String>,
    /// The number of warnings about imported inputs, by crate (known degradations; `cargo
    /// xtask generate` on the same input lists them).
    pub import_warnings: Vec<(&'static str, usize)>,
}

impl Report {
    /// Adds a target's changes, its written and removed files named from `dir`.
    fn add(&mut self, dir: &str, changes: Changes) {
        let name = |file: String| format!("{dir}/{file}");
        self.written.extend(changes.written.into_iter().map(name));
        self.removed.extend(changes.removed.into_iter().map(name));
        self.unchanged += changes.unchanged;
    }
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

impl From<OutputError> for Failure {
    fn from(error: OutputError) -> Self {
        match error {
            OutputError::Stale(diff) => Failure::Stale(diff),
            OutputError::Io(path, error) => Failure::Io(path, error),
            OutputError::NotGenerated(dir, names) => {
                let message = OutputError::NotGenerated(dir.clone(), names).to_string();
                Failure::Io(dir, std::io::Error::other(message))
            }
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Spec(diagnostics) => write!(f, "{diagnostics}\nThe generated trees were left as they were."),
            Failure::Stale(diff) => {
                write!(f, "{diff}\nGenerated code is stale: run `{REGENERATE_COMMAND}` and commit the result.")
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

/// Generates every crate of [`TARGETS`] under `root`, then writes what changed (and removes
/// what the inputs no longer produce) or, in [`Mode::Check`], only compares. Nothing is written
/// unless every crate was generated.
pub fn regenerate(root: &Path, mode: Mode) -> Result<Report, Failure> {
    regenerate_targets(root, mode, TARGETS, &mut |_| Ok(()))
}

/// What generating one target gave.
struct Output {
    files: Vec<GeneratedFile>,
    apis: Vec<String>,
    warnings: Vec<String>,
}

/// [`regenerate`] for some targets, calling `hook` before each file is staged (to test
/// failures mid-write).
pub fn regenerate_targets(root: &Path, mode: Mode, targets: &[Target], hook: WriteHook) -> Result<Report, Failure> {
    let outputs = targets.iter().map(|target| generate_target(root, target)).collect::<Result<Vec<_>, _>>()?;
    // Everything is generated before anything is written: the exports too.
    let exports = export_openapi(root, "en")?;
    for (target, output) in targets.iter().zip(&outputs) {
        check_features(root, target, &output.apis)?;
    }
    let mut report = Report::default();
    let mut stale = String::new();
    for (target, output) in targets.iter().zip(outputs) {
        match output::write_tree(&root.join(target.dir), target.dir, &output.files, mode, hook) {
            Ok(changes) => report.add(target.dir, changes),
            Err(OutputError::Stale(diff)) => stale.push_str(&diff),
            Err(error) => return Err(error.into()),
        }
        match target.inputs {
            Inputs::Spec => report.warnings.extend(output.warnings),
            Inputs::Files(_) => report.import_warnings.push((target.name, output.warnings.len())),
        }
    }
    // An export of an API file that is gone goes too.
    let exported: Vec<String> = exports.iter().map(|file| file.path.clone()).collect();
    for name in output::existing_files(&root.join(OPENAPI_DIR))? {
        if !name.ends_with(".json") || exported.contains(&name) {
            continue;
        }
        let relative = format!("{OPENAPI_DIR}/{name}");
        match mode {
            Mode::Check => stale.push_str(&format!("{relative}: no API file of the spec exports it\n")),
            Mode::Write => {
                let path = root.join(&relative);
                std::fs::remove_file(&path).map_err(|error| Failure::Io(path, error))?;
                report.removed.push(relative);
            }
        }
    }
    let schema = (SCHEMA_FILE.to_owned(), restgen::spec_json_schema(), "differs from the spec types");
    let exports = exports
        .into_iter()
        .map(|file| (format!("{OPENAPI_DIR}/{}", file.path), file.contents, "differs from the spec"));
    for (path, contents, why) in std::iter::once(schema).chain(exports) {
        match output::write_or_check_file(&root.join(&path), &path, &contents, why, mode) {
            Ok(true) => report.written.push(path),
            Ok(false) => {}
            Err(OutputError::Stale(diff)) => stale.push_str(&diff),
            Err(error) => return Err(error.into()),
        }
    }
    if stale.is_empty() { Ok(report) } else { Err(Failure::Stale(stale)) }
}

/// The spec's APIs as OpenAPI 3.1 documents (`<spec file stem>.json`), descriptions in `locale`.
pub fn export_openapi(root: &Path, locale: &str) -> Result<Vec<restgen::ExportedFile>, Failure> {
    let sources = read_spec(root)?;
    restgen::export_openapi(&sources, locale).map_err(|errors| Failure::Spec(errors.render(&sources)))
}

/// Generates one target's files from its inputs.
fn generate_target(root: &Path, target: &Target) -> Result<Output, Failure> {
    match target.inputs {
        Inputs::Spec => {
            let sources = read_spec(root)?;
            let generated =
                restgen::generate_report(&sources).map_err(|errors| Failure::Spec(errors.render(&sources)))?;
            let ir = restgen::lower_sources(&sources).map_err(|errors| Failure::Spec(errors.render(&sources)))?;
            let index = restgen::SourceIndex::new(&sources);
            let warnings = generated.warnings.iter().map(|warning| warning.render_in(&index)).collect();
            let apis = ir.apis.iter().map(|api| api.module.clone()).collect();
            Ok(Output { files: generated.files, apis, warnings })
        }
        Inputs::Files(inputs) => {
            // Paths stay relative to the workspace root, so that the generated headers name the
            // same files in every checkout.
            let inputs: Vec<String> = inputs.iter().map(|input| (*input).to_owned()).collect();
            let mut loader = |path: &str| std::fs::read_to_string(root.join(path)).map_err(|error| error.to_string());
            let options = restgen::Options::default();
            let generated = restgen::generate_from_inputs(&inputs, &mut loader, &options)
                .map_err(|(diagnostics, sources)| Failure::Spec(diagnostics.render(&sources)))?;
            let index = restgen::SourceIndex::new(&generated.sources);
            let warnings = generated.generated.warnings.iter().map(|warning| warning.render_in(&index)).collect();
            Ok(Output { files: generated.generated.files, apis: generated.apis, warnings })
        }
    }
}

/// Generates the crate's generated tree with doc comments in `locale` into `out` (created if
/// needed; files the spec does not produce are removed), for reading the docs in that language.
/// The checked-in tree stays English. Returns the files written and the warnings.
pub fn generate_localized(root: &Path, locale: &str, out: &Path) -> Result<Report, Failure> {
    let sources = read_spec(root)?;
    let generated =
        restgen::generate_in_locale(&sources, locale).map_err(|errors| Failure::Spec(errors.render(&sources)))?;
    let warnings = generated.warnings.iter().map(|warning| warning.render(&sources)).collect();
    // `out` is the user's folder: only files this command wrote before may be replaced or removed.
    // `out` is the user's folder: only files this command wrote before may be replaced or removed.
    output::refuse_foreign_files(out)?;
    let shown = out.display().to_string();
    let written = output::write_tree(out, &shown, &generated.files, Mode::Write, &mut |_| Ok(()))?;
    let mut report = Report { warnings, ..Report::default() };
    report.add(&shown, written);
    Ok(report)
}

/// A crate's manifest, hand-written, must declare a Cargo feature per API: the generated code
/// gates each API module on one, and a missing one would silently compile the API out.
fn check_features(root: &Path, target: &Target, apis: &[String]) -> Result<(), Failure> {
    let manifest_path = root.join(target.manifest);
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| Failure::Io(manifest_path.clone(), e))?;
    let missing: Vec<String> =
        restgen::client_crate::missing_features(&manifest, apis).into_iter().map(|(name, _)| name).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Failure::Manifest(format!(
        "{} has no Cargo feature {}: the generated code is gated on it; add `<name> = []` under [features] and to `default`",
        target.manifest,
        missing.join(", ")
    )))
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
