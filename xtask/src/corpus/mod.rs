//! `cargo xtask corpus`: every set of the development corpus (`vendor/azure-corpus/sets.txt`, and
//! each document of `vendor/twilio/`) generated, built with all features, and checked against its
//! own examples by a harness program: one row per set and a total, then every example that is
//! not reproduced, with the reason.

mod cases;
mod harness;

use example_check::{Case, Outcome};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// Only the sets with these names (repeatable); default: every set.
    #[arg(long)]
    only: Vec<String>,
    /// Generate every set and read its examples, but build and run nothing.
    #[arg(long)]
    generate_only: bool,
    /// The Azure corpus: a folder with `sets.txt` (per line a set's name, then its input files
    /// relative to the folder) beside the files, `common-types/` included.
    #[arg(long, default_value = AZURE_CORPUS)]
    azure: PathBuf,
    /// The OpenAPI corpus: a folder of documents (`*.json`), one set each.
    #[arg(long, default_value = OPENAPI_CORPUS)]
    openapi: PathBuf,
    /// Where the crates, harnesses and their shared target folder are written.
    #[arg(long, default_value = "target/corpus")]
    out: PathBuf,
    /// Fail unless at least this percentage of the example bodies decodes.
    #[arg(long, default_value_t = 97.0)]
    min_decoded: f64,
    /// Fail unless at least this percentage of the example bodies writes back losslessly.
    #[arg(long, default_value_t = 95.0)]
    min_lossless: f64,
    /// Also write the report to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Fail, with a diff, unless the examples not reproduced (the lines after the table, of the
    /// sets run) are exactly those of this file: a change either way is reviewed.
    #[arg(long, conflicts_with = "generate_only")]
    expect: Option<PathBuf>,
    /// Write the examples not reproduced to the `--expect` file instead of comparing.
    #[arg(long, requires = "expect")]
    bless: bool,
}

/// One set: a name and its input files, relative to the workspace root.
pub(crate) struct Set {
    pub(crate) name: String,
    pub(crate) inputs: Vec<String>,
    /// The folder the report names example files from.
    base: String,
}

/// What happened to one set.
#[derive(Default)]
struct Row {
    name: String,
    /// `Err`: the generator's first error.
    generated: Option<Result<usize, String>>,
    /// `Some(Ok(warnings))` when the crate and its harness built.
    compiled: Option<Result<usize, String>>,
    requests: (usize, usize),
    /// Built requests the generated server took and whose answer the client read, of those built.
    served: (usize, usize),
    bodies: usize,
    decoded: usize,
    lossless: usize,
    generate_seconds: f64,
    build_seconds: f64,
    /// `(operation id, example, status or "request", reason)`.
    contradictions: Vec<(String, String, String, String)>,
}

