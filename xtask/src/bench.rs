//! `cargo xtask bench` (the generator's stages, in a table) and `cargo xtask bench-compile` (the
//! build cost of a generated crate). Figures and budgets are in `BENCHMARKS.md`; nothing here
//! asserts a duration.

use crate::synth;
use restgen::{GeneratedFile, SourceFile};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Sizes of the synthetic specs, in definitions (one operation per ten definitions).
    #[arg(long, value_delimiter = ',', default_values_t = [100, 1_000, 10_000])]
    sizes: Vec<usize>,
    /// Runs of each measurement; the table shows the median.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

#[derive(clap::Args)]
pub struct OneArgs {
    /// `real` for the spec folder, `datafactory` or `nexus` for a vendored input, or a number of
    /// synthetic definitions.
    #[arg(long)]
    input: String,
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Only generate, once (to run under a profiler: `perf record target/release/xtask bench-one --input 10000 --generate-only`).
    #[arg(long)]
    generate_only: bool,
    /// Only read and lower, once, and print the peak memory (`lower_peak_kb`): measured in a
    /// process of its own, so that it does not raise the whole generation's peak.
    #[arg(long)]
    lower_only: bool,
}

#[derive(clap::Args)]
pub struct CompileArgs {
    /// Synthetic definitions of the generated crate.
    #[arg(long)]
    definitions: usize,
    /// Operations (default: one per ten definitions).
    #[arg(long)]
    operations: Option<usize>,
    /// Timed runs of each command; the median is shown.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Skip the baseline crate of the smallest synthetic spec (used for the marginal cost per item).
    #[arg(long)]
    no_baseline: bool,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(2)
}

