//! Reading speed per kilobyte, own YAML against imported formats: `cargo bench -p
//! restgen --bench reading` (options: `-- --rounds 50 --only Swagger`).
//!
//! Reading is text to spec model: `parse::parse` for the own format, `import::read` (tree
//! parse, `$ref`s followed, conversion) for Swagger and OpenAPI; `tree` is the tree parse alone.
//! Prints the median and the best of the rounds, in ms and in ms per KB of input.

use restgen::{SourceFile, import, parse};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../../xtask/src/synth.rs"]
#[allow(dead_code)]
mod synth;

const DATA_FACTORY: &str = "vendor/azure-datafactory-2018-06-01";

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn file(path: &str) -> SourceFile {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_else(|error| panic!("{path}: {error}"));
    SourceFile { path: path.to_owned(), text }
}

/// The median and the best of `rounds` timed runs, after one warm-up run.
fn time(rounds: usize, mut run: impl FnMut()) -> (Duration, Duration) {
    run();
    let mut times: Vec<Duration> = (0..rounds.max(1))
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

/// One timed input: a name, its size, and what reading it runs.
struct Case<'a> {
    name: String,
    bytes: usize,
    run: Box<dyn FnMut() + 'a>,
}

fn case<'a>(name: impl Into<String>, bytes: usize, run: impl FnMut() + 'a) -> Case<'a> {
    Case { name: name.into(), bytes, run: Box::new(run) }
}

/// The tree parse alone, then the whole read, of an input whose first path is the entry point.
fn imported<'a>(name: &str, texts: &'a HashMap<String, String>, entry: &str) -> [Case<'a>; 2] {
    let bytes = texts.values().map(String::len).sum();
    let inputs = [entry.to_owned()];
    let tree = move || texts.iter().for_each(|(path, text)| drop(black_box(import::parse_document(path, text))));
    let read = move || {
        let mut loader = |path: &str| texts.get(path).cloned().ok_or_else(|| format!("{path}: not vendored"));
        drop(black_box(import::read(&inputs, &mut loader, false)));
    };
    [case(format!("{name}, tree"), bytes, tree), case(format!("{name}, read"), bytes, read)]
}

/// The files of an imported input, by path, so that timing reads no disk.
fn files(paths: &[String]) -> HashMap<String, String> {
    paths.iter().map(|path| (path.clone(), file(path).text)).collect()
}

fn main() {
    let arguments: Vec<String> = std::env::args().collect();
    let option = |name: &str| {
        arguments.iter().position(|argument| argument == name).and_then(|index| arguments.get(index + 1)).cloned()
    };
    let rounds = option("--rounds").and_then(|rounds| rounds.parse().ok()).unwrap_or(20);
    let only = option("--only").unwrap_or_default();

    let mut own: Vec<SourceFile> = std::fs::read_dir(root().join("spec"))
        .expect("the spec folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".yaml"))
        .map(|name| file(&format!("spec/{name}")))
        .collect();
    own.sort_by(|a, b| a.path.cmp(&b.path));
    let text = synth::synth(&synth::Options::new(1_000)).expect("a synthetic spec");
    let synthetic = SourceFile { path: synth::SOURCE_PATH.to_owned(), text };
    let entity_types = ["Dataset", "IntegrationRuntime", "LinkedService", "Pipeline", "Trigger"];
    let mut data_factory = vec![format!("{DATA_FACTORY}/datafactory.json")];
    data_factory.extend(entity_types.iter().map(|name| format!("{DATA_FACTORY}/entityTypes/{name}.json")));
    let data_factory_texts = files(&data_factory);
    let nexus = ["vendor/progenitor-nexus/nexus.json".to_owned()];
    let nexus_texts = files(&nexus);

    let mut cases = vec![
        case("own YAML: spec/", own.iter().map(|source| source.text.len()).sum(), || {
            own.iter().for_each(|source| drop(black_box(parse::parse(source))))
        }),
        case("own YAML: synthetic 1000", synthetic.text.len(), || drop(black_box(parse::parse(&synthetic)))),
    ];
    cases.extend(imported("Swagger 2.0: Data Factory", &data_factory_texts, &data_factory[0]));
    cases.extend(imported("OpenAPI 3.0: nexus", &nexus_texts, &nexus[0]));

    println!("rounds: {rounds}\n");
    println!("| input | KB | median ms | best ms | median ms/KB | best ms/KB |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for mut case in cases.into_iter().filter(|case| case.name.contains(&only)) {
        let (median, best) = time(rounds, &mut case.run);
        let kb = case.bytes as f64 / 1024.0;
        let ms = |duration: Duration| duration.as_secs_f64() * 1e3;
        println!(
            "| {} | {kb:.0} | {:.2} | {:.2} | {:.4} | {:.4} |",
            case.name,
            ms(median),
            ms(best),
            ms(median) / kb,
            ms(best) / kb
        );
    }
}
