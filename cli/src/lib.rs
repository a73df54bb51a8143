//! `restgen generate`: a complete client crate from any input the generator reads (the own YAML
//! spec, Swagger 2.0, OpenAPI 3.0 and 3.1; JSON or YAML), written so that a failure leaves the
//! folder as it was, or checked against the crate already there (`--check`). Shared by the
//! `restgen` binary and `cargo xtask generate`.
//!
//! Exit codes: 0 success; 1 errors in the inputs, a stale crate (`--check`) or warnings with
//! `--strict`; 2 usage or I/O errors.

use restgen::client_crate::{self, RuntimeDependency};
use restgen::output::{self, Mode, OutputError};
use restgen::{GeneratedFromInputs, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The arguments of `generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// The input files: the own YAML spec, Swagger 2.0 or OpenAPI 3.x, JSON or YAML, told apart
    /// by content. Files their `$ref`s name are read too. Generated files name the inputs as
    /// given, or relative to the current folder when given as absolute paths.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// The crate's folder (created if needed). `src/generated/` is the generator's; `Cargo.toml`,
    /// `README.md` and `src/lib.rs` are written while their first line says `@generated` and
    /// left alone once someone removed it.
    #[arg(long, value_name = "DIR", required_unless_present = "emit_spec")]
    pub out: Option<PathBuf>,
    /// The crate's name (default: the first input's file name, in kebab case).
    #[arg(long)]
    pub name: Option<String>,
    /// Where the crate takes `restgen-runtime` from: `version=<REQ>` (default: the version this
    /// generator writes for), `path=<DIR>` (written relative to the crate) or
    /// `git=<URL>[#<REV>]`.
    #[arg(long, value_name = "SOURCE")]
    pub runtime: Option<String>,
    /// Write nothing; fail (exit code 1) with a diff when the crate at --out is not what the
    /// inputs give. For CI, to guard a checked-in crate.
    #[arg(long, conflicts_with = "emit_spec")]
    pub check: bool,
    /// Fail (exit code 1) on any warning of the readers (something read less precisely than
    /// written).
    #[arg(long)]
    pub strict: bool,
    /// Also (or, without --out, only) write the inputs' spec model to this folder, in the own
    /// YAML format: generating from it gives the same Rust.
    #[arg(long, value_name = "DIR")]
    pub emit_spec: Option<PathBuf>,
}

/// The command line as `C`; on `--help` or `--version`, or on a usage error, the text is printed
/// and the exit code (0, or 2 for an error) comes back instead.
pub fn parse_arguments<C: clap::Parser>() -> Result<C, ExitCode> {
    C::try_parse().map_err(|error| {
        let _ = error.print();
        ExitCode::from(if error.use_stderr() { 2 } else { 0 })
    })
}

/// Runs `generate`: prints the warnings (or the errors) and what it wrote or found.
pub fn generate(args: &GenerateArgs) -> ExitCode {
    // An input that cannot be opened is an I/O error (exit code 2), not a mistake in it.
    for input in &args.inputs {
        if let Err(error) = std::fs::File::open(input) {
            eprintln!("{input}: {error}");
            return ExitCode::from(2);
        }
    }
    let inputs: Vec<String> = args.inputs.iter().map(|input| output::input_name(input)).collect();
    if let Some(dir) = &args.emit_spec {
        let code = emit_spec(&inputs, args.strict, dir);
        if code != ExitCode::SUCCESS || args.out.is_none() {
            return code;
        }
    }
    let Some(out) = &args.out else {
        eprintln!("`generate` needs `--out <DIR>`, `--emit-spec <DIR>` or both.");
        return ExitCode::from(2);
    };
    let name = args.name.clone().unwrap_or_else(|| crate_name_from(&inputs));
    if let Err(message) = check_crate_name(&name) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let runtime = match &args.runtime {
        Some(option) => match RuntimeDependency::parse(option, out) {
            Ok(runtime) => runtime,
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        },
        None => RuntimeDependency::default(),
    };
    let generated = match generate_from_files(&inputs, args.strict) {
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

    let settings = client_crate::CrateSettings { name: &name, inputs: &inputs, runtime: &runtime };
    let files = client_crate::crate_files(&settings, &generated.ir, &generated.generated.files);
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let shown = out.display().to_string();
    match output::write_crate(out, &shown, &files, mode) {
        Ok(changes) => {
            for path in &changes.kept {
                println!("kept    {path} (no longer marked @generated)");
            }
            if args.check {
                println!("the crate `{name}` at {shown} is fresh ({} files).", changes.unchanged);
            } else {
                println!(
                    "wrote the crate `{name}` to {shown}: {} written, {} removed, {} unchanged (APIs: {}).",
                    changes.written.len(),
                    changes.removed.len(),
                    changes.unchanged,
                    generated.apis.join(", ")
                );
            }
            kept_manifest_check(out, &changes, &generated.apis)
        }
        Err(OutputError::Stale(diff)) => {
            eprintln!("{diff}\nThe crate at {shown} is stale: run the same command without `--check`.");
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
    }
}

/// A manifest someone took over must still declare the features the generated code is gated
/// on: a missing one would compile its API out silently.
fn kept_manifest_check(out: &Path, changes: &output::Changes, apis: &[String]) -> ExitCode {
    if !changes.kept.iter().any(|path| path.ends_with("Cargo.toml")) {
        return ExitCode::SUCCESS;
    }
    let manifest = out.join("Cargo.toml");
    let text = match std::fs::read_to_string(&manifest) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{}: {error}", manifest.display());
            return ExitCode::from(2);
        }
    };
    let missing = client_crate::missing_features(&text, apis);
    if missing.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("{} lacks Cargo features the generated code is gated on; add under [features]:\n", manifest.display());
    for (name, value) in missing {
        eprintln!("{name} = {value}");
    }
    ExitCode::from(1)
}

/// `--emit-spec`: reads the inputs and writes their spec model as YAML files into `dir`
/// (created if needed; files of the same names are replaced).
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
fn generate_from_files(inputs: &[String], strict: bool) -> Result<GeneratedFromInputs, String> {
    let mut loader = |path: &str| std::fs::read_to_string(path).map_err(|error| error.to_string());
    let options = Options { strict, ..Options::default() };
    restgen::generate_from_inputs(inputs, &mut loader, &options)
        .map_err(|(diagnostics, sources)| diagnostics.render(&sources))
}

/// A name Cargo accepts for a package (and that is a Rust identifier once `-` is `_`).
fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    if valid {
        Ok(())
    } else {
        Err(format!("`--name {name}`: a crate name is ASCII letters, digits, `-` and `_`, starting with a letter"))
    }
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