fn root() -> Result<PathBuf, String> {
    xtask::find_workspace_root().map_err(|failure| failure.to_string())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// The peak resident set of this process (`VmHWM`), in kilobytes.
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The sources of an input (`real` or a number of definitions), with its definition and
/// operation counts.
fn input_sources(input: &str) -> Result<(Vec<SourceFile>, usize, usize), String> {
    if input == "real" {
        let sources = xtask::read_spec(&root()?).map_err(|failure| failure.to_string())?;
        let (mut definitions, mut operations) = (0, 0);
        for source in &sources {
            let spec = restgen::parse::parse(source).map_err(|diagnostic| diagnostic.to_string())?;
            definitions += spec.definitions.len();
            operations += spec.operations.len();
        }
        return Ok((sources, definitions, operations));
    }
    let definitions: usize = input.parse().map_err(|_| format!("`{input}` is neither `real` nor a number"))?;
    let options = synth::Options::new(definitions);
    let text = synth::synth(&options)?;
    Ok((vec![SourceFile { path: synth::SOURCE_PATH.to_owned(), text }], options.definitions, options.operations))
}

/// What `syn` + `prettyplease` alone cost on the output: parse the text, print it again. The
/// generator's render stage parses tokens instead of text, so this approximates its floor.
fn render_floor(files: &[GeneratedFile]) -> usize {
    let mut bytes = 0;
    for file in files {
        let parsed: syn::File = syn::parse_str(&file.contents).expect("generated files parse");
        bytes += prettyplease::unparse(&parsed).len();
    }
    bytes
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

/// The vendored inputs `bench` also measures, read through the import readers.
const IMPORTED: &[(&str, &str)] = &[
    ("datafactory", "vendor/azure-datafactory-2018-06-01/datafactory.json"),
    ("nexus", "vendor/progenitor-nexus/nexus.json"),
];

/// One row of `bench` for an imported input: reading (text to the spec model), lowering, and
/// the whole, through the same public functions `cargo xtask generate` calls.
fn bench_imported(name: &str, input: &str, runs: usize, lower_only: bool) -> Result<String, String> {
    let root = root()?;
    let inputs = vec![input.to_owned()];
    let load = |path: &str| std::fs::read_to_string(root.join(path)).map_err(|error| error.to_string());
    let options = restgen::Options::default();
    let before_kb = peak_kb().unwrap_or(0);
    let read = || {
        let mut loader = load;
        restgen::import::read(&inputs, &mut loader, false).map_err(|(errors, sources)| errors.render(&sources))
    };
    if lower_only {
        let mut loader = load;
        let lowered = restgen::lower_from_inputs(&inputs, &mut loader, &options).is_ok();
        return Ok(format!("lowered={lowered} lower_peak_kb={}", peak_kb().unwrap_or(0)));
    }
    let generate = || {
        let mut loader = load;
        restgen::generate_from_inputs(&inputs, &mut loader, &options)
            .map_err(|(errors, sources)| errors.render(&sources))
    };
    // The first run, cold and first in this process, sets the peak memory of a whole generation.
    let (first, generated) = time(generate);
    let files = generated?.generated.files;
    let peak = peak_kb().unwrap_or(0);
    let imported = read()?;
    let input_bytes: usize = imported.sources.iter().map(|source| source.text.len()).sum();
    let definitions: usize = imported.files.iter().map(|file| file.spec.definitions.len()).sum();
    let operations: usize = imported.files.iter().map(|file| file.spec.operations.len()).sum();
    let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
    let bytes: usize = files.iter().map(|file| file.contents.len()).sum();
    let (mut parse, mut lower, mut end_to_end, mut render) = (Vec::new(), Vec::new(), vec![first], Vec::new());
    for _ in 0..runs.max(1) {
        parse.push(time(|| read().is_ok()).0);
        lower.push(
            time(|| {
                let mut loader = load;
                restgen::lower_from_inputs(&inputs, &mut loader, &options).is_ok()
            })
            .0,
        );
        end_to_end.push(time(|| generate().is_ok()).0);
        render.push(time(|| render_floor(&files)).0);
    }
    let (parse, lower, end_to_end, render) = (median(parse), median(lower), median(end_to_end), median(render));
    Ok(format!(
        "input={name} definitions={definitions} operations={operations} input_bytes={input_bytes} files={} lines={lines} bytes={bytes} parse_ns={} lower_ns={} emit_ns={} render_ns={} e2e_ns={} peak_kb={peak} start_kb={before_kb}",
        files.len(),
        parse.as_nanos(),
        lower.saturating_sub(parse).as_nanos(),
        end_to_end.saturating_sub(lower).saturating_sub(render).as_nanos(),
        render.as_nanos(),
        end_to_end.as_nanos(),
    ))
}

/// One row of `bench`, in a child process: prints `key=value` pairs on one line.
pub fn bench_one(args: &OneArgs) -> ExitCode {
    if let Some((name, input)) = IMPORTED.iter().find(|(name, _)| *name == args.input) {
        return match bench_imported(name, input, args.runs, args.lower_only) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(message) => fail(message),
        };
    }
    let (sources, definitions, operations) = match input_sources(&args.input) {
        Ok(input) => input,
        Err(message) => return fail(message),
    };
    let input_bytes: usize = sources.iter().map(|source| source.text.len()).sum();
    if args.generate_only {
        return match restgen::generate(&sources) {
            Ok(files) => {
                println!("{} files, peak {} kB", files.len(), peak_kb().unwrap_or(0));
                ExitCode::SUCCESS
            }
            Err(diagnostics) => fail(diagnostics),
        };
    }
    let before_kb = peak_kb().unwrap_or(0);
    if args.lower_only {
        let lowered = restgen::lower_sources(&sources).is_ok();
        println!("lowered={lowered} lower_peak_kb={}", peak_kb().unwrap_or(0));
        return ExitCode::SUCCESS;
    }
    // The first run, cold and first in this process, sets the peak memory of a whole generation.
    let (first, files) = time(|| restgen::generate(&sources));
    let files = match files {
        Ok(files) => files,
        Err(diagnostics) => return fail(format!("the generator rejected `{}`:\n{diagnostics}", args.input)),
    };
    let peak = peak_kb().unwrap_or(0);
    if restgen::lower_sources(&sources).is_err() {
        return fail("lowering failed where generation did not");
    }
    let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
    let bytes: usize = files.iter().map(|file| file.contents.len()).sum();
    let (mut parse, mut lower, mut end_to_end, mut render) = (Vec::new(), Vec::new(), vec![first], Vec::new());
    for _ in 0..args.runs.max(1) {
        parse.push(time(|| sources.iter().filter(|source| restgen::parse::parse(source).is_ok()).count()).0);
        lower.push(time(|| restgen::lower_sources(&sources).is_ok()).0);
        end_to_end.push(time(|| restgen::generate(&sources).is_ok()).0);
        render.push(time(|| render_floor(&files)).0);
    }
    let (parse, lower, end_to_end, render) = (median(parse), median(lower), median(end_to_end), median(render));
    let lower_only = lower.saturating_sub(parse);
    let emit = end_to_end.saturating_sub(lower).saturating_sub(render);
    println!(
        "input={} definitions={definitions} operations={operations} input_bytes={input_bytes} files={} lines={lines} bytes={bytes} parse_ns={} lower_ns={} emit_ns={} render_ns={} e2e_ns={} peak_kb={peak} start_kb={before_kb}",
        args.input,
        files.len(),
        parse.as_nanos(),
        lower_only.as_nanos(),
        emit.as_nanos(),
        render.as_nanos(),
        end_to_end.as_nanos(),
    );
    ExitCode::SUCCESS
}

struct Row {
    input: String,
    values: std::collections::HashMap<String, String>,
}

impl Row {
    fn num(&self, key: &str) -> f64 {
        self.values.get(key).and_then(|value| value.parse().ok()).unwrap_or(f64::NAN)
    }

    fn ms(&self, key: &str) -> f64 {
        self.num(key) / 1e6
    }
}

/// `cargo xtask bench`: builds the xtask in release mode if this one is not, then measures each
/// input in its own process and prints one table.
pub fn bench(args: &BenchArgs) -> ExitCode {
    let root = match root() {
        Ok(root) => root,
        Err(message) => return fail(message),
    };
    let sizes: Vec<String> = args.sizes.iter().map(usize::to_string).collect();
    if cfg!(debug_assertions) {
        eprintln!("building the release xtask (the figures are a release build's)...");
        let built =
            Command::new(cargo()).args(["build", "--release", "--quiet", "-p", "xtask"]).current_dir(&root).status();
        if !built.is_ok_and(|status| status.success()) {
            return fail("`cargo build --release -p xtask` failed");
        }
        let release = target_dir(&root).join("release").join("xtask");
        let status = Command::new(release)
            .args(["bench", "--sizes", &sizes.join(","), "--runs", &args.runs.to_string()])
            .current_dir(&root)
            .status();
        return match status {
            Ok(status) if status.success() => ExitCode::SUCCESS,
            Ok(_) => ExitCode::FAILURE,
            Err(error) => fail(format!("running the release xtask: {error}")),
        };
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(error) => return fail(error),
    };
    let mut rows = Vec::new();
    let imported = IMPORTED.iter().map(|(name, _)| (*name).to_owned());
    for input in std::iter::once("real".to_owned()).chain(imported).chain(sizes) {
        eprintln!("measuring {input}...");
        // Two fresh processes: the whole generation (times and its peak), and reading and
        // lowering alone (their peak), so that neither peak includes the other's memory.
        let mut values = std::collections::HashMap::new();
        for extra in [None, Some("--lower-only")] {
            let output = Command::new(&exe)
                .args(["bench-one", "--input", &input, "--runs", &args.runs.to_string()])
                .args(extra)
                .current_dir(&root)
                .output();
            let output = match output {
                Ok(output) if output.status.success() => output,
                Ok(output) => return fail(String::from_utf8_lossy(&output.stderr)),
                Err(error) => return fail(error),
            };
            let text = String::from_utf8_lossy(&output.stdout);
            values.extend(
                text.split_whitespace()
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(key, value)| (key.to_owned(), value.to_owned())),
            );
        }
        rows.push(Row { input, values });
    }
    print_table(&rows);
    ExitCode::SUCCESS
}

