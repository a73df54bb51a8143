//! `cargo xtask`: maintainer commands. Exit codes: 0 success, 1 spec errors, stale output, a
//! manifest that lacks an API's feature, or warnings with `--deny-warnings`; 2 usage or I/O errors.

mod bench;
mod corpus;
mod synth;
mod versus;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::Mode;

#[derive(Parser)]
#[command(about = "Maintainer tasks for the datafactory workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/src/generated` from `spec/` (only changed files are written).
    Regenerate {
        /// Write nothing; fail with a diff if the checked-in files are stale.
        #[arg(long, conflicts_with = "locale")]
        check: bool,
        /// Fail (exit code 1) when the spec has warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Write the generated files with doc comments in this locale (such as `pt-BR`) to `--out`;
        /// elements without a translation keep their English text. `generated/` stays English.
        #[arg(long, requires = "out")]
        locale: Option<String>,
        /// Where `--locale` writes the generated files.
        #[arg(long, requires = "locale")]
        out: Option<PathBuf>,
    },
    /// Generate a complete crate from input files, or check one (`--check`): the `restgen
    /// generate` command, run from this workspace.
    Generate(restgen_cli::GenerateArgs),
    /// Write the spec's APIs as OpenAPI 3.1 documents (one JSON file per API file). `regenerate`
    /// keeps the English ones in `spec/openapi/`; this writes them anywhere, in any locale.
    ExportOpenapi {
        /// The folder to write to (created if needed).
        #[arg(long)]
        out: PathBuf,
        /// Descriptions in this locale (such as `pt-BR`) where the spec has them.
        #[arg(long, default_value = "en")]
        locale: String,
    },
    /// Write a deterministic synthetic spec (one YAML file) for benchmarks.
    Synth {
        /// Definitions in all, `CloudError` and `CloudErrorBody` included (at least 12).
        #[arg(long)]
        definitions: usize,
        /// Operations of the one API (default: one per ten definitions).
        #[arg(long)]
        operations: Option<usize>,
        /// Varies the property mix; the same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the spec (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Time the generator's stages on the real spec and on synthetic specs (from a release build).
    Bench(bench::BenchArgs),
    /// Time `cargo check` and a debug `cargo build` of a generated crate of N synthetic definitions.
    BenchCompile(bench::CompileArgs),
    /// Time `cargo check` and a debug build of this generator's crates against autorust's, side
    /// by side in one scratch workspace: `datafactory-v2` against `azure_mgmt_datafactory` 0.21.0
    /// (package-2018-06), the corpus set `network_network` against `azure_mgmt_network` 0.21.0.
    BenchAutorust(bench::AutorustArgs),
    /// Time this generator and progenitor side by side on progenitor's own input (nexus), each
    /// as the command a user runs, best of N (installs cargo-progenitor into target/tools once).
    BenchProgenitor(versus::VersusArgs),
    /// Generate every set of the development corpus (`vendor/azure-corpus`, `vendor/twilio`),
    /// build each crate with all features and check it against its own examples: one row per set.
    Corpus(corpus::CorpusArgs),
    /// One measurement of `bench`, run in a child process so that its peak memory is its own.
    #[command(hide = true)]
    BenchOne(bench::OneArgs),
}

fn main() -> ExitCode {
    let cli: Cli = match restgen_cli::parse_arguments() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Synth { definitions, operations, seed, out } => {
            let options = synth::Options {
                definitions,
                operations: operations.unwrap_or_else(|| synth::default_operations(definitions)),
                seed,
            };
            let text = match synth::synth(&options) {
                Ok(text) => text,
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
            };
            let written = match &out {
                Some(path) => std::fs::write(path, &text).map_err(|error| format!("{}: {error}", path.display())),
                None => {
                    use std::io::Write as _;
                    std::io::stdout().write_all(text.as_bytes()).map_err(|error| error.to_string())
                }
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Generate(args) => restgen_cli::generate(&args),
        Command::ExportOpenapi { out, locale } => export_openapi(&out, &locale),
        Command::Bench(args) => bench::bench(&args),
        Command::BenchCompile(args) => bench::bench_compile(&args),
        Command::BenchOne(args) => bench::bench_one(&args),
        Command::BenchProgenitor(args) => versus::bench_progenitor(&args),
        Command::BenchAutorust(args) => bench::bench_autorust(&args),
        Command::Corpus(args) => corpus::corpus(&args),
        Command::Regenerate { check, deny_warnings, locale, out } => regenerate(check, deny_warnings, locale, out),
    }
}

/// `cargo xtask export-openapi`: writes each document and names it.
fn export_openapi(out: &std::path::Path, locale: &str) -> ExitCode {
    let exported = match xtask::find_workspace_root().and_then(|root| xtask::export_openapi(&root, locale)) {
        Ok(exported) => exported,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::from(failure.exit_code() as u8);
        }
    };
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!("{}: {error}", out.display());
        return ExitCode::from(2);
    }
    for file in exported {
        let path = out.join(&file.path);
        if let Err(error) = std::fs::write(&path, &file.contents) {
            eprintln!("{}: {error}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote   {}", path.display());
    }
    ExitCode::SUCCESS
}

/// `cargo xtask regenerate`: prints what it wrote, the spec's warnings, or its errors.
fn regenerate(check: bool, deny_warnings: bool, locale: Option<String>, out: Option<PathBuf>) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    let result = xtask::find_workspace_root().and_then(|root| match (&locale, &out) {
        (Some(locale), Some(out)) => xtask::generate_localized(&root, locale, out),
        _ => xtask::regenerate(&root, mode),
    });
    let report = match result {
        Ok(report) => report,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::from(failure.exit_code() as u8);
        }
    };
    for warning in &report.warnings {
        eprintln!("{warning}\n");
    }
    if check {
        println!("generated code is fresh ({} files).", report.unchanged);
    } else {
        for path in &report.written {
            println!("wrote   {path}");
        }
        for path in &report.removed {
            println!("removed {path}");
        }
        println!("{} written, {} removed, {} unchanged.", report.written.len(), report.removed.len(), report.unchanged);
    }
    for (name, count) in &report.import_warnings {
        println!("{name}: {count} warning(s) about its imported input (`cargo xtask generate` on it lists them).");
    }
    if report.warnings.is_empty() {
        return ExitCode::SUCCESS;
    }
    let summary = restgen::diagnostics::summary(0, report.warnings.len());
    if deny_warnings {
        eprintln!("{summary}: failing, as --deny-warnings asks.");
        return ExitCode::from(1);
    }
    eprintln!("{summary}.");
    ExitCode::SUCCESS
}
