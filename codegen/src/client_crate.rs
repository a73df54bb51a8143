//! The files around the generated modules that make a client crate: its manifest (one feature
//! per API, the runtime by version, relative path or git), its README and its root, whose docs
//! show how to call the crate's own operations.

use crate::GeneratedFile;
use crate::ir::{Api, Ir, Operation};
use crate::output::GENERATED_TREE;
use std::path::Path;

/// The version of `restgen-runtime` a generated crate asks for by default: the runtime this
/// generator's code is written against (the workspace checks it against `runtime/Cargo.toml`).
pub const RUNTIME_VERSION: &str = "0.1.0";

/// Where a generated crate takes `restgen-runtime` from. Nothing in it is absolute, so the crate
/// builds wherever it is moved or committed (a path moves with the crate it is relative to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// From a registry, by version requirement (`0.1.0`).
    Version(String),
    /// A folder, relative to the generated crate (`../runtime`).
    Path(String),
    /// A git repository, at a branch, tag or commit if given.
    Git { url: String, rev: Option<String> },
}

impl RuntimeDependency {
    /// Reads the `--runtime` option: `version=<REQ>`, `path=<DIR>` (relative to the current
    /// folder; written relative to the crate at `out`) or `git=<URL>[#<REV>]`.
    pub fn parse(option: &str, out: &Path) -> Result<Self, String> {
        let (kind, value) = option.split_once('=').ok_or_else(|| {
            format!("`--runtime {option}`: expected `version=<REQ>`, `path=<DIR>` or `git=<URL>[#<REV>]`")
        })?;
        if value.is_empty() {
            return Err(format!("`--runtime {option}`: the {kind} is empty"));
        }
        match kind {
            "version" => Ok(RuntimeDependency::Version(value.to_owned())),
            "path" => Self::path_from(out, Path::new(value)),
            "git" => Ok(match value.split_once('#') {
                Some((url, rev)) => RuntimeDependency::Git { url: url.to_owned(), rev: Some(rev.to_owned()) },
                None => RuntimeDependency::Git { url: value.to_owned(), rev: None },
            }),
            _ => Err(format!("`--runtime {option}`: `{kind}` is not one of `version`, `path`, `git`")),
        }
    }

    /// The runtime folder `runtime_dir` as seen from the crate at `crate_dir`.
    pub fn path_from(crate_dir: &Path, runtime_dir: &Path) -> Result<Self, String> {
        crate::output::relative_to(runtime_dir, crate_dir).map(RuntimeDependency::Path)
    }

    /// The inline table of the dependency, without its features.
    fn table(&self) -> String {
        match self {
            RuntimeDependency::Version(version) => format!("version = {version:?}"),
            RuntimeDependency::Path(path) => format!("path = {path:?}"),
            RuntimeDependency::Git { url, rev: None } => format!("git = {url:?}"),
            RuntimeDependency::Git { url, rev: Some(rev) } => format!("git = {url:?}, rev = {rev:?}"),
        }
    }
}

impl Default for RuntimeDependency {
    fn default() -> Self {
        RuntimeDependency::Version(RUNTIME_VERSION.to_owned())
    }
}

/// What a client crate is called, what it is generated from and where it takes the runtime from.
#[derive(Debug, Clone, Copy)]
pub struct CrateSettings<'a> {
    /// The crate's name.
    pub name: &'a str,
    /// The inputs as the command was given them (not the files their `$ref`s name): the
    /// README's command to regenerate the crate names them.
    pub inputs: &'a [String],
    /// Where the crate takes `restgen-runtime` from.
    pub runtime: &'a RuntimeDependency,
}

/// Every file of the client crate: `Cargo.toml`, `README.md`, `src/lib.rs` and the generated
/// modules `generated` (from [`crate::generate_from_inputs`] or [`crate::generate_report`] on
/// the sources `ir` was lowered from) under `src/generated/`. Each file's first line carries
/// the `@generated` marker; a user who removes it from `Cargo.toml`, `README.md` or
/// `src/lib.rs` keeps that file as their own ([`crate::output::write_crate`] leaves it alone).
pub fn crate_files(settings: &CrateSettings, ir: &Ir, generated: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let name = settings.name;
    let header = crate::render::header_line(&ir.sources);
    let manifest = manifest(name, ir, settings.runtime);
    let mut files = vec![
        GeneratedFile { path: "Cargo.toml".into(), contents: format!("# {header}\n{manifest}") },
        GeneratedFile { path: "README.md".into(), contents: format!("<!-- {header} -->\n\n{}", readme(settings, ir)) },
        GeneratedFile { path: "src/lib.rs".into(), contents: format!("// {header}\n\n{}", lib_rs(name, ir)) },
    ];
    files.extend(generated.iter().map(|file| GeneratedFile {
        path: format!("{GENERATED_TREE}/{}", file.path),
        contents: file.contents.clone(),
    }));
    files
}