pub fn corpus(args: &CorpusArgs) -> ExitCode {
    let root = match xtask::find_workspace_root() {
        Ok(root) => root,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::from(2);
        }
    };
    let sets = match sets(&root, &args.azure, &args.openapi) {
        Ok(sets) => {
            sets.into_iter().filter(|set| args.only.is_empty() || args.only.contains(&set.name)).collect::<Vec<_>>()
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if sets.is_empty() {
        eprintln!("no set is named {:?}", args.only);
        return ExitCode::from(2);
    }
    let out = root.join(&args.out);
    let started = Instant::now();
    let mut rows = Vec::new();
    for set in &sets {
        eprintln!("== {}", set.name);
        let row = run_set(&root, &out, set, args.generate_only);
        rows.push(row);
    }
    let report = report(&rows, started.elapsed().as_secs_f64(), args.generate_only);
    print!("{report}");
    if let Some(path) = &args.report
        && let Err(error) = std::fs::write(path, &report)
    {
        eprintln!("{}: {error}", path.display());
        return ExitCode::from(2);
    }
    if let Some(path) = &args.expect
        && let Err(message) = expected_contradictions(path, &rows, args.bless)
    {
        eprintln!("{message}");
        return ExitCode::from(1);
    }
    let failed = rows.iter().any(|row| {
        !matches!(row.generated, Some(Ok(_))) || (!args.generate_only && !matches!(row.compiled, Some(Ok(0))))
    });
    let bodies: usize = rows.iter().map(|row| row.bodies).sum();
    let share = |count: usize| if bodies == 0 { 100.0 } else { 100.0 * count as f64 / bodies as f64 };
    let decoded = share(rows.iter().map(|row| row.decoded).sum());
    let lossless = share(rows.iter().map(|row| row.lossless).sum());
    let short = !args.generate_only && (decoded < args.min_decoded || lossless < args.min_lossless);
    if failed || short {
        eprintln!(
            "corpus: {}{}",
            if failed { "a set did not generate, build or build warning-free; " } else { "" },
            if short {
                format!(
                    "{decoded:.1}% decoded (at least {}%), {lossless:.1}% lossless (at least {}%)",
                    args.min_decoded, args.min_lossless
                )
            } else {
                String::new()
            }
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The development corpus: Azure's services, and Twilio's OpenAPI documents.
pub(crate) const AZURE_CORPUS: &str = "vendor/azure-corpus";
pub(crate) const OPENAPI_CORPUS: &str = "vendor/twilio";

/// The Azure sets of `azure`'s `sets.txt`, then one set per OpenAPI document of `openapi`
/// (folders relative to the workspace root, or absolute).
pub(crate) fn sets(root: &Path, azure: &Path, openapi: &Path) -> Result<Vec<Set>, String> {
    let azure = azure.display().to_string();
    let list = std::fs::read_to_string(root.join(&azure).join("sets.txt"))
        .map_err(|error| format!("{azure}/sets.txt: {error}"))?;
    let mut sets: Vec<Set> = list
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().unwrap_or_default().to_owned();
            let inputs: Vec<String> = words.map(|file| format!("{azure}/{file}")).collect();
            let base = inputs.first().and_then(|first| Path::new(first).parent()).map(|dir| dir.display().to_string());
            Set { name, inputs, base: base.unwrap_or_default() }
        })
        .collect();
    let twilio = openapi.display().to_string();
    let mut documents: Vec<String> = std::fs::read_dir(root.join(&twilio))
        .map_err(|error| format!("{twilio}: {error}"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    documents.sort();
    sets.extend(documents.into_iter().map(|file| Set {
        name: file.trim_end_matches(".json").to_owned(),
        inputs: vec![format!("{twilio}/{file}")],
        base: twilio.clone(),
    }));
    Ok(sets)
}

fn run_set(root: &Path, out: &Path, set: &Set, generate_only: bool) -> Row {
    let mut row = Row { name: set.name.clone(), ..Row::default() };
    let started = Instant::now();
    let mut loader = |path: &str| std::fs::read_to_string(root.join(path)).map_err(|error| error.to_string());
    let generated = restgen::generate_from_inputs(&set.inputs, &mut loader, &restgen::Options::default());
    row.generate_seconds = started.elapsed().as_secs_f64();
    let generated = match generated {
        Ok(generated) => generated,
        Err((errors, _)) => {
            let first = errors.0.first().map(|error| format!("{}: {}", error.file, error.message));
            row.generated = Some(Err(first.unwrap_or_default()));
            return row;
        }
    };
    row.generated = Some(Ok(generated.generated.warnings.len()));
    // A file a `$ref` names that is not in the corpus: the set generates without it, and
    // what that costs shows below, with the reason first.
    for warning in generated.generated.warnings.iter().filter(|warning| warning.message.starts_with("cannot read `")) {
        let reason = format!("generated without a file: {}: {}", warning.file, warning.message);
        row.contradictions.push((String::new(), String::new(), String::new(), reason));
    }
    let operations = harness::operations(&generated.ir);
    let (cases, problems) = cases::collect(root, &set.inputs, &operations, &root.join(&set.base));
    for problem in problems {
        row.contradictions.push((problem.id, problem.file, "-".into(), problem.reason));
    }
    if generate_only {
        return row;
    }
    let started = Instant::now();
    let built = build_harness(root, out, set, &generated, &cases);
    row.build_seconds = started.elapsed().as_secs_f64();
    let binary = match built {
        Ok((binary, warnings)) => {
            row.compiled = Some(Ok(warnings.len()));
            for warning in warnings.iter().take(3) {
                eprintln!("{warning}");
            }
            binary
        }
        Err(error) => {
            eprintln!("{error}");
            row.compiled = Some(Err(error.lines().next().unwrap_or_default().to_owned()));
            return row;
        }
    };
    match run_harness(&binary, &out.join(&set.name).join("cases.json")) {
        Ok(outcomes) => tally(&mut row, &cases, &outcomes),
        Err(error) => row.contradictions.push((String::new(), String::new(), "-".into(), error)),
    }
    if let Err(error) = remove_build(&out.join("target"), &package_name(set)) {
        eprintln!("{error}");
    }
    row
}

fn package_name(set: &Set) -> String {
    format!("corpus-{}", set.name.replace('_', "-"))
}

/// Deletes what the build of one set left in the shared target folder (its library, its harness
/// and their fingerprints) once the harness has run: only the shared dependencies stay, so the
/// disk a corpus run takes does not grow with the number of sets.
fn remove_build(target: &Path, package: &str) -> Result<(), String> {
    let harness = format!("{package}-harness");
    let ours = [package.replace('-', "_"), harness.replace('-', "_"), package.to_owned(), harness.clone()];
    for folder in ["debug", "debug/deps", "debug/.fingerprint"] {
        let folder = target.join(folder);
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // `lib<crate>-<hash>.rlib`, `<crate>-<hash>.d`, `<package>-<hash>/`, `<package>-harness`.
            let stem = name.strip_prefix("lib").unwrap_or(&name);
            let stem = stem.split('.').next().unwrap_or_default();
            let stem = if ours.iter().any(|own| own == stem) {
                stem
            } else {
                stem.rsplit_once('-').map_or("", |(stem, _)| stem)
            };
            if !ours.iter().any(|own| own == stem) {
                continue;
            }
            let path = entry.path();
            let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            removed.map_err(|error| format!("{}: {error}", path.display()))?;
        }
    }
    Ok(())
}

/// Whether a cargo package id is the package `name` (not `name-harness`): the id is
/// `path+file:///.../crate#name@0.1.0`, `path+file:///.../name#0.1.0` when the folder has the
/// package's name, or the older `name 0.1.0 (path+file:///...)`.
fn is_package(id: &str, name: &str) -> bool {
    let package = match id.rsplit_once('#') {
        Some((_, fragment)) if fragment.contains('@') => fragment.split('@').next().unwrap_or_default(),
        Some((url, _)) => url.rsplit('/').next().unwrap_or_default(),
        None => id.split(' ').next().unwrap_or_default(),
    };
    package == name
}

/// Writes the crate and its harness under `out/<set>/` and builds the harness in the shared
/// target folder: the binary and the crate's warnings, or the first errors.
fn build_harness(
    root: &Path,
    out: &Path,
    set: &Set,
    generated: &restgen::GeneratedFromInputs,
    cases: &[Case],
) -> Result<(PathBuf, Vec<String>), String> {
    let io = |error: std::io::Error| error.to_string();
    let dir = out.join(&set.name);
    let package = package_name(set);
    let library = package.replace('-', "_");
    xtask::scratch::write_generated_crate(root, &dir.join("crate"), &package, generated)?;
    let harness = dir.join("harness");
    std::fs::create_dir_all(harness.join("src")).map_err(io)?;
    let example_check = root.join("xtask/example-check").display().to_string().replace('\\', "/");
    let manifest = format!(
        "[package]\nname = \"{package}-harness\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{package} = {{ path = \"../crate\", features = [\"server\"] }}\n\
         example-check = {{ path = \"{example_check}\" }}\nhttp = \"1\"\nserde_json = \"1\"\n\n\
         # Debug info would multiply the disk a corpus run takes (a linked binary per set).\n\
         [profile.dev]\ndebug = 0\nincremental = false\n"
    );
    std::fs::write(harness.join("Cargo.toml"), manifest).map_err(io)?;
    std::fs::write(harness.join("src/main.rs"), harness::main_rs(&library, &generated.ir)).map_err(io)?;
    if !harness.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), harness.join("Cargo.lock")).map_err(io)?;
    }
    std::fs::write(dir.join("cases.json"), serde_json::to_vec(cases).map_err(|error| error.to_string())?)
        .map_err(io)?;
    let target = out.join("target");
    // Lints are counted, not denied: a crate that builds with none builds with `-D warnings`.
    // The harness takes the crate with every feature: its APIs, the client and the server side.
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        // Plain `json`: rustc's messages come as `compiler-message` lines, which are counted
        // (`json-render-diagnostics` would print them as text instead, and count none).
        .args(["build", "--offline", "--message-format=json"])
        .current_dir(&harness)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default().to_owned();
        match message["message"]["level"].as_str() {
            Some("error") => errors.push(rendered),
            // The generated crate's warnings; the harness's own are not the generator's.
            Some("warning") if message["package_id"].as_str().is_some_and(|id| is_package(id, &package)) => {
                warnings.push(rendered)
            }
            _ => {}
        }
    }
    if !output.status.success() {
        errors.push(String::from_utf8_lossy(&output.stderr).into_owned());
        return Err(errors.join("\n"));
    }
    Ok((target.join("debug").join(format!("{package}-harness")), warnings))
}

