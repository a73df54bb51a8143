//! The build-script API: a `build.rs` generates a client into `OUT_DIR`, and the crate's root
//! includes it.
//!
//! ```no_run
//! // build.rs of a crate whose `src/lib.rs` is
//! // `include!(concat!(env!("OUT_DIR"), "/restgen.rs"));`
//! fn main() -> Result<(), restgen::build::BuildError> {
//!     restgen::build::Builder::new().input("api/openapi.yaml").generate()
//! }
//! ```
//!
//! The crate is the client: the generated code names its items from the crate root, and gates
//! each API on a Cargo feature of the API's name (and the client on `client` and `reqwest`), so
//! the crate's manifest declares them, and depends on `restgen-runtime` (with
//! `default-features = false`), `http`, `serde` (with `derive`) and `serde_json`. A manifest that
//! lacks a feature fails the build with the lines to add.

use crate::output::{self, Mode};
use crate::{GeneratedFile, Options};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file in `OUT_DIR` a crate root includes, and the folder of the modules it declares.
pub const ROOT_FILE: &str = "restgen.rs";
const MODULES_DIR: &str = "restgen";

/// What to generate, and where; [`Builder::generate`] does it.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    inputs: Vec<String>,
    strict: bool,
    out_dir: Option<PathBuf>,
    manifest: Option<PathBuf>,
}

/// Why a build script's generation failed: its text is what the build prints, the inputs'
/// diagnostics rendered as rustc renders its own (file, line, the source line underlined).
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The same text as `Display`: a `main` that returns the error prints it with `Debug`.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "restgen could not generate the client:\n\n{}", self.0)
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// A builder with no inputs yet, writing to `OUT_DIR`.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Adds an input file: the own YAML spec, Swagger 2.0 or OpenAPI 3.x, JSON or YAML (told
    /// apart by content), relative to the crate's folder; files its `$ref`s name are read too.
    pub fn input(mut self, path: impl Into<String>) -> Self {
        self.inputs.push(path.into());
        self
    }

    /// Fails on any warning of the readers (something read less precisely than written).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Writes somewhere other than `OUT_DIR` (for tests of a build script).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Checks another manifest than `$CARGO_MANIFEST_DIR/Cargo.toml` for the API features.
    pub fn manifest(mut self, path: impl Into<PathBuf>) -> Self {
        self.manifest = Some(path.into());
        self
    }

    /// Generates: writes the modules to `OUT_DIR/restgen/` and the root to `OUT_DIR/restgen.rs`
    /// (only files that changed, so an unchanged input recompiles nothing), prints
    /// `cargo:rerun-if-changed` for every file read (`$ref`s followed) and a `cargo:warning`
    /// per warning of the inputs. Errors leave `OUT_DIR` as it was.
    pub fn generate(self) -> Result<(), BuildError> {
        if self.inputs.is_empty() {
            return Err(BuildError("no input: call `.input(\"path/to/api.yaml\")` before `.generate()`".into()));
        }
        let out_dir = match self.out_dir.clone() {
            Some(dir) => dir,
            None => PathBuf::from(env("OUT_DIR")?),
        };
        let manifest = match self.manifest.clone() {
            Some(path) => path,
            None => Path::new(&env("CARGO_MANIFEST_DIR")?).join("Cargo.toml"),
        };
        let mut read = Vec::new();
        let mut loader = |path: &str| {
            read.push(path.to_owned());
            std::fs::read_to_string(path).map_err(|error| error.to_string())
        };
        let options = Options { strict: self.strict, ..Options::default() };
        let result = crate::generate_from_inputs(&self.inputs, &mut loader, &options);
        // Every file read, even on failure: fixing any of them must run the script again.
        for path in &read {
            println!("cargo:rerun-if-changed={path}");
        }
        let generated = result.map_err(|(diagnostics, sources)| BuildError(diagnostics.render(&sources)))?;
        let index = crate::SourceIndex::new(&generated.sources);
        for warning in &generated.generated.warnings {
            let rendered = warning.render_in(&index);
            println!("cargo:warning={}", rendered.lines().take(2).map(str::trim).collect::<Vec<_>>().join(" "));
        }
        check_features(&manifest, &generated.apis)?;
        write(&out_dir, &generated.ir, &generated.generated.files).map_err(|error| BuildError(error.to_string()))
    }
}

fn env(name: &str) -> Result<String, BuildError> {
    std::env::var(name)
        .map_err(|_| BuildError(format!("`{name}` is not set: `Builder::generate` runs in a build script (build.rs)")))
}

/// The modules, then the root that declares them by absolute path (`OUT_DIR` is absolute and
/// local to the build; nothing in it is committed).
fn write(out_dir: &Path, ir: &crate::ir::Ir, files: &[GeneratedFile]) -> Result<(), output::OutputError> {
    let modules = out_dir.join(MODULES_DIR);
    output::write_tree(&modules, MODULES_DIR, files, Mode::Write, &mut |_| Ok(()))?;
    let module_path = modules.join("mod.rs").to_string_lossy().into_owned();
    let root = format!(
        "// {}\n\n{}",
        crate::render::header_line(&ir.sources),
        crate::client_crate::root_items(Some(&module_path))
    );
    output::write_or_check_file(&out_dir.join(ROOT_FILE), ROOT_FILE, &root, "", Mode::Write).map(|_| ())
}

/// The features the generated code is gated on must be declared: an undeclared one would
/// compile its API out without a word.
fn check_features(manifest: &Path, apis: &[String]) -> Result<(), BuildError> {
    let text =
        std::fs::read_to_string(manifest).map_err(|error| BuildError(format!("{}: {error}", manifest.display())))?;
    let missing = crate::client_crate::missing_features(&text, apis);
    if missing.is_empty() {
        return Ok(());
    }
    let lines: String = missing.iter().map(|(name, value)| format!("{name} = {value}\n")).collect();
    Err(BuildError(format!(
        "{} does not declare the Cargo features the generated code is gated on; add under [features]:\n\n{lines}\n\
         and list the APIs, \"client\" and \"reqwest\" in `default` to have them on.",
        manifest.display()
    )))
}