/// The manifest: one Cargo feature per API (all on by default, with the client and its reqwest
/// transport), the runtime crate as `runtime` says. `[workspace]` keeps it out of any
/// workspace around it.
fn manifest(name: &str, ir: &Ir, runtime: &RuntimeDependency) -> String {
    let apis: Vec<String> = ir.apis.iter().map(|api| api.module.clone()).collect();
    let comments = ir.apis.iter().map(|api| one_line(&api.title)).chain([
        "The async `Client` (needs a tokio runtime).".to_owned(),
        "The default transport of the `Client`: reqwest with rustls.".to_owned(),
        "The server side of each API: a `Service` trait and an `axum` router (off by default).".to_owned(),
    ]);
    let features: String = gating_features(&apis)
        .iter()
        .zip(comments)
        .map(|((name, value), comment)| format!("## {comment}\n{name} = {value}\n"))
        .collect();
    let defaults: Vec<String> = gating_features(&apis)
        .iter()
        .filter(|(name, _)| name != "server")
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    let description = format!("A client for {}, generated by restgen.", titles(ir));
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
description = {description:?}
readme = "README.md"
publish = false

# Not a member of any workspace around it.
[workspace]

[features]
default = [{defaults}]
{features}
[dependencies]
restgen-runtime = {{ {runtime}, default-features = false }}
http = "1"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
"#,
        defaults = defaults.join(", "),
        runtime = runtime.table(),
    )
}

/// The crate root: its docs (what it holds, and how to call it), then [`root_items`].
fn lib_rs(name: &str, ir: &Ir) -> String {
    let docs: String = crate_docs(name, ir, true)
        .iter()
        .map(|line| format!("//!{}{line}\n", if line.is_empty() { "" } else { " " }))
        .collect();
    format!("{docs}\n{}", root_items(None))
}

/// What a client crate's root holds besides its docs: the runtime as `runtime`, the generated
/// modules (from `src/generated/`, or the `mod.rs` at `module_path` when generated elsewhere,
/// as into a build script's `OUT_DIR`), and the runtime items the generated code names at the
/// crate root.
pub(crate) fn root_items(module_path: Option<&str>) -> String {
    let path = module_path.map_or_else(String::new, |path| format!("#[path = {path:?}]\n"));
    format!(
        "/// The runtime the generated code calls, shared by every generated client crate.
pub use restgen_runtime as runtime;

{path}#[rustfmt::skip]
mod generated;

pub use generated::*;
pub use runtime::{{BaseUrl, Error, Operation, Response}};
#[cfg(feature = \"client\")]
pub use runtime::{{RetryPolicy, StaticToken}};
"
    )
}

