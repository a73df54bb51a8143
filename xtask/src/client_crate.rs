//! The files around generated modules that make a client crate: its manifest (one feature per
//! API, the runtime crate by version, relative path or git) and its root. Shared by `generate`
//! and the scratch crates of tests and benchmarks, so that every generated crate is built the
//! same way.

use std::path::{Component, Path, PathBuf};

/// The version of `restgen-runtime` a generated crate asks for by default: this workspace's
/// (a test checks it against `runtime/Cargo.toml`).
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

    /// The runtime folder `runtime_dir` as seen from the crate at `crate_dir`: what the crates
    /// this workspace writes for its own tests and benchmarks use.
    pub fn path_from(crate_dir: &Path, runtime_dir: &Path) -> Result<Self, String> {
        relative_to(runtime_dir, crate_dir).map(RuntimeDependency::Path)
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

/// `target` as a path relative to the folder `base` (either may be relative to the current
/// folder), written with `/` as a manifest or a header names it.
pub fn relative_to(target: &Path, base: &Path) -> Result<String, String> {
    Ok(manifest_path(&relative_path(&absolute(target)?, &absolute(base)?)))
}

/// `path` made absolute against the current folder, `.` and `..` resolved as written (no link
/// is followed: the folders need not exist yet).
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let joined = std::path::absolute(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    Ok(normal)
}

/// `to` as a relative path from the folder `from` (both absolute and normal).
pub fn relative_path(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<Component> = to.components().collect();
    let from: Vec<Component> = from.components().collect();
    let shared = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut relative: PathBuf = from[shared..].iter().map(|_| Component::ParentDir).collect();
    relative.extend(&to[shared..]);
    if relative.as_os_str().is_empty() { PathBuf::from(".") } else { relative }
}

/// A path as a manifest writes it: `/` between components on every platform.
fn manifest_path(path: &Path) -> String {
    path.components().map(|component| component.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The manifest of a crate named `name` with one Cargo feature per API (all on by default, with
/// the client and its reqwest transport), depending on the runtime crate as `runtime` says.
/// `[workspace]` keeps it out of any workspace around it.
pub fn manifest(name: &str, apis: &[String], runtime: &RuntimeDependency) -> String {
    let features: String = apis.iter().map(|api| format!("{api} = []\n")).collect();
    let defaults: Vec<String> =
        apis.iter().map(|api| format!("{api:?}")).chain(["\"client\"".into(), "\"reqwest\"".into()]).collect();
    let runtime = runtime.table();
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

# Not a member of any workspace around it.
[workspace]

[features]
default = [{defaults}]
{features}## The async `Client` (needs a tokio runtime).
client = ["restgen-runtime/client"]
## The default transport of the `Client`: reqwest with rustls.
reqwest = ["client", "restgen-runtime/reqwest"]

[dependencies]
restgen-runtime = {{ {runtime}, default-features = false }}
http = "1"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
"#,
        defaults = defaults.join(", "),
    )
}

/// The crate root: `docs` as its `//!` lines, the runtime as `runtime`, the generated modules,
/// and the runtime items the generated code names at the crate root.
pub fn lib_rs(docs: &[String]) -> String {
    let docs: String =
        docs.iter().map(|line| format!("//!{}{line}\n", if line.is_empty() { "" } else { " " })).collect();
    format!(
        "{docs}
/// The runtime the generated code calls, shared by every generated client crate.
pub use restgen_runtime as runtime;

#[rustfmt::skip]
mod generated;

pub use generated::*;
pub use runtime::{{BaseUrl, Error, Operation, Response}};
#[cfg(feature = \"client\")]
pub use runtime::{{RetryPolicy, StaticToken}};
"
    )
}

#[cfg(test)]
mod tests {
    use super::{RUNTIME_VERSION, RuntimeDependency, relative_path};
    use std::path::{Path, PathBuf};

    #[test]
    fn the_default_version_is_the_runtime_crates() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        assert!(manifest.lines().any(|line| line == format!("version = \"{RUNTIME_VERSION}\"")), "{manifest}");
    }

    #[test]
    fn paths_are_written_relative_to_the_crate() {
        assert_eq!(relative_path(Path::new("/a/b/runtime"), Path::new("/a/c/d")), PathBuf::from("../../b/runtime"));
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b")), PathBuf::from("."));
        let out = std::env::temp_dir().join("crates/one");
        let runtime = std::env::temp_dir().join("work/runtime");
        let dependency = RuntimeDependency::parse(&format!("path={}", runtime.display()), &out).unwrap();
        assert_eq!(dependency, RuntimeDependency::Path("../../work/runtime".into()));
    }

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
}
