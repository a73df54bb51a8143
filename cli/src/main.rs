//! `restgen`: generates a client crate from API descriptions, or checks one (`restgen --help`).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "restgen",
    version,
    about = "Generates Rust client crates from OpenAPI 3.x, Swagger 2.0 or restgen's own YAML spec"
)]
#[command(
    after_help = "Exit codes: 0 success; 1 errors in the inputs, a stale crate with --check, or warnings with --strict; 2 usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a crate from input files (or, with --check, check that the crate is fresh).
    Generate(restgen_cli::GenerateArgs),
}

fn main() -> ExitCode {
    let cli: Cli = match restgen_cli::parse_arguments() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Generate(args) => restgen_cli::generate(&args),
    }
}
