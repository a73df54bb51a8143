//! Helpers shared by the tests: the real spec, fixtures, and the seed examples it carries.

use restgen::SourceFile;
use std::path::{Path, PathBuf};

pub mod hostile;
pub mod prism;
pub mod service;
pub mod tool;

/// The workspace root: the parent of this crate's folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).expect("the tests crate is in the workspace")
}

/// The real spec, as the xtask reads it.
pub fn spec_sources() -> Vec<SourceFile> {
    xtask::read_spec(&root()).unwrap_or_else(|failure| panic!("cannot read the spec: {failure}"))
}

/// A fixture spec from `tests/fixtures`, named as the generator will show it.
pub fn fixture(path: &Path) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    SourceFile { path: format!("fixtures/{name}"), text }
}

/// Every generated file of `sources` in one text, each under a `// ==== path` line.
pub fn generate_text(sources: &[SourceFile]) -> String {
    match restgen::generate(sources) {
        Ok(files) => {
            files.iter().map(|file| format!("// ==== {}\n{}", file.path, file.contents)).collect::<Vec<_>>().join("\n")
        }
        Err(diagnostics) => format!("{diagnostics}\n"),
    }
}

/// One sample exchange of the spec, with the operation it belongs to.
#[derive(Debug)]
pub struct Example {
    pub operation_id: String,
    pub name: String,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<serde_json::Value>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<serde_json::Value>,
}

/// Every example of the real spec, in spec order.
pub fn spec_examples() -> Vec<Example> {
    let mut examples = Vec::new();
    for source in spec_sources() {
        let spec = restgen::parse::parse(&source).unwrap_or_else(|error| panic!("{error}"));
        for (id, operation) in spec.operations {
            for (name, example) in operation.examples {
                examples.push(Example {
                    operation_id: id.value.clone(),
                    name: name.value,
                    method: example.request.method,
                    url: example.request.url,
                    request_headers: example.request.headers.into_iter().collect(),
                    request_body: example.request.body,
                    status: example.response.status,
                    response_headers: example.response.headers.into_iter().collect(),
                    response_body: example.response.body,
                });
            }
        }
    }
    examples
}

/// The `http::Response` an example describes (the body compactly serialized).
pub fn example_response(example: &Example) -> http::Response<Vec<u8>> {
    let body = example.response_body.as_ref().map(|body| body.to_string().into_bytes()).unwrap_or_default();
    let mut builder = http::Response::builder().status(example.status);
    for (name, value) in &example.response_headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(body).unwrap_or_else(|error| panic!("example {}: {error}", example.name))
}