fn run_harness(binary: &Path, cases: &Path) -> Result<Vec<Outcome>, String> {
    let output = Command::new(binary).arg(cases).output().map_err(|error| format!("{}: {error}", binary.display()))?;
    if !output.status.success() {
        return Err(format!("the harness failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    serde_json::from_slice(&output.stdout).map_err(|error| format!("the harness's outcomes: {error}"))
}

fn tally(row: &mut Row, cases: &[Case], outcomes: &[Outcome]) {
    for (case, outcome) in cases.iter().zip(outcomes) {
        if let Some(request) = &outcome.request {
            row.requests.1 += 1;
            match request {
                Ok(()) => row.requests.0 += 1,
                Err(reason) => {
                    row.contradictions.push((case.id.clone(), case.file.clone(), "request".into(), reason.clone()))
                }
            }
        }
        if let Some(served) = &outcome.served {
            row.served.1 += 1;
            match served {
                Ok(()) => row.served.0 += 1,
                Err(reason) => {
                    row.contradictions.push((case.id.clone(), case.file.clone(), "served".into(), reason.clone()))
                }
            }
        }
        for response in &outcome.responses {
            if response.has_body {
                row.bodies += 1;
            }
            let reason = match &response.result {
                Ok(None) => {
                    if response.has_body {
                        row.decoded += 1;
                        row.lossless += 1;
                    }
                    continue;
                }
                Ok(Some(difference)) => {
                    if response.has_body {
                        row.decoded += 1;
                    }
                    format!("written back differently: {difference}")
                }
                Err(reason) => reason.clone(),
            };
            row.contradictions.push((case.id.clone(), case.file.clone(), response.status.clone(), reason));
        }
    }
}

/// The table, the total and every contradiction, as plain text.
fn report(rows: &[Row], seconds: f64, generate_only: bool) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<48} {:>9} {:>8} {:>8} {:>9} {:>9} {:>13} {:>13} {:>6} {:>7}",
        "set",
        "generated",
        "compiled",
        "warnings",
        "requests",
        "served",
        "bodies decoded",
        "lossless",
        "gen s",
        "build s"
    );
    let mut total = Row { name: "total".into(), ..Row::default() };
    let (mut generated, mut compiled, mut warnings_total) = (0, 0, 0);
    for row in rows {
        let yes = |result: &Option<Result<usize, String>>| match result {
            Some(Ok(_)) => "yes",
            Some(Err(_)) => "NO",
            None => "-",
        };
        let warnings = match &row.compiled {
            Some(Ok(count)) => count.to_string(),
            _ => "-".into(),
        };
        generated += usize::from(matches!(row.generated, Some(Ok(_))));
        compiled += usize::from(matches!(row.compiled, Some(Ok(_))));
        total.requests.0 += row.requests.0;
        total.requests.1 += row.requests.1;
        total.served.0 += row.served.0;
        total.served.1 += row.served.1;
        total.bodies += row.bodies;
        total.decoded += row.decoded;
        total.lossless += row.lossless;
        total.generate_seconds += row.generate_seconds;
        total.build_seconds += row.build_seconds;
        if let Some(Ok(count)) = row.compiled {
            warnings_total += count;
        }
        let cells = [yes(&row.generated).to_owned(), yes(&row.compiled).to_owned(), warnings];
        table_line(&mut text, &row.name, cells, row);
    }
    let percent = |count: usize, of: usize| if of == 0 { 100.0 } else { 100.0 * count as f64 / of as f64 };
    let cells = [
        format!("{generated}/{}", rows.len()),
        if generate_only { "-".to_owned() } else { format!("{compiled}/{}", rows.len()) },
        warnings_total.to_string(),
    ];
    table_line(&mut text, &format!("total ({} sets, {seconds:.0} s)", rows.len()), cells, &total);
    let _ = writeln!(
        text,
        "requests matching {:.1}%, served {:.1}%, bodies decoded {:.1}%, bodies lossless {:.1}%",
        percent(total.requests.0, total.requests.1),
        percent(total.served.0, total.served.1),
        percent(total.decoded, total.bodies),
        percent(total.lossless, total.bodies),
    );
    let _ = writeln!(text, "\nexamples not reproduced, with the reason:");
    for line in contradiction_lines(rows) {
        let _ = writeln!(text, "  {line}");
    }
    text
}

