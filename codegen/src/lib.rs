//! restgen: Rust client crates from OpenAPI 3.x, Swagger 2.0 (with Azure's `x-ms-` extensions)
//! or its own YAML spec.
//!
//! The pipeline is pure: [`generate`] and [`generate_from_inputs`] take texts (read through the
//! caller's loader) and return file contents or diagnostics; they read no clock and no
//! environment. The stages, one module each: [`parse`] (YAML to [`spec`] types), [`import`]
//! (Swagger and OpenAPI to the same types), [`lower`] (checks, names and order, into the [`ir`]),
//! `emit` (IR to tokens with `quote!`) and `render` (`syn` + `prettyplease`).
//! [`client_crate`] adds the manifest, README and root that make a crate.
//!
//! Two modules touch the disk, for the callers that ask them to: [`output`] writes (or checks) a
//! crate so that a failure leaves what was there, and [`build`] generates from a build script
//! into `OUT_DIR`. The `restgen` command (the `restgen-cli` package) is built on both.

pub mod build;
pub mod client_crate;
pub mod diagnostics;
mod emit;
pub mod export;
pub mod import;
pub mod ir;
pub mod lower;
pub mod output;
pub mod parse;
mod render;
pub mod spec;

pub use diagnostics::{Diagnostic, Diagnostics, Severity, SourceIndex};
pub use emit::server::form_body_shape;
pub use emit::type_path;
pub use export::{ExportedFile, export_openapi};

/// One spec file: its path (as shown in diagnostics and headers) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// One generated file: its path below the generated folder and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// What a successful run gives: the files, and warnings about the spec that did not stop it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Generates every file from the spec. The same sources always give the same bytes.
pub fn generate(sources: &[SourceFile]) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_report(sources).map(|generated| generated.files)
}

/// Generates every file from the spec, with the warnings found on the way.
pub fn generate_report(sources: &[SourceFile]) -> Result<Generated, Diagnostics> {
    generate_in_locale(sources, "en")
}

/// Generates with doc comments in `locale` (such as `pt-BR`), falling back to English per
/// element; the code is the same in every locale. Warns of elements without a translation in
/// files that have some.
pub fn generate_in_locale(sources: &[SourceFile], locale: &str) -> Result<Generated, Diagnostics> {
    let (ir, warnings) = lower_with_warnings(sources, locale)?;
    emit_and_render(&ir, warnings)
}

/// How [`generate_from_inputs`] reads and writes.
#[derive(Debug, Clone)]
pub struct Options {
    /// The locale of doc comments (`en` by default), as for [`generate_in_locale`].
    pub locale: String,
    /// Every warning of the readers (something read less precisely than written) is an error.
    pub strict: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { locale: "en".to_owned(), strict: false }
    }
}

/// What [`generate_from_inputs`] gives: the generated files and warnings, the names of the
/// APIs (one module and Cargo feature each), and every file read (to render diagnostics).
#[derive(Debug)]
pub struct GeneratedFromInputs {
    pub generated: Generated,
    pub apis: Vec<String>,
    pub sources: Vec<SourceFile>,
    /// What the files were generated from: for programs that call the crate (test harnesses).
    pub ir: ir::Ir,
}

/// Generates from input files of any supported format (the own YAML spec, Swagger 2.0, OpenAPI
/// 3.0 and 3.1; JSON or YAML), told apart by their content. `inputs` are paths handed to `loader`, as are the paths
/// of the files their `$ref`s name (relative to the referring file). Every stage after reading
/// is the one [`generate_in_locale`] runs. On failure, the diagnostics come with every file
/// read, to render them.
pub fn generate_from_inputs(
    inputs: &[String],
    loader: &mut dyn import::Loader,
    options: &Options,
) -> Result<GeneratedFromInputs, (Diagnostics, Vec<SourceFile>)> {
    let (ir, warnings, sources) = lower_from_inputs(inputs, loader, options)?;
    let apis = ir.apis.iter().map(|api| api.module.clone()).collect();
    let generated = emit_and_render(&ir, warnings).map_err(|errors| (errors, sources.clone()))?;
    Ok(GeneratedFromInputs { generated, apis, sources, ir })
}