fn print_table(rows: &[Row]) {
    println!(
        "| input | defs | ops | items | spec KB | out lines | out KB | parse ms | lower ms | emit ms | render ms | end to end ms | ms/item | peak MB (after lower) | e2e/render |"
    );
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in rows {
        let items = row.num("definitions") + row.num("operations");
        let name = match row.input.as_str() {
            "real" => "spec/ (real)".to_owned(),
            "datafactory" => "Data Factory 2018-06-01 (Swagger)".to_owned(),
            "nexus" => "nexus (OpenAPI 3.0)".to_owned(),
            size => format!("synthetic {size}"),
        };
        println!(
            "| {name} | {} | {} | {items} | {:.0} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.3} | {:.1} ({:.1}) | {:.2} |",
            row.num("definitions"),
            row.num("operations"),
            row.num("input_bytes") / 1024.0,
            row.num("lines"),
            row.num("bytes") / 1024.0,
            row.ms("parse_ns"),
            row.ms("lower_ns"),
            row.ms("emit_ns"),
            row.ms("render_ns"),
            row.ms("e2e_ns"),
            row.ms("e2e_ns") / items,
            row.num("peak_kb") / 1024.0,
            row.num("lower_peak_kb") / 1024.0,
            row.num("e2e_ns") / row.num("render_ns"),
        );
    }
    let find = |input: &str| rows.iter().find(|row| row.input == input);
    if let (Some(small), Some(large)) = (find("1000"), find("10000")) {
        println!(
            "\n10k/1k end-to-end time ratio: {:.2} (items ratio {:.2})",
            large.num("e2e_ns") / small.num("e2e_ns"),
            (large.num("definitions") + large.num("operations")) / (small.num("definitions") + small.num("operations"))
        );
    }
    println!(
        "emit = end to end - (parse + lower) - render; render = syn::parse_str + prettyplease::unparse of the output (the render floor); peak = VmHWM of a fresh process after one generation (in brackets: of another that only reads and lowers)."
    );
}