/// One line of the table: the name, the generated/compiled/warnings cells, and `row`'s counts and times.
fn table_line(text: &mut String, name: &str, [generated, compiled, warnings]: [String; 3], row: &Row) {
    let _ = writeln!(
        text,
        "{name:<48} {generated:>9} {compiled:>8} {warnings:>8} {:>9} {:>9} {:>13} {:>13} {:>6.2} {:>7.1}",
        format!("{}/{}", row.requests.0, row.requests.1),
        format!("{}/{}", row.served.0, row.served.1),
        format!("{}/{}", row.decoded, row.bodies),
        format!("{}/{}", row.lossless, row.bodies),
        row.generate_seconds,
        row.build_seconds,
    );
}

/// What a set did not reproduce, one line each: a set that does not generate or build, then
/// every example with the reason.
fn contradiction_lines(rows: &[Row]) -> Vec<String> {
    let mut lines = Vec::new();
    for row in rows {
        if let Some(Err(error)) = &row.generated {
            lines.push(format!("{}: does not generate: {error}", row.name));
        }
        if let Some(Err(error)) = &row.compiled {
            lines.push(format!("{}: does not build: {error}", row.name));
        }
        for (id, file, status, reason) in &row.contradictions {
            if id.is_empty() && file.is_empty() && status.is_empty() {
                lines.push(format!("{}: {reason}", row.name));
                continue;
            }
            lines.push(format!("{} {id} ({file}) {status}: {reason}", row.name));
        }
    }
    lines
}

