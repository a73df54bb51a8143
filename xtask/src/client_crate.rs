//! The files around generated modules that make a client crate: its manifest (one feature per
//! API, the runtime crate by path) and its root. Shared by `generate` and the scratch crates of
//! tests and benchmarks, so that every generated crate is built the same way.

use std::path::Path;

/// The manifest of a crate named `name` with one Cargo feature per API (all on by default, with
/// the client and its reqwest transport), depending on the runtime crate at `runtime_dir`.
/// `[workspace]` keeps it out of any workspace around it.
pub fn manifest(name: &str, apis: &[String], runtime_dir: &Path) -> String {
    let features: String = apis.iter().map(|api| format!("{api} = []\n")).collect();
    let defaults: Vec<String> =
        apis.iter().map(|api| format!("{api:?}")).chain(["\"client\"".into(), "\"reqwest\"".into()]).collect();
    let runtime = runtime_dir.display().to_string().replace('\\', "/");
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
restgen-runtime = {{ path = "{runtime}", default-features = false }}
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