/// `cargo xtask bench-compile`: generates a crate of N synthetic definitions and times
/// `cargo check` and a debug `cargo build` of it alone, its dependencies built beforehand.
pub fn bench_compile(args: &CompileArgs) -> ExitCode {
    let root = match root() {
        Ok(root) => root,
        Err(message) => return fail(message),
    };
    let operations = args.operations.unwrap_or_else(|| synth::default_operations(args.definitions));
    let target = target_dir(&root).join("bench-compile-target");
    let mut results = Vec::new();
    let mut sizes = vec![(args.definitions, operations)];
    if !args.no_baseline && args.definitions > synth::MIN_DEFINITIONS {
        sizes.insert(0, (synth::MIN_DEFINITIONS, 1));
    }
    for (definitions, operations) in sizes {
        match compile_one(&root, &target, definitions, operations, args.runs.max(1)) {
            Ok(result) => results.push(result),
            Err(message) => return fail(message),
        }
    }
    println!(
        "| crate | defs | ops | items | generated lines | lines/item | check ms | check ms/item | check peak MB | build ms | build ms/item | build peak MB | rlib KB |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for result in &results {
        let items = (result.definitions + result.operations) as f64;
        let mb = |kb: Option<u64>| kb.map_or("n/a".to_owned(), |kb| format!("{:.0}", kb as f64 / 1024.0));
        println!(
            "| {} | {} | {} | {items} | {} | {:.1} | {:.0} | {:.2} | {} | {:.0} | {:.2} | {} | {} |",
            result.name,
            result.definitions,
            result.operations,
            result.lines,
            result.lines as f64 / items,
            ms(result.check),
            ms(result.check) / items,
            mb(result.check_peak_kb),
            ms(result.build),
            ms(result.build) / items,
            mb(result.build_peak_kb),
            result.rlib_bytes.map_or("n/a".to_owned(), |bytes| format!("{:.0}", bytes as f64 / 1024.0)),
        );
    }
    if let [base, large] = results.as_slice() {
        let items = (large.definitions + large.operations) as f64 - (base.definitions + base.operations) as f64;
        println!(
            "\nmarginal cost per item (over the {}-definition crate): check {:.2} ms, build {:.2} ms",
            base.definitions,
            (ms(large.check) - ms(base.check)) / items,
            (ms(large.build) - ms(base.build)) / items
        );
    }
    println!(
        "times are wall clock of the cargo command (cargo's own start-up included), medians; peak = max RSS of cargo and rustc (`/usr/bin/time -v`)."
    );
    ExitCode::SUCCESS
}

struct Compiled {
    name: String,
    definitions: usize,
    operations: usize,
    lines: usize,
    check: Duration,
    check_peak_kb: Option<u64>,
    build: Duration,
    build_peak_kb: Option<u64>,
    rlib_bytes: Option<u64>,
}

