//! `cargo xtask`: maintainer commands. Exit codes: 0 success, 1 spec errors, stale output or a
//! manifest that lacks an API's feature, 2 usage or I/O errors.

use clap::{Parser, Subcommand};
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
