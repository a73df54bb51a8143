//! The example harness of one generated crate: a program with one `build` and one `parse` arm per
//! operation (written from the IR, so that every argument and setter is the crate's own), and
//! `example_check::run` as its `main`.

use restgen::ir::{Api, Failure, Ir, Operation, Success, ValueKind};
use restgen::type_path;
use std::fmt::Write;

/// Every operation of the IR in harness order: the index of one is its arm in `build` and `parse`.
pub fn operations(ir: &Ir) -> Vec<(&Api, &Operation)> {
    ir.apis.iter().flat_map(|api| api.operations.iter().map(move |operation| (api, operation))).collect()
}

/// The harness's `src/main.rs` for the crate `krate` (its library name) generated from `ir`.
pub fn main_rs(krate: &str, ir: &Ir) -> String {
    let mut build = String::new();
    let mut parse = String::new();
    for (index, (api, operation)) in operations(ir).into_iter().enumerate() {
        let builder = format!("{krate}::{}::{}", api.module, operation.name);
        build_arm(&mut build, index, krate, &builder, ir, operation);
        parse_arm(&mut parse, index, krate, &builder, api, operation);
    }
    let mocks: String = ir
        .apis
        .iter()
        .map(|api| {
            format!("\n            .with({krate}::{0}::server::handler({krate}::{0}::server::Mock))", api.module)
        })
        .collect();
    format!(
        "//! Written by `cargo xtask corpus`: builds each example's request with the operation's builder and reads\n\
         //! each example response with the operation's generated code (see `example_check`).\n\n\
         use example_check::Example;\nuse serde_json::Value;\n\n\
         fn main() -> std::process::ExitCode {{\n    example_check::run(build, parse, send, serve)\n}}\n\n\
         /// Hands a request to the crate's generated server, every API served by its `Mock`.\n\
         fn serve(request: http::Request<Vec<u8>>) -> std::pin::Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, String>> + Send>> {{\n    \
         Box::pin(async move {{\n        \
         let server = {krate}::runtime::server::Server::new(){mocks};\n        \
         Ok(server.answer(request.map({krate}::runtime::server::axum::body::Body::from)).await)\n    \
         }})\n}}\n\n\
         /// Sends a request with the crate's own transport.\n\
         fn send(request: http::Request<Vec<u8>>) -> std::pin::Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, String>> + Send>> {{\n    \
         Box::pin(async move {{\n        \
         use {krate}::runtime::Transport;\n        \
         let transport = {krate}::runtime::ReqwestTransport::try_default().map_err(|error| error.to_string())?;\n        \
         transport.send(request).await.map_err(|error| error.to_string())\n    \
         }})\n}}\n\n\
         fn build(operation: usize, example: &Example) -> Result<http::Request<Vec<u8>>, String> {{\n    \
         match operation {{\n{build}        _ => Err(format!(\"no operation {{operation}}\")),\n    }}\n}}\n\n\
         fn parse(operation: usize, response: http::Response<Vec<u8>>) -> Result<Value, String> {{\n    \
         let status = response.status().as_u16();\n    \
         match operation {{\n{parse}        _ => Err(format!(\"no operation {{operation}} (status {{status}})\")),\n    }}\n}}\n"
    )
}