fn compile_one(
    root: &Path,
    target: &Path,
    definitions: usize,
    operations: usize,
    runs: usize,
) -> Result<Compiled, String> {
    let name = format!("bench-synthetic-{definitions}");
    let options = synth::Options { definitions, operations, seed: 1 };
    let text = synth::synth(&options)?;
    let sources = [SourceFile { path: synth::SOURCE_PATH.to_owned(), text }];
    let files = restgen::generate(&sources).map_err(|diagnostics| diagnostics.to_string())?;
    let lines = files.iter().map(|file| file.contents.lines().count()).sum();
    let dir = target_dir(root).join("bench-compile").join(&name);
    xtask::scratch::write_crate(root, &dir, &name, &sources)?;

    eprintln!("{name}: building its dependencies (check and debug build, not timed)...");
    for command in ["check", "build"] {
        run_cargo(&dir, target, &[command], None)?;
    }
    let (check, check_peak_kb) = timed_cargo(&dir, target, &name, "check", runs)?;
    let (build, build_peak_kb) = timed_cargo(&dir, target, &name, "build", runs)?;
    let rlib_bytes = rlib_size(target, &name.replace('-', "_"));
    Ok(Compiled { name, definitions, operations, lines, check, check_peak_kb, build, build_peak_kb, rlib_bytes })
}

/// `cargo <command> -p <package>` timed `runs` times, each after `cargo clean -p` of that
/// package alone: the median time and the highest peak memory.
fn timed_cargo(
    dir: &Path,
    target: &Path,
    package: &str,
    command: &str,
    runs: usize,
) -> Result<(Duration, Option<u64>), String> {
    let [timed] = interleaved(dir, target, [package], command, runs)?;
    Ok(timed)
}

/// `cargo <command> -p` of each package after `cargo clean -p` of it, `runs` times, the packages
/// taking turns (A, B, A, B, ...) so that a machine that slows down or speeds up during the
/// measurement weighs on each alike: the median time and the peak memory of each.
fn interleaved<const N: usize>(
    dir: &Path,
    target: &Path,
    packages: [&str; N],
    command: &str,
    runs: usize,
) -> Result<[(Duration, Option<u64>); N], String> {
    let mut times = [(); N].map(|()| Vec::new());
    let mut peaks = [None; N];
    for run in 0..runs {
        for (index, package) in packages.iter().enumerate() {
            run_cargo(dir, target, &["clean", "-p", package], None)?;
            let report = dir.join(format!("time-{package}-{command}-{run}.txt"));
            let (elapsed, peak) = run_cargo(dir, target, &[command, "-p", package], Some(&report))?;
            eprintln!("{package}: cargo {command} {:.0} ms", ms(elapsed));
            times[index].push(elapsed);
            peaks[index] = peaks[index].max(peak);
        }
    }
    let mut times = times.into_iter();
    Ok(peaks.map(|peak| (median(times.next().unwrap_or_default()), peak)))
}

/// The size of the debug rlib of `library` under `target` (the largest, if several), if any.
fn rlib_size(target: &Path, library: &str) -> Option<u64> {
    let entries = std::fs::read_dir(target.join("debug").join("deps")).ok()?;
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            file.starts_with(&format!("lib{library}-")) && file.ends_with(".rlib")
        })
        .filter_map(|entry| entry.metadata().ok().map(|meta| meta.len()))
        .max()
}

/// Runs cargo in the crate; with `report`, under `/usr/bin/time -v` (when present) for the peak
/// memory. Returns the wall-clock time and the peak in kilobytes.
fn run_cargo(
    dir: &Path,
    target: &Path,
    args: &[&str],
    report: Option<&Path>,
) -> Result<(Duration, Option<u64>), String> {
    let time_tool = Path::new("/usr/bin/time");
    let mut command = match report {
        Some(report) if time_tool.exists() => {
            let mut command = Command::new(time_tool);
            command.arg("-v").arg("-o").arg(report).arg(cargo());
            command
        }
        _ => Command::new(cargo()),
    };
    command.args(args).args(["--offline", "--quiet"]).current_dir(dir).env("CARGO_TARGET_DIR", target);
    let start = Instant::now();
    let output = command.output().map_err(|error| format!("cargo {}: {error}", args.join(" ")))?;
    let elapsed = start.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let shown: String = stderr.chars().take(4_000).collect();
        return Err(format!("cargo {} failed:\n{shown}", args.join(" ")));
    }
    let peak = report.and_then(|report| std::fs::read_to_string(report).ok()).and_then(|text| {
        let line = text.lines().find(|line| line.contains("Maximum resident set size"))?;
        line.rsplit(':').next()?.trim().parse().ok()
    });
    Ok((elapsed, peak))
}

