//! The generator's stages and the whole of it, on the real spec and on synthetic specs of 100,
//! 1,000 and 10,000 definitions (`cargo bench -p restgen`; one size:
//! `cargo bench -p restgen -- synthetic_1000`).
//!
//! `emit` and `render` are private stages: `end_to_end` minus `parse` and `lower` is their sum, and
//! `render_floor` (`syn::parse_str` + `prettyplease::unparse` of the output) approximates render
//! alone. `cargo xtask bench` prints the same figures as one table, with peak memory.

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use restgen::{SourceFile, generate, lower, lower_sources, parse};
use std::hint::black_box;
use std::time::Duration;

#[path = "../../xtask/src/synth.rs"]
#[allow(dead_code)]
mod synth;

/// The spec folder's files, sorted by path as the xtask reads them.
fn real_spec() -> Vec<SourceFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut sources: Vec<SourceFile> = std::fs::read_dir(&dir)
        .expect("the spec folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| SourceFile {
            path: format!("spec/{}", path.file_name().expect("a name").to_string_lossy()),
            text: std::fs::read_to_string(&path).expect("a spec file"),
        })
        .collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    sources
}

fn synthetic(definitions: usize) -> Vec<SourceFile> {
    let text = synth::synth(&synth::Options::new(definitions)).expect("a synthetic spec");
    vec![SourceFile { path: synth::SOURCE_PATH.to_owned(), text }]
}

fn stages(c: &mut Criterion) {
    let inputs = [
        ("real", real_spec()),
        ("synthetic_100", synthetic(100)),
        ("synthetic_1000", synthetic(1_000)),
        ("synthetic_10000", synthetic(10_000)),
    ];
    for (name, sources) in &inputs {
        let parsed: Vec<lower::ParsedFile> = sources
            .iter()
            .map(|source| lower::ParsedFile { path: source.path.clone(), spec: parse::parse(source).expect("parses") })
            .collect();
        let files = generate(sources).unwrap_or_else(|diagnostics| panic!("{name}: {diagnostics}"));
        let mut group = c.benchmark_group(*name);
        // Keep `cargo bench` to a few minutes on 2 cores: a 10,000-definition run takes seconds.
        group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
        if name.ends_with("10000") {
            group.sampling_mode(SamplingMode::Flat);
        }
        group.bench_function(BenchmarkId::from_parameter("parse"), |b| {
            b.iter(|| sources.iter().filter(|source| parse::parse(black_box(source)).is_ok()).count())
        });
        group.bench_function(BenchmarkId::from_parameter("lower"), |b| {
            b.iter(|| lower::lower(black_box(&parsed), "en").is_ok())
        });
        group.bench_function(BenchmarkId::from_parameter("parse_and_lower"), |b| {
            b.iter(|| lower_sources(black_box(sources)).is_ok())
        });
        group.bench_function(BenchmarkId::from_parameter("render_floor"), |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|file| {
                        let parsed: syn::File = syn::parse_str(black_box(&file.contents)).expect("parses");
                        prettyplease::unparse(&parsed).len()
                    })
                    .sum::<usize>()
            })
        });
        group.bench_function(BenchmarkId::from_parameter("end_to_end"), |b| {
            b.iter(|| generate(black_box(sources)).is_ok())
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
