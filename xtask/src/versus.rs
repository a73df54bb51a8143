//! `cargo xtask bench-progenitor`: this generator and progenitor side by side on progenitor's own
//! benchmark input (`vendor/progenitor-nexus/nexus.json`), each as the command a user runs, each
//! timed best of N in the same run on the same machine. Prints figures; asserts nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The progenitor release compared against, installed from crates.io into `target/tools`.
const PROGENITOR_VERSION: &str = "0.15.1";
const NEXUS: &str = "vendor/progenitor-nexus/nexus.json";

#[derive(clap::Args)]
pub struct VersusArgs {
    /// Timed runs of each generator; the best is shown.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

pub fn bench_progenitor(args: &VersusArgs) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &VersusArgs) -> Result<(), String> {
    let root = xtask::find_workspace_root().map_err(|failure| failure.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir));
    let tools = target.join("tools");
    let progenitor = tools.join("bin").join("cargo-progenitor");
    if !progenitor.exists() {
        eprintln!("installing cargo-progenitor {PROGENITOR_VERSION} into {} (once)...", tools.display());
        let mut install = Command::new(&cargo);
        install.args(["install", "--locked", "--quiet", "--root"]).arg(&tools);
        install.args(["cargo-progenitor", "--version", PROGENITOR_VERSION]);
        succeed(&mut install, "cargo install cargo-progenitor")?;
    }
    eprintln!("building the release xtask...");
    succeed(
        Command::new(&cargo).args(["build", "--release", "--quiet", "-p", "xtask"]).current_dir(&root),
        "cargo build",
    )?;
    let xtask = target.join("release").join("xtask");
    let out = target.join("versus");
    let input = root.join(NEXUS);

    let ours_dir = out.join("ours");
    let ours = best_of(args.runs, || {
        let mut command = Command::new(&xtask);
        command.arg("generate").arg(&input).arg("--out").arg(&ours_dir).args(["--name", "nexus"]).current_dir(&root);
        command
    })?;
    let theirs_dir = out.join("progenitor");
    let theirs = best_of(args.runs, || {
        let _ = std::fs::remove_dir_all(&theirs_dir);
        let mut command = Command::new(&progenitor);
        command.arg("progenitor").arg("-i").arg(&input).arg("-o").arg(&theirs_dir);
        command.args(["-n", "nexus", "-v", "0.0.0", "--interface", "builder"]);
        command
    })?;
    let ours_lines = rust_lines(&ours_dir.join("src"));
    let theirs_lines = rust_lines(&theirs_dir.join("src"));
    println!("| generator | best of {} ms | generated Rust lines |", args.runs);
    println!("| --- | ---: | ---: |");
    println!("| this one (`cargo xtask generate`, release) | {:.1} | {ours_lines} |", ms(ours));
    println!(
        "| progenitor {PROGENITOR_VERSION} (`cargo progenitor --interface builder`) | {:.1} | {theirs_lines} |",
        ms(theirs)
    );
    println!("\nprogenitor / this one: {:.2}x", theirs.as_secs_f64() / ours.as_secs_f64());
    Ok(())
}

/// The fastest of `runs` runs of the command `make` builds, which must succeed.
fn best_of(runs: usize, mut make: impl FnMut() -> Command) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs.max(1) {
        let mut command = make();
        command.stdout(std::process::Stdio::null());
        let start = Instant::now();
        succeed(&mut command, "a generator")?;
        best = best.min(start.elapsed());
    }
    Ok(best)
}

fn succeed(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.stderr(std::process::Stdio::piped()).output().map_err(|error| format!("{what}: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed:\n{}", String::from_utf8_lossy(&output.stderr)))
    }
}

/// Lines of the `.rs` files under `dir`, recursively.
fn rust_lines(dir: &Path) -> usize {
    let mut lines = 0;
    let mut pending: Vec<PathBuf> = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                lines += std::fs::read_to_string(&path).map_or(0, |text| text.lines().count());
            }
        }
    }
    lines
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