#[derive(clap::Args)]
pub struct AutorustArgs {
    /// Timed runs of each command; the median is shown.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Only this service (default: both): `datafactory` (datafactory-v2 against
    /// azure_mgmt_datafactory) or `network` (the corpus set network_network against
    /// azure_mgmt_network).
    #[arg(long, value_enum)]
    service: Option<Service>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Service {
    Datafactory,
    Network,
}

/// One side-by-side pair: a crate of this generator and autorust's crate of the same service.
struct Pair {
    service: Service,
    /// The package of this generator's crate.
    ours: &'static str,
    /// `None`: `ours` is the workspace folder of that name; `Some`: the crate is generated from
    /// this set of `vendor/azure-corpus/sets.txt` into the scratch workspace.
    corpus_set: Option<&'static str>,
    /// What `ours` is generated from, for the output.
    input: &'static str,
    autorust: &'static str,
    version: &'static str,
    /// autorust's feature of the same api-version as `input` (the closest one if it lacks it).
    feature: &'static str,
}

const PAIRS: &[Pair] = &[
    Pair {
        service: Service::Datafactory,
        ours: "datafactory-v2",
        corpus_set: None,
        input: "vendor/azure-datafactory-2018-06-01",
        autorust: "azure_mgmt_datafactory",
        version: "0.21.0",
        feature: "package-2018-06",
    },
    Pair {
        service: Service::Network,
        ours: "network-network",
        corpus_set: Some("network_network"),
        input: "corpus set network_network, Microsoft.Network stable/2018-12-01",
        autorust: "azure_mgmt_network",
        version: "0.21.0",
        feature: "package-2018-12",
    },
];

/// `cargo xtask bench-autorust`: each pair of `PAIRS` (this generator's crate against autorust's
/// crate of the same API, with only that API's `package-*` feature), in one scratch workspace:
/// dependencies built first, then `cargo clean -p` of each crate alone before each timed
/// `cargo check` and debug `cargo build`.
pub fn bench_autorust(args: &AutorustArgs) -> ExitCode {
    match autorust(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

/// A pair ready to measure: where our crate is and which autorust feature and sources it gets.
struct Prepared<'a> {
    pair: &'a Pair,
    ours_dir: PathBuf,
    feature: String,
    autorust_dir: PathBuf,
}

fn autorust(args: &AutorustArgs) -> Result<(), String> {
    let root = root()?;
    let dir = target_dir(&root).join("bench-autorust");
    let target = dir.join("target");
    std::fs::create_dir_all(dir.join("src")).map_err(|error| error.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), "//! Only its dependencies are measured.\n")
        .map_err(|error| error.to_string())?;
    let pairs: Vec<&Pair> = PAIRS.iter().filter(|pair| args.service.is_none_or(|only| only == pair.service)).collect();
    let mut ours = Vec::new();
    for pair in &pairs {
        ours.push(ours_crate(&root, &dir, pair)?);
    }
    // autorust's features are known only once cargo has unpacked its crate: resolve without them first.
    let unresolved: Vec<(&Pair, &Path, Option<&str>)> =
        pairs.iter().zip(&ours).map(|(pair, ours)| (*pair, ours.as_path(), None)).collect();
    write_autorust_manifest(&dir, &unresolved)?;
    eprintln!("fetching the crates of both sides...");
    let metadata = cargo_metadata(&dir)?;
    let mut prepared = Vec::new();
    for (pair, ours_dir) in pairs.iter().zip(ours) {
        let (manifest, features) = registry_package(&metadata, pair.autorust, pair.version)?;
        let feature = closest_feature(&features, pair.feature)
            .ok_or_else(|| format!("{} {} has no `package-*` feature", pair.autorust, pair.version))?;
        let autorust_dir = manifest.parent().unwrap_or(&manifest).join("src").join(feature.replace('-', "_"));
        prepared.push(Prepared { pair, ours_dir, feature, autorust_dir });
    }
    let resolved: Vec<(&Pair, &Path, Option<&str>)> =
        prepared.iter().map(|one| (one.pair, one.ours_dir.as_path(), Some(one.feature.as_str()))).collect();
    write_autorust_manifest(&dir, &resolved)?;
    eprintln!("building the dependencies of all crates (not timed; the first time takes minutes)...");
    for command in ["check", "build"] {
        let output = Command::new(cargo())
            .arg(command)
            .arg("--quiet")
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output();
        match output {
            Ok(output) if output.status.success() => {}
            Ok(output) => return Err(format!("cargo {command}: {}", String::from_utf8_lossy(&output.stderr))),
            Err(error) => return Err(format!("cargo {command}: {error}")),
        }
    }
    for one in &prepared {
        measure_pair(&dir, &target, one, args.runs.max(1))?;
    }
    println!(
        "\ntimes are wall clock of `cargo check -p` / `cargo build -p` after `cargo clean -p` of that crate alone, the two crates taking turns, medians; peak = max RSS (`/usr/bin/time -v`)."
    );
    Ok(())
}

/// Our side of `pair`: the workspace folder, or the crate generated from its corpus set into
/// `dir/crates/` (through the same `generate` and `write_crate` as `cargo xtask corpus`).
fn ours_crate(root: &Path, dir: &Path, pair: &Pair) -> Result<PathBuf, String> {
    let Some(set) = pair.corpus_set else {
        return std::path::absolute(root.join(pair.ours)).map_err(|error| error.to_string());
    };
    let inputs =
        crate::corpus::sets(root, Path::new(crate::corpus::AZURE_CORPUS), Path::new(crate::corpus::OPENAPI_CORPUS))?
            .into_iter()
            .find(|candidate| candidate.name == set)
            .ok_or_else(|| format!("the corpus has no set `{set}`"))?
            .inputs;
    let mut loader = |path: &str| std::fs::read_to_string(root.join(path)).map_err(|error| error.to_string());
    let generated = restgen::generate_from_inputs(&inputs, &mut loader, &restgen::Options::default())
        .map_err(|(errors, sources)| errors.render(&sources))?;
    let out = std::path::absolute(dir.join("crates").join(pair.ours)).map_err(|error| error.to_string())?;
    xtask::scratch::write_generated_crate(root, &out, pair.ours, &generated)?;
    Ok(out)
}

/// The scratch package depending on each pair's two crates (autorust's with only `feature`).
fn write_autorust_manifest(dir: &Path, pairs: &[(&Pair, &Path, Option<&str>)]) -> Result<(), String> {
    let mut dependencies = String::new();
    for (pair, ours, feature) in pairs {
        let features = feature.map(|feature| format!("\"{feature}\"")).unwrap_or_default();
        dependencies.push_str(&format!(
            "{} = {{ version = \"={}\", default-features = false, features = [{features}] }}\n{} = {{ path = \"{}\" }}\n",
            pair.autorust,
            pair.version,
            pair.ours,
            ours.display().to_string().replace('\\', "/"),
        ));
    }
    // A generated crate declares `[workspace]` itself, so `crates/` must not become a member.
    let manifest = format!(
        "[package]\nname = \"bench-autorust\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\nexclude = [\"crates\"]\n\n[dependencies]\n{dependencies}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|error| error.to_string())
}

/// `cargo metadata` of the scratch workspace (it fetches and unpacks every crate it resolves).
fn cargo_metadata(dir: &Path) -> Result<serde_json::Value, String> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--quiet"])
        .current_dir(dir)
        .output()
        .map_err(|error| format!("cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata: {}", String::from_utf8_lossy(&output.stderr)));
    }
    serde_json::from_slice(&output.stdout).map_err(|error| format!("cargo metadata: {error}"))
}