/// `index => { builder from the example's parameters }`: the arguments of `new`, then the whole
/// body and every optional parameter the example gives.
fn build_arm(out: &mut String, index: usize, krate: &str, builder: &str, ir: &Ir, operation: &Operation) {
    let read = |name: &str, text: bool, optional: bool| match (text, optional) {
        (true, false) => format!("example.text({name:?})?"),
        (true, true) => format!("example.optional_text({name:?})"),
        (false, false) => format!("example.value({name:?})?"),
        (false, true) => format!("example.optional_value({name:?})?"),
    };
    let mut arguments: Vec<String> = operation
        .params
        .iter()
        .filter(|param| param.is_argument())
        .map(|param| read(&param.spec_name, param.is_text(), false))
        .collect();
    let body = operation.body.as_ref();
    // A form's example is read as its server reads the form: every value is text there.
    let form_shape = restgen::form_body_shape(ir, operation);
    arguments.extend(body.into_iter().flat_map(|body| &body.required).filter(|(_, bound)| bound.is_none()).map(
        |(field, _)| match &form_shape {
            Some(shape) => format!("example.form_body_field({shape:?}, {:?})?", field.wire_name),
            None => format!("example.body_field({:?})?", field.wire_name),
        },
    ));
    let value_body = operation.value_body.as_ref();
    if value_body.is_some_and(|body| !body.optional) {
        arguments.push("example.body()?".into());
    }
    let mut setters = String::new();
    if body.is_some() || value_body.is_some_and(|body| body.optional) {
        let read = match &form_shape {
            Some(shape) => format!("example.optional_form_body({shape:?})?"),
            None => "example.optional_body()?".to_owned(),
        };
        let _ = writeln!(setters, "            if let Some(value) = {read} {{ builder = builder.body(value); }}");
    }
    for param in operation.params.iter().filter(|param| param.has_field() && !param.is_argument()) {
        let value = read(&param.spec_name, param.is_text(), true);
        let _ = writeln!(
            setters,
            "            if let Some(value) = {value} {{ builder = builder.{}(value); }}",
            param.field
        );
    }
    let _ = write!(
        out,
        "        {index} => {{\n            #[allow(unused_mut)]\n            let mut builder = {builder}::new({});\n{setters}            \
         {krate}::Operation::build(&builder).map_err(|error| error.to_string())\n        }}\n",
        arguments.join(", "),
    );
}

/// `index => { a success through parse_response, an error status as the type the spec gives it }`.
fn parse_arm(out: &mut String, index: usize, krate: &str, builder: &str, api: &Api, operation: &Operation) {
    // A text or bytes body is written back as the example writes it, a string.
    let is_raw = |success: &Success| matches!(success.body, Some(ValueKind::Text | ValueKind::Bytes));
    let written = |body: &str, success: &Success| match success.body {
        Some(ValueKind::Text) => format!("Ok(Value::String({body}.clone()))"),
        Some(ValueKind::Bytes) => format!("Ok(example_check::raw_value(&{body}))"),
        _ => format!("example_check::written_back(&{body})"),
    };
    let success = if let [one] = operation.successes.as_slice() {
        written("output.body", one)
    } else {
        let outcome = format!("{krate}::{}::{}Response", api.module, operation.name);
        let arms: String = operation
            .successes
            .iter()
            .map(|success| {
                format!("{outcome}::{}(response) => {}, ", success.variant, written("response.body", success))
            })
            .collect();
        format!("match output {{ {arms}_ => Ok(Value::Null) }}")
    };
    // The error statuses as `error_body` reads them: one code, then ranges, then `default`.
    let mut failures = String::new();
    let exact =
        operation.failures.iter().filter(|failure| failure.codes().is_some_and(|codes| codes.start() == codes.end()));
    let ranges =
        operation.failures.iter().filter(|failure| failure.codes().is_some_and(|codes| codes.start() != codes.end()));
    let decode = |failure: &Failure| match &failure.body {
        Some(ty) => format!("example_check::decode_as::<{}>(response.body())", type_path(ty, krate)),
        None => "example_check::no_body_declared(status, response.body())".to_owned(),
    };
    for failure in exact.chain(ranges) {
        let codes = failure.codes().expect("filtered on codes");
        let _ = writeln!(failures, "                {}..={} => {},", codes.start(), codes.end(), decode(failure));
    }
    let fallback = operation
        .failures
        .iter()
        .find(|failure| failure.codes().is_none())
        .map_or_else(|| "example_check::no_body_declared(status, response.body())".to_owned(), decode);
    // The outcomes: successes, or the redirects of an operation that lists no success.
    let outcomes = if operation.successes.first().is_some_and(|success| success.status >= 300) {
        "300..=399"
    } else {
        "200..=299"
    };
    let response = if operation.successes.iter().find(|success| success.body.is_some()).is_some_and(is_raw) {
        "example_check::raw_body(response)"
    } else {
        "response"
    };
    let _ = write!(
        out,
        "        {index} => match status {{\n                {outcomes} => {{\n                    \
         let output = {builder}::parse_response({response}).map_err(|error| error.to_string())?;\n                    \
         {success}\n                }}\n{failures}                _ => {fallback},\n            }},\n"
    );
}
