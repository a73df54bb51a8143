//! `cargo xtask generate <INPUT>... [--out <DIR>] [--emit-spec <DIR>]`: a complete crate from
//! any supported input (the own YAML spec, Swagger 2.0, OpenAPI 3.0 and 3.1; JSON or YAML),
//! and/or the spec model of the inputs in the own YAML format. Exit codes as for `regenerate`:
//! 0 success, 1 errors in the input (or warnings with `--strict`), 2 usage or I/O errors.
//!
//! Kept free of clap so that tests can include it (`#[path]`) and build the same crate.

use restgen::{GeneratedFromInputs, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xtask::client_crate::RuntimeDependency;

/// What `generate` was asked for.
#[derive(Clone)]
pub struct Request {
    pub inputs: Vec<String>,
    /// Where the crate is written.
    pub out: Option<PathBuf>,
    /// Where the spec model is written as YAML (one file per API and per file of definitions).
    pub emit_spec: Option<PathBuf>,
    pub name: Option<String>,
    pub strict: bool,
    /// Where the crate takes the runtime from (`--runtime`; default: by version).
    pub runtime: Option<String>,
}

/// Runs the command: prints the warnings, or the errors, and what it wrote.
pub fn run(request: &Request, workspace_root: Option<&Path>) -> ExitCode {
    // The generated files name their inputs: relative ones as given, absolute ones relative to
    // the current folder, so that no file names a folder of the machine that made it.
    let inputs: Vec<String> = request.inputs.iter().map(|input| relative_input(input)).collect();
    let request = &Request { inputs, ..request.clone() };
    if let Some(dir) = &request.emit_spec {
        let code = emit_spec(&request.inputs, request.strict, dir);
        if code != ExitCode::SUCCESS || request.out.is_none() {
            return code;
        }
    }
    let Some(out) = &request.out else {
        eprintln!("`generate` needs `--out <DIR>`, `--emit-spec <DIR>` or both.");
        return ExitCode::from(2);
    };
    let generated = match generate(&request.inputs, request.strict) {
        Ok(generated) => generated,
        Err(rendered) => {
            eprintln!("{rendered}\nNothing was written.");
            return ExitCode::from(1);
        }
    };
    let index = restgen::SourceIndex::new(&generated.sources);
    for warning in &generated.generated.warnings {
        eprintln!("{}\n", warning.render_in(&index));
    }
    let name = request.name.clone().unwrap_or_else(|| crate_name_from(&request.inputs));
    let runtime = match &request.runtime {
        Some(option) => match RuntimeDependency::parse(option, out) {
            Ok(runtime) => runtime,
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        },
        None => RuntimeDependency::default(),
    };
    match write_crate(workspace_root, out, &name, &generated, &runtime) {
        Ok(()) => {
            println!(
                "wrote the crate `{name}` to {} ({} generated files, APIs: {}).",
                out.display(),
                generated.generated.files.len(),
                generated.apis.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// `--emit-spec`: reads the inputs and writes their spec model as YAML files into `dir`
/// (created if needed; files of the same names are replaced). Generating from those files (with
/// the same `--name`) gives the same Rust as generating from the inputs.
fn emit_spec(inputs: &[String], strict: bool, dir: &Path) -> ExitCode {
    let mut loader = |path: &str| std::fs::read_to_string(path).map_err(|error| error.to_string());
    let imported = match restgen::import::read(inputs, &mut loader, strict) {
        Ok(imported) => imported,
        Err((errors, sources)) => {
            eprintln!("{}\nNothing was written.", errors.render(&sources));
            return ExitCode::from(1);
        }
    };
    let index = restgen::SourceIndex::new(&imported.sources);
    for warning in &imported.warnings {
        eprintln!("{}\n", warning.render_in(&index));
    }
    let files = restgen::import::emit_spec(&imported);
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| files.iter().try_for_each(|file| std::fs::write(dir.join(&file.path), &file.text)));
    match written {
        Ok(()) => {
            let names: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
            println!("wrote the spec model to {}: {}.", dir.display(), names.join(", "));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}: {error}", dir.display());
            ExitCode::from(2)
        }
    }
}

/// Reads the inputs from the file system (paths as given) and generates; errors come rendered
/// against their sources.
pub fn generate(inputs: &[String], strict: bool) -> Result<GeneratedFromInputs, String> {
    let mut loader = |path: &str| std::fs::read_to_string(path).map_err(|error| error.to_string());
    let options = Options { strict, ..Options::default() };
    restgen::generate_from_inputs(inputs, &mut loader, &options)
        .map_err(|(diagnostics, sources)| diagnostics.render(&sources))
}

/// An input path as the generated files name it: as given when relative, else relative to the
/// current folder (as given when that cannot be worked out).
fn relative_input(input: &str) -> String {
    let path = Path::new(input);
    if !path.is_absolute() {
        return input.to_owned();
    }
    xtask::client_crate::relative_to(path, Path::new(".")).unwrap_or_else(|_| input.to_owned())
}

/// The crate name when none is given: the first input's file name, in kebab case.
fn crate_name_from(inputs: &[String]) -> String {
    let stem = inputs
        .first()
        .and_then(|input| Path::new(input).file_stem())
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{name}") } else { name }
}

/// Writes the crate: `Cargo.toml` (depending on the runtime as `runtime` says), `src/lib.rs` and
/// `src/generated/`. A crate that takes the runtime by path from this workspace gets the
/// workspace's `Cargo.lock` too, so that it builds offline with what is already fetched.
pub fn write_crate(
    root: Option<&Path>,
    out: &Path,
    name: &str,
    generated: &GeneratedFromInputs,
    runtime: &RuntimeDependency,
) -> Result<(), String> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |error: std::io::Error| format!("{}: {error}", path.display())
    };
    let source = out.join("src");
    let generated_dir = source.join("generated");
    if generated_dir.exists() {
        std::fs::remove_dir_all(&generated_dir).map_err(io(&generated_dir))?;
    }
    std::fs::create_dir_all(&generated_dir).map_err(io(&generated_dir))?;
    for file in &generated.generated.files {
        let path = generated_dir.join(&file.path);
        std::fs::write(&path, &file.contents).map_err(io(&path))?;
    }
    let docs = vec![
        format!(
            "`{name}`: typed models and request builders generated by `cargo xtask generate` from {}.",
            generated.sources.iter().map(|source| format!("`{}`", source.path)).collect::<Vec<_>>().join(", ")
        ),
        String::new(),
        format!(
            "One module and Cargo feature per API: {}.",
            generated.apis.iter().map(|api| format!("`{api}`")).collect::<Vec<_>>().join(", ")
        ),
    ];
    let lib_to = source.join("lib.rs");
    std::fs::write(&lib_to, xtask::client_crate::lib_rs(&docs)).map_err(io(&lib_to))?;
    let manifest_to = out.join("Cargo.toml");
    std::fs::write(&manifest_to, xtask::client_crate::manifest(name, &generated.apis, runtime))
        .map_err(io(&manifest_to))?;
    if let Some(lock_from) = root.map(|root| root.join("Cargo.lock"))
        && matches!(runtime, RuntimeDependency::Path(_))
        && lock_from.exists()
        && !out.join("Cargo.lock").exists()
    {
        std::fs::copy(&lock_from, out.join("Cargo.lock")).map_err(io(&lock_from))?;
    }
    Ok(())
}

/// [`write_crate`] taking the runtime of the workspace at `root` by a path relative to `out`:
/// the crates this workspace builds for its own tests, corpus and benchmarks.
pub fn write_workspace_crate(
    root: &Path,
    out: &Path,
    name: &str,
    generated: &GeneratedFromInputs,
) -> Result<(), String> {
    let runtime = RuntimeDependency::path_from(out, &root.join("runtime"))?;
    write_crate(Some(root), out, name, generated, &runtime)
}