/// The manifest path and the feature names of package `name` `version` in `metadata`.
fn registry_package(metadata: &serde_json::Value, name: &str, version: &str) -> Result<(PathBuf, Vec<String>), String> {
    let packages = metadata["packages"].as_array().map(Vec::as_slice).unwrap_or_default();
    let package = packages
        .iter()
        .find(|package| package["name"] == name && package["version"] == version)
        .ok_or_else(|| format!("{name} {version} is not in the scratch workspace's dependencies"))?;
    let manifest = package["manifest_path"].as_str().ok_or("cargo metadata: no manifest_path")?;
    let features = package["features"].as_object().map(|features| features.keys().cloned().collect());
    Ok((PathBuf::from(manifest), features.unwrap_or_default()))
}

/// `wanted` (`package-YYYY-MM`) if `features` has it, else the `package-*` feature nearest in date.
fn closest_feature(features: &[String], wanted: &str) -> Option<String> {
    if features.iter().any(|feature| feature == wanted) {
        return Some(wanted.to_owned());
    }
    let month = |feature: &str| -> Option<i64> {
        let mut parts = feature.strip_prefix("package-")?.split('-');
        let year: i64 = parts.next()?.parse().ok()?;
        Some(year * 12 + parts.next()?.parse::<i64>().ok()?)
    };
    let goal = month(wanted)?;
    let nearest = features.iter().filter_map(|feature| Some(((month(feature)? - goal).abs(), feature))).min();
    nearest.map(|(_, feature)| feature.clone())
}