/// `--expect`: the lines of the sets run are the file's lines of those sets (or, with
/// `--bless`, become them; the other sets' lines are kept).
fn expected_contradictions(path: &Path, rows: &[Row], bless: bool) -> Result<(), String> {
    let run = |line: &str| rows.iter().any(|row| line.split([' ', ':']).next() == Some(row.name.as_str()));
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if bless && error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(format!("{}: {error}", path.display())),
    };
    let (header, listed): (Vec<&str>, Vec<&str>) = text.lines().partition(|line| line.starts_with('#'));
    let expected: Vec<&str> = listed.iter().copied().filter(|line| run(line)).collect();
    let found = contradiction_lines(rows);
    if bless {
        let mut kept: Vec<String> = listed.iter().filter(|line| !run(line)).map(|line| line.to_string()).collect();
        kept.extend(found);
        kept.sort();
        let body: String =
            header.iter().map(|line| format!("{line}\n")).chain(kept.iter().map(|line| format!("{line}\n"))).collect();
        return std::fs::write(path, body).map_err(|error| format!("{}: {error}", path.display()));
    }
    let mut found_sorted: Vec<&str> = found.iter().map(String::as_str).collect();
    found_sorted.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    if found_sorted == expected_sorted {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&(expected_sorted.join("\n") + "\n"), &(found_sorted.join("\n") + "\n"))
        .unified_diff()
        .header(&path.display().to_string(), "this run")
        .to_string();
    Err(format!(
        "the examples not reproduced changed:\n{diff}\nIf the change is right, run `cargo xtask corpus --expect {} --bless` and commit the file.",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_package_id_names_its_package_in_every_form_cargo_writes() {
        let name = "corpus-msi";
        assert!(super::is_package("path+file:///tmp/out/msi/crate#corpus-msi@0.1.0", name));
        assert!(super::is_package("path+file:///tmp/out/corpus-msi#0.1.0", name));
        assert!(super::is_package("corpus-msi 0.1.0 (path+file:///tmp/out/msi/crate)", name));
        assert!(!super::is_package("path+file:///tmp/out/msi/harness#corpus-msi-harness@0.1.0", name));
        assert!(!super::is_package("registry+https://example.invalid/index#serde@1.0.0", name));
    }
}