/// Reads and lowers input files as [`generate_from_inputs`] does: the IR, the warnings (each
/// about an imported file naming its JSON pointer) and every file read.
#[allow(clippy::type_complexity)]
pub fn lower_from_inputs(
    inputs: &[String],
    loader: &mut dyn import::Loader,
    options: &Options,
) -> Result<(ir::Ir, Vec<Diagnostic>, Vec<SourceFile>), (Diagnostics, Vec<SourceFile>)> {
    let imported = import::read(inputs, loader, options.strict)?;
    let (ir, mut warnings) = match lower::lower(&imported.files, &options.locale) {
        Ok(lowered) => lowered,
        Err(Diagnostics(mut errors)) => {
            errors.extend(imported.warnings.iter().cloned());
            imported.add_pointers(&mut errors);
            errors.sort();
            return Err((Diagnostics(errors), imported.sources));
        }
    };
    warnings.extend(imported.warnings.iter().cloned());
    imported.add_pointers(&mut warnings);
    warnings.sort();
    Ok((ir, warnings, imported.sources))
}

/// The stages after lowering, shared by every entry point: emit and render every file.
fn emit_and_render(ir: &ir::Ir, warnings: Vec<Diagnostic>) -> Result<Generated, Diagnostics> {
    let pieces = emit::plan(ir);
    let mut files: Vec<GeneratedFile> = Vec::new();
    let mut errors = Vec::new();
    render_pieces(ir, &pieces, |index, text| {
        let path = &pieces[index].0;
        match text {
            Ok(text) => match files.last_mut().filter(|file| &file.path == path) {
                Some(file) => file.contents.push_str(&text),
                None => files.push(GeneratedFile { path: path.clone(), contents: render::header(&ir.sources) + &text }),
            },
            Err(message) => errors.push(Diagnostic::error(path, 0, 0, message)),
        }
    });
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, warnings })
}

/// The JSON Schema of the spec format, made from the spec's own types, for editors
/// (`# yaml-language-server: $schema=./spec.schema.json` at the top of each spec file).
pub fn spec_json_schema() -> String {
    let schema = schemars::schema_for!(spec::SpecFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Emits and renders every piece, on as many threads as there are cores (tokens are not `Send`,
/// so each thread emits its own pieces from the shared IR), and hands each text to `deliver` in
/// piece order, so the output does not depend on the number of threads. A text is handed over
/// as soon as the ones before it are: few are held at once, not the whole output.
fn render_pieces(
    ir: &ir::Ir,
    pieces: &[(String, emit::Piece)],
    mut deliver: impl FnMut(usize, Result<String, String>),
) {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(pieces.len()).max(1);
    let render = |index: usize| {
        let (path, piece) = &pieces[index];
        render::render(path, emit::emit(ir, *piece))
    };
    if threads == 1 {
        (0..pieces.len()).for_each(|index| deliver(index, render(index)));
        return;
    }
    let (done, arrivals) = std::sync::mpsc::channel::<(usize, Result<String, String>)>();
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for worker in 0..threads {
            let (render, done) = (&render, done.clone());
            workers.push(scope.spawn(move || {
                for index in (worker..pieces.len()).step_by(threads) {
                    if done.send((index, render(index))).is_err() {
                        return;
                    }
                }
            }));
        }
        drop(done);
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (index, text) in arrivals {
            waiting.insert(index, text);
            while let Some(text) = waiting.remove(&next) {
                deliver(next, text);
                next += 1;
            }
        }
        // Joined here, a thread that panicked does not take the generator down with it: it sent
        // nothing more, so its pieces (and those after) become errors.
        for worker in workers {
            let _ = worker.join();
        }
        for index in next..pieces.len() {
            let text = waiting.remove(&index);
            deliver(index, text.unwrap_or_else(|| Err("internal error: a rendering thread panicked".to_owned())));
        }
    });
}

/// Parses and lowers the sources (sorted by path, so their order does not matter).
pub fn lower_sources(sources: &[SourceFile]) -> Result<ir::Ir, Diagnostics> {
    lower_with_warnings(sources, "en").map(|(ir, _)| ir)
}

fn lower_with_warnings(sources: &[SourceFile], locale: &str) -> Result<(ir::Ir, Vec<Diagnostic>), Diagnostics> {
    let mut sources: Vec<&SourceFile> = sources.iter().collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    let mut broken_definitions = std::collections::HashSet::new();
    for source in sources {
        match parse::parse(source) {
            Ok(spec) => parsed.push(lower::ParsedFile { path: source.path.clone(), spec }),
            Err(diagnostic) => {
                errors.push(diagnostic);
                broken_definitions.extend(parse::declared_definitions(source));
            }
        }
    }
    // Every file that parses is still checked, so one run reports the mistakes of every file.
    let lowered = lower::lower_beside_broken(&parsed, locale, &broken_definitions);
    if errors.is_empty() {
        return lowered;
    }
    if let Err(Diagnostics(more)) = lowered {
        errors.extend(more);
    }
    errors.sort();
    Err(Diagnostics(errors))
}