/// The table of one pair and its ratio of check time per public item.
fn measure_pair(dir: &Path, target: &Path, one: &Prepared, runs: usize) -> Result<(), String> {
    let pair = one.pair;
    let substitute = if one.feature == pair.feature {
        String::new()
    } else {
        format!(" (it has no `{}`: the closest instead)", pair.feature)
    };
    println!(
        "\n{} ({}) against {} {} with only `{}`{substitute}\n",
        pair.ours, pair.input, pair.autorust, pair.version, one.feature
    );
    println!(
        "| crate | generated lines | public structs and enums | check ms | check ms/item | check peak MB | build ms | build peak MB | rlib KB |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let rows = [
        (pair.ours.to_owned(), pair.ours, one.ours_dir.join("src/generated")),
        (format!("{} {}", pair.autorust, pair.version), pair.autorust, one.autorust_dir.clone()),
    ];
    let packages = rows.each_ref().map(|(_, package, _)| *package);
    let checks = interleaved(dir, target, packages, "check", runs)?;
    let builds = interleaved(dir, target, packages, "build", runs)?;
    let mut per_item = Vec::new();
    for (((name, package, sources), (check, check_peak)), (build, build_peak)) in
        rows.into_iter().zip(checks).zip(builds)
    {
        let (lines, items) = count_rust(&sources);
        let rlib = rlib_size(target, &package.replace('-', "_"));
        let mb = |kb: Option<u64>| kb.map_or("n/a".to_owned(), |kb| format!("{:.0}", kb as f64 / 1024.0));
        per_item.push(ms(check) / items as f64);
        println!(
            "| {name} | {lines} | {items} | {:.0} | {:.2} | {} | {:.0} | {} | {} |",
            ms(check),
            ms(check) / items as f64,
            mb(check_peak),
            ms(build),
            mb(build_peak),
            rlib.map_or("n/a".to_owned(), |bytes| format!("{:.0}", bytes as f64 / 1024.0)),
        );
    }
    if let [ours, theirs] = per_item.as_slice() {
        println!("\ncheck time per item: this generator's is {:.2}x autorust's ({})", ours / theirs, pair.ours);
    }
    Ok(())
}

/// Lines of the `.rs` files of `dir` (not recursive) and their public structs and enums, up to
/// an API file's `server` module (its last item): the benchmark checks the default features,
/// which do not compile it, so its items are not counted.
fn count_rust(dir: &Path) -> (usize, usize) {
    let (mut lines, mut items) = (0, 0);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let compiled = text.lines().take_while(|line| *line != "#[cfg(feature = \"server\")]");
        for line in compiled {
            lines += 1;
            let line = line.trim_start();
            items += usize::from(line.starts_with("pub struct ") || line.starts_with("pub enum "));
        }
    }
    (lines, items)
}
