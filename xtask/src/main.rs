//! `cargo xtask`: maintainer commands. Exit codes: 0 success, 1 spec errors, stale output or a
//! manifest that lacks an API's feature, 2 usage or I/O errors.

mod bench;
mod synth;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{GENERATED_DIR, Mode};

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
        #[arg(long)]
        check: bool,
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
    /// One measurement of `bench`, run in a child process so that its peak memory is its own.
    #[command(hide = true)]
    BenchOne(bench::OneArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
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
        Command::Bench(args) => bench::bench(&args),
        Command::BenchCompile(args) => bench::bench_compile(&args),
        Command::BenchOne(args) => bench::bench_one(&args),
        Command::Regenerate { check } => {
            let mode = if check { Mode::Check } else { Mode::Write };
            let result = xtask::find_workspace_root().and_then(|root| xtask::regenerate(&root, mode));
            match result {
                Ok(report) if check => {
                    println!("{GENERATED_DIR} is fresh ({} files).", report.unchanged);
                    ExitCode::SUCCESS
                }
                Ok(report) => {
                    for path in &report.written {
                        println!("wrote   {GENERATED_DIR}/{path}");
                    }
                    for path in &report.removed {
                        println!("removed {GENERATED_DIR}/{path}");
                    }
                    println!(
                        "{} written, {} removed, {} unchanged.",
                        report.written.len(),
                        report.removed.len(),
                        report.unchanged
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    eprintln!("{failure}");
                    ExitCode::from(failure.exit_code() as u8)
                }
            }
        }
    }
}