/// The Cargo features the generated code is gated on, with their values in a generated
/// manifest: one per API (`[]`), `client`, `reqwest` and `server`.
fn gating_features(apis: &[String]) -> Vec<(String, String)> {
    let mut features: Vec<(String, String)> = apis.iter().map(|api| (api.clone(), "[]".to_owned())).collect();
    features.push(("client".into(), r#"["restgen-runtime/client"]"#.into()));
    features.push(("reqwest".into(), r#"["client", "restgen-runtime/reqwest"]"#.into()));
    features.push(("server".into(), r#"["restgen-runtime/server"]"#.into()));
    features
}

/// The gating features (name and value) that the manifest text `manifest` does not declare:
/// a hand-written manifest around generated code must declare each, or its API compiles out.
pub fn missing_features(manifest: &str, apis: &[String]) -> Vec<(String, String)> {
    let declared = |name: &str| {
        manifest
            .lines()
            .any(|line| line.trim_start().strip_prefix(name).is_some_and(|rest| rest.trim_start().starts_with('=')))
    };
    gating_features(apis).into_iter().filter(|(name, _)| !declared(name)).collect()
}

/// The README: the crate docs, as Markdown for a repository page (no hidden example lines,
/// links as text), and how to regenerate the crate.
fn readme(settings: &CrateSettings, ir: &Ir) -> String {
    let name = settings.name;
    let mut text = format!("# {name}\n\n");
    for line in crate_docs(name, ir, false) {
        text.push_str(&line);
        text.push('\n');
    }
    let inputs = settings.inputs.join(" ");
    let command =
        format!("restgen generate {inputs} --out <this folder> --name {name}{}", runtime_option(settings.runtime));
    text.push_str(&format!(
        "\n## Regenerating\n\nEvery file here is written by restgen from `{inputs}` (each says so on its first line), \
         from the folder those paths are relative to:\n\n\
         ```sh\n{command}\n{command} --check   # fails with a diff when stale\n```\n\n\
         Remove the first line of `Cargo.toml`, `README.md` or `src/lib.rs` to make that file your own: \
         regenerating then leaves it alone.\n"
    ));
    text
}

/// The `--runtime` option that writes `runtime` again (none for the default).
fn runtime_option(runtime: &RuntimeDependency) -> String {
    match runtime {
        RuntimeDependency::Version(version) if version == RUNTIME_VERSION => String::new(),
        RuntimeDependency::Version(version) => format!(" --runtime version={version}"),
        RuntimeDependency::Path(path) => format!(" --runtime path=<this folder>/{path}"),
        RuntimeDependency::Git { url, rev: None } => format!(" --runtime git={url}"),
        RuntimeDependency::Git { url, rev: Some(rev) } => format!(" --runtime git={url}#{rev}"),
    }
}

/// The crate's documentation, line by line: what it holds, then a usage example that calls
/// its own operations (compiled as a doc test). `rustdoc` keeps the example's scaffolding as
/// hidden lines and links items; otherwise both are left out (for the README).
fn crate_docs(name: &str, ir: &Ir, rustdoc: bool) -> Vec<String> {
    let krate = name.replace('-', "_");
    let code = |text: &str| if rustdoc { format!("[`{text}`]") } else { format!("`{text}`") };
    let mut lines = vec![
        format!("A client for {}, generated by restgen from {}.", titles(ir), quoted(&ir.source_files())),
        String::new(),
        format!("One module and Cargo feature per API (all on by default), and {} with every model:", code("models")),
    ];
    lines.push(String::new());
    for api in &ir.apis {
        let version = if api.version.is_empty() { String::new() } else { format!(", version `{}`", api.version) };
        lines.push(format!(
            "- {}: {}{version}, {} operation{}.",
            code(&api.module),
            one_line(&api.title),
            api.operations.len(),
            if api.operations.len() == 1 { "" } else { "s" }
        ));
    }
    lines.extend([
        String::new(),
        "Each operation is a request builder: required parameters go to `new` (or to the client's \
         method), optional ones are chained setters. Its docs give the HTTP method and path."
            .into(),
        String::new(),
        "# Usage".into(),
        String::new(),
    ]);
    lines.extend(usage(&krate, ir, rustdoc));
    lines.extend([
        String::new(),
        format!(
            "Without the `client` feature the crate is sans-IO: a builder's `build()` gives an \
             `http::Request`, and `parse_response` reads the `http::Response` your own HTTP client got \
             (both from the {} trait).",
            code("Operation")
        ),
    ]);
    lines
}

/// The usage example: build the client, call one operation and read its error, page through
/// a list, wait for a long-running operation, as far as the crate has such operations whose
/// arguments are all text (so that string literals can stand for them).
fn usage(krate: &str, ir: &Ir, rustdoc: bool) -> Vec<String> {
    let callable = || {
        ir.apis
            .iter()
            .flat_map(|api| api.operations.iter().map(move |operation| (api, operation)))
            .filter(|(_, operation)| operation.takes_only_text())
    };
    let call = callable().find(|(_, operation)| operation.method == "GET").or_else(|| callable().next());
    let paged = callable().find(|(_, operation)| crate::emit::continuation::page_shape(ir, operation).is_some());
    let waited = callable().find(|(_, operation)| operation.long_running.is_some());
    // Written as rustdoc reads it: lines starting with `# ` (or a lone `#`) are compiled but
    // hidden; the README leaves them out.
    let mut code = format!("use {krate}::{{BaseUrl, Client, StaticToken}};\n");
    if paged.is_some() {
        code.push_str(&format!("use {krate}::runtime::TryStreamExt;\n"));
    }
    code.push_str(
        "#
# async fn example() -> Result<(), Box<dyn std::error::Error>> {
// A credential (each API module's docs name the kind its API takes), and a base URL
// only to call another server than the spec's.
let client = Client::builder(StaticToken::new(\"my-token\"))
    .base_url(BaseUrl::parse(\"http://127.0.0.1:8080\")?)
    .build()?;
",
    );
    if let Some((api, operation)) = call {
        code.push_str(&format!(
            "
// `{id}`: {method_and_path}
match {call}.send().await {{
    Ok(answer) => println!(\"{{answer:?}}\"),
    // A status the spec does not declare a success: the service's code and message.
    Err({krate}::Error::Service(error)) => {{
        eprintln!(\"{{}}: {{:?}} {{:?}}\", error.status, error.code(), error.message());
    }}
    Err(other) => return Err(other.into()),
}}
",
            id = operation.id,
            method_and_path = method_and_path(operation),
            call = client_call(api, operation),
        ));
    }
    if let Some((api, operation)) = paged {
        code.push_str(&format!(
            "
// `{id}`, page by page (following the service's next links)
let mut pages = std::pin::pin!({call}.pages());
while let Some(page) = pages.try_next().await? {{
    println!(\"{{page:?}}\");
}}
",
            id = operation.id,
            call = client_call(api, operation),
        ));
    }
    if let Some((api, operation)) = waited {
        code.push_str(&format!(
            "
// `{id}` runs long: `wait` polls until it ends, and gives what it made
let done = {call}.wait(&{krate}::runtime::Polling::default()).await?;
println!(\"{{done:?}}\");
",
            id = operation.id,
            call = client_call(api, operation),
        ));
    }
    code.push_str("# Ok(())\n# }\n");
    let hidden = |line: &&str| *line == "#" || line.starts_with("# ");
    let mut lines = vec![if rustdoc { "```no_run".to_owned() } else { "```rust".to_owned() }];
    lines.extend(code.lines().filter(|line| rustdoc || !hidden(line)).map(str::to_owned));
    lines.push("```".into());
    if let Some((api, operation)) =
        call.filter(|(_, operation)| operation.failures.iter().any(|failure| failure.body.is_some()))
    {
        lines.push(String::new());
        lines.push(format!(
            "`{}::{}::error_body(&error)` reads an error's body as the type the spec declares for its status.",
            api.module, operation.name
        ));
    }
    lines
}

/// `client.<api>().<operation>("<name>", ...)`, each argument its name in the spec.
fn client_call(api: &Api, operation: &Operation) -> String {
    let arguments: Vec<String> = operation
        .params
        .iter()
        .filter(|param| param.is_argument())
        .map(|param| format!("{:?}", param.spec_name))
        .collect();
    format!("client.{}().{}({})", api.client_method, operation.client_method, arguments.join(", "))
}

fn method_and_path(operation: &Operation) -> String {
    format!("{} {}", operation.method, operation.path_template)
}

/// The APIs' titles, as a phrase.
fn titles(ir: &Ir) -> String {
    let mut titles: Vec<String> = Vec::new();
    for api in &ir.apis {
        let title = one_line(&api.title);
        if !titles.contains(&title) {
            titles.push(title);
        }
    }
    // An import names each operation group's API `<title>: <group>`: one title says it all.
    let shared = titles.first().and_then(|first| first.split_once(": ")).map(|(prefix, _)| format!("{prefix}: "));
    if let Some(prefix) =
        shared.filter(|prefix| titles.len() > 1 && titles.iter().all(|title| title.starts_with(prefix.as_str())))
    {
        return prefix.trim_end_matches(": ").to_owned();
    }
    match titles.as_slice() {
        [] => "an API without operations".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

/// A title on one line (titles come from the input and may hold line breaks).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::RuntimeDependency;
    use std::path::Path;

    #[test]
    fn the_runtime_option_reads_each_form_and_refuses_others() {
        let out = Path::new("out");
        assert_eq!(RuntimeDependency::parse("version=0.2", out), Ok(RuntimeDependency::Version("0.2".into())));
        let git = RuntimeDependency::parse("git=https://example.test/r.git#v1", out).unwrap();
        assert_eq!(git, RuntimeDependency::Git { url: "https://example.test/r.git".into(), rev: Some("v1".into()) });
        assert!(git.table().contains(r#"rev = "v1""#));
        assert!(RuntimeDependency::parse("crates.io", out).unwrap_err().contains("expected `version=<REQ>`"));
        assert!(RuntimeDependency::parse("tag=1", out).unwrap_err().contains("`tag` is not one of"));
        assert!(RuntimeDependency::parse("path=", out).unwrap_err().contains("empty"));
    }

    #[test]
    fn a_manifest_must_declare_each_feature_the_generated_code_is_gated_on() {
        let apis = ["pets".to_owned(), "owners".to_owned()];
        let manifest = "[features]\npets_extra = []\nowners = []\nclient = [\"restgen-runtime/client\"]\n";
        let missing: Vec<String> = super::missing_features(manifest, &apis).into_iter().map(|(name, _)| name).collect();
        assert_eq!(missing, ["pets", "reqwest", "server"]);
    }

    #[test]
    fn a_runtime_path_is_written_relative_to_the_crate() {
        let out = std::env::temp_dir().join("crates/one");
        let runtime = std::env::temp_dir().join("work/runtime");
        let dependency = RuntimeDependency::parse(&format!("path={}", runtime.display()), &out).unwrap();
        assert_eq!(dependency, RuntimeDependency::Path("../../work/runtime".into()));
    }
}
