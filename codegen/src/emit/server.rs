//! The server side of an API module (the `server` feature): a request struct per operation, a
//! `Service` trait with one method per operation, and an `axum` router that reads requests as the
//! client writes them and writes answers as the client reads them.

use super::api::{output_type, param_type, value_body_type};
use super::mock::{mock_method, rejection_shape};
use super::{doc, ident};
use crate::ir::{Api, Encoding, EnumWire, Ir, Model, Operation, Param, ParamKind, PathPiece, Type, ValueKind};
use crate::lower::{unraw, value_name};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The `server` module of one API.
pub fn emit_server(ir: &Ir, api: &Api) -> TokenStream {
    let requests = api.operations.iter().map(request_struct);
    let methods = api.operations.iter().map(service_method);
    let models: HashMap<&str, &Model> = ir.models.iter().map(|model| (model.name(), model)).collect();
    let readers = api.operations.iter().map(|operation| read_request(&models, operation));
    let writers = api.operations.iter().map(write_answer);
    let used_sets: Vec<&str> = api
        .header_sets
        .iter()
        .map(|set| set.name.as_str())
        .filter(|set| {
            api.operations.iter().flat_map(|op| &op.successes).any(|success| success.headers.as_deref() == Some(*set))
        })
        .collect();
    let header_writers = api.header_sets.iter().filter(|set| used_sets.contains(&set.name.as_str())).map(|set| {
        let function = header_writer(&set.name);
        let set_name = ident(&set.name);
        let writes = set.headers.iter().map(|header| {
            let (field, wire) = (ident(&header.field), &header.wire_name);
            quote!(if let Some(value) = &headers.#field { answer.header(#wire, value); })
        });
        quote! {
            fn #function(headers: &super::#set_name, answer: &mut crate::runtime::server::AnswerBuilder) {
                #(#writes)*
            }
        }
    });
    let dispatch = dispatch(api);
    let base_path = base_path(&api.base_url);
    let rejection_shape = match rejection_shape(&models, api) {
        Some(shape) => quote!(Some(#shape)),
        None => quote!(None),
    };
    let mock_methods = api.operations.iter().map(|operation| mock_method(&models, operation));
    let module_doc = doc(&[
        format!("The server side of {}: implement [`server::Service`] and serve it with", api.title),
        "[`server::router`] (or, beside other APIs, with its [`server::handler`] in a".into(),
        "[`crate::runtime::server::Server`]).".into(),
        String::new(),
        "The router reads each request as this crate's client writes it (the path template,".into(),
        "percent-decoding, the spec's patterns and lengths, required parameters, the `api-version`,".into(),
        "the body) and answers `400` with the parameter it names when a request breaks a rule.".into(),
        "It serves the paths under the path of the API's default base URL, and without it.".into(),
    ]);
    quote! {
        #module_doc
        #[cfg(feature = "server")]
        pub mod server {
            #(#requests)*
            /// The operations of this API as a server implements them: each takes its request
            /// and answers one of its declared outcomes, or an error answer. A method the
            /// implementation leaves out answers `501 Not Implemented`, so that it can serve a
            /// part of the API ([`Mock`] serves all of it).
            pub trait Service: Send + Sync + 'static {
                #(#methods)*
            }
            /// An `axum` router that serves `service` (and only this API: a
            /// [`crate::runtime::server::Server`] serves several, each added by its `handler`).
            pub fn router<S: Service>(service: S) -> crate::runtime::server::axum::Router {
                crate::runtime::server::Server::new().with(handler(service)).into_router()
            }
            /// This API's operations, served by `service`, for a [`crate::runtime::server::Server`].
            pub fn handler<S: Service>(service: S) -> impl crate::runtime::server::Handler {
                ServiceHandler(service)
            }
            struct ServiceHandler<S>(S);
            impl<S: Service> crate::runtime::server::Handler for ServiceHandler<S> {
                fn specificity(&self, request: &crate::runtime::server::Incoming) -> Option<(usize, usize)> {
                    specificity(request)
                }
                fn handle<'a>(&'a self, request: &'a crate::runtime::server::Incoming) -> crate::runtime::BoxFuture<'a, crate::runtime::server::Outcome> {
                    Box::pin(dispatch(&self.0, request))
                }
            }
            /// A ready [`Service`]: every operation answers its first declared success with the
            /// spec's example answer for it, or where there is none (or it does not fit the
            /// type) the least valid body (the required properties only, each with the least
            /// value of its type), for tests of code that calls this API.
            #[derive(Debug, Clone, Copy, Default)]
            pub struct Mock;
            impl Service for Mock {
                #(#mock_methods)*
            }
            /// The path of the API's default base URL, under which its paths are served (they
            /// are served without it too).
            const BASE_PATH: &str = #base_path;
            /// The API's error body with the places a refused request's code, message,
            /// parameter and status go in (`None`: Azure's error shape).
            const REJECTION_SHAPE: Option<&str> = #rejection_shape;
            #dispatch
            #(#readers)*
            #(#writers)*
            #(#header_writers)*
        }
    }
}

/// The path of a base URL without its trailing `/` (`https://{region}.pets.example/v1/` has
/// `/v1`); empty when it has none, or when it has a variable.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |slash| &after_scheme[slash..]);
    let path = path.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
    if path.contains('{') { String::new() } else { path.to_owned() }
}

pub(super) fn request_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&format!("{}Request", operation.name))
}

fn function(prefix: &str, operation: &Operation) -> proc_macro2::Ident {
    ident(&format!("{prefix}_{}", unraw(&operation.client_method)))
}

fn header_writer(set: &str) -> proc_macro2::Ident {
    ident(&format!("headers_{}", unraw(&value_name(set))))
}

/// Whether the server receives the parameter as an `Option`.
fn optional_on_server(param: &Param) -> bool {
    match &param.kind {
        ParamKind::Path { .. } => false,
        ParamKind::Query { required, .. } | ParamKind::Header { required, .. } => !required,
    }
}

/// Whether the server reads the body as an `Option`, and its type.
fn body_field(operation: &Operation) -> Option<(bool, TokenStream)> {
    if let Some(body) = &operation.body {
        let model = ident(&body.model);
        return Some((body.optional, quote!(crate::models::#model)));
    }
    operation.value_body.as_ref().map(|body| (body.optional, value_body_type(body)))
}

fn request_struct(operation: &Operation) -> TokenStream {
    let name = request_name(operation);
    let fields = operation.params.iter().filter(|param| param.has_field()).map(|param| {
        let docs = doc(&param.docs);
        let field = ident(&param.field);
        let ty = param_type(param);
        let ty = if optional_on_server(param) { quote!(Option<#ty>) } else { ty };
        let wire = format!(" `{}`", param.spec_name);
        quote!(#docs #[doc = ""] #[doc = #wire] pub #field: #ty,)
    });
    let body = body_field(operation).map(|(optional, ty)| {
        let ty = if optional { quote!(Option<#ty>) } else { ty };
        quote!(/// The request body.
            pub body: #ty,)
    });
    let summary =
        format!(" A `{}` request, as [`Service::{}`] receives it.", operation.id, unraw(&operation.client_method));
    quote! {
        #[doc = #summary]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #body
            /// The request's method, URI and headers as they came, for what the spec does not
            /// declare.
            pub http: crate::runtime::server::RequestHead,
        }
    }
}

fn service_method(operation: &Operation) -> TokenStream {
    let method = ident(&operation.client_method);
    let request = request_name(operation);
    let output = output_type(operation, &quote!(super::));
    let mut docs: Vec<String> = operation.docs.iter().take(1).cloned().collect();
    docs.extend([String::new(), format!("`{} {}` (`{}`).", operation.method, operation.path_template, operation.id)]);
    let docs = doc(&docs);
    let id = &operation.id;
    quote! {
        #docs
        fn #method(&self, request: #request) -> impl std::future::Future<Output = Result<#output, crate::runtime::server::ErrorAnswer>> + Send {
            let _ = request;
            std::future::ready(Err(crate::runtime::server::ErrorAnswer::not_implemented(#id)))
        }
    }
}

/// The path template as the runtime matches it.
fn template(operation: &Operation) -> TokenStream {
    let pieces = operation.path.iter().map(|piece| match piece {
        PathPiece::Literal(text) => quote!(crate::runtime::server::Piece::Literal(#text),),
        PathPiece::Param(field) => {
            let raw = operation
                .params
                .iter()
                .any(|param| &param.field == field && matches!(param.kind, ParamKind::Path { raw: true, .. }));
            if raw {
                quote!(crate::runtime::server::Piece::RawParam,)
            } else {
                quote!(crate::runtime::server::Piece::Param,)
            }
        }
    });
    quote!(&[#(#pieces)*])
}

/// How specific an operation's route is: its literal path text, then its literal query pairs.
fn specificity(operation: &Operation) -> (usize, usize) {
    let literal: usize =
        operation.path.iter().map(|piece| if let PathPiece::Literal(text) = piece { text.len() } else { 0 }).sum();
    (literal, operation.literal_query.len())
}

fn dispatch(api: &Api) -> TokenStream {
    let mut operations: Vec<&Operation> = api.operations.iter().collect();
    // The most specific route first: `/things/default` before `/things/{name}`.
    operations.sort_by_key(|operation| std::cmp::Reverse(specificity(operation)));
    // The method and the literal query pairs an operation's request must have.
    let takes = |operation: &Operation| {
        let method = ident(&operation.method.to_ascii_uppercase());
        let pairs =
            operation.literal_query.iter().map(|(name, value)| quote!(&& request.has_query_pair(#name, #value)));
        quote!(request.method() == http::Method::#method #(#pairs)*)
    };
    let routes = operations.iter().map(|operation| {
        let (template, takes) = (template(operation), takes(operation));
        let (read, write, call) =
            (function("read", operation), function("write", operation), ident(&operation.client_method));
        quote! {
            if let Some(path) = crate::runtime::server::match_path(#template, request.path_under(BASE_PATH)) {
                path_fits = true;
                if #takes {
                    return crate::runtime::server::Outcome::Answered(match #read(request, &path) {
                        Ok(parts) => match service.#call(parts).await {
                            Ok(output) => #write(output),
                            Err(answer) => answer.into_response(),
                        },
                        Err(rejection) => rejection.into_response_in(REJECTION_SHAPE),
                    });
                }
            }
        }
    });
    let fits = operations.iter().map(|operation| {
        let (template, takes) = (template(operation), takes(operation));
        let (literal, queries) = specificity(operation);
        quote! {
            if #takes && crate::runtime::server::match_path(#template, request.path_under(BASE_PATH)).is_some() {
                return Some((#literal, #queries));
            }
        }
    });
    quote! {
        /// How specific this API's route for the request is, if it has one (see
        /// [`crate::runtime::server::Handler::specificity`]).
        fn specificity(request: &crate::runtime::server::Incoming) -> Option<(usize, usize)> {
            #(#fits)*
            None
        }
        /// Finds the request's operation, and answers.
        async fn dispatch<S: Service>(service: &S, request: &crate::runtime::server::Incoming) -> crate::runtime::server::Outcome {
            let mut path_fits = false;
            #(#routes)*
            if path_fits { crate::runtime::server::Outcome::NoMethod } else { crate::runtime::server::Outcome::NoPath }
        }
    }
}

fn read_request(models: &HashMap<&str, &Model>, operation: &Operation) -> TokenStream {
    let (name, function) = (request_name(operation), function("read", operation));
    let rule = |rule: &Option<String>| match rule {
        Some(rule) => {
            let rule = ident(rule);
            quote!(Some(&super::#rule))
        }
        None => quote!(None),
    };
    // The path's values come in template order.
    let segments: Vec<&str> = operation
        .path
        .iter()
        .filter_map(|piece| if let PathPiece::Param(field) = piece { Some(field.as_str()) } else { None })
        .collect();
    let mut checks = Vec::new();
    let mut fields = Vec::new();
    for param in &operation.params {
        let spec_name = &param.spec_name;
        let ty = param_type(param);
        let value = match &param.kind {
            ParamKind::Path { rule, .. } => {
                let rule = ident(rule);
                let index = segments.iter().position(|field| *field == param.field).unwrap_or_default();
                quote!(request.segment::<#ty>(path[#index], #spec_name, &super::#rule)?)
            }
            ParamKind::Query { wire_name, api_version: true, .. } => {
                let version = match &operation.api_version {
                    Some(version) => quote!(#version),
                    None => quote!(super::API_VERSION),
                };
                checks.push(quote!(request.api_version(#wire_name, #version)?;));
                continue;
            }
            ParamKind::Query { wire_name, rule: constraint, .. } => {
                let constraint = rule(constraint);
                quote!(request.query::<#ty>(#wire_name, #spec_name, #constraint)?)
            }
            ParamKind::Header { wire_name, rule: constraint, .. } => {
                let constraint = rule(constraint);
                quote!(request.header::<#ty>(#wire_name, #spec_name, #constraint)?)
            }
        };
        // A path value is always there; a required query or header value may be missing.
        let value = if optional_on_server(param) || matches!(param.kind, ParamKind::Path { .. }) {
            value
        } else {
            quote!(crate::runtime::server::required(#value, #spec_name)?)
        };
        let field = ident(&param.field);
        fields.push(quote!(#field: #value,));
    }
    if let Some((optional, ty)) = body_field(operation) {
        let encoding = operation.body.as_ref().map(|body| body.encoding);
        let shape = || {
            let model = operation.body.as_ref().map(|body| Type::Named(body.model.clone())).unwrap_or(Type::Json);
            form_shape(models, &model, 0).to_string()
        };
        let read = match (encoding, operation.value_body.as_ref().map(|body| &body.kind)) {
            // (`body_field` gives no field for an operation with neither.)
            (Some(Encoding::Json), _) | (None, Some(ValueKind::Json(_)) | None) => {
                quote!(request.json_body::<#ty>()?)
            }
            (None, Some(ValueKind::Text)) => quote!(request.text_body()?),
            (None, Some(ValueKind::Bytes)) => quote!(request.bytes_body()),
            (Some(Encoding::Form), _) => {
                let shape = shape();
                quote!(request.form_body::<#ty>(#shape)?)
            }
            (Some(Encoding::Multipart), _) => {
                let shape = shape();
                quote!(request.multipart_body::<#ty>(#shape)?)
            }
        };
        let read = if optional { read } else { quote!(crate::runtime::server::required(#read, "body")?) };
        fields.push(quote!(body: #read,));
    }
    let path_arg = if segments.is_empty() { quote!(_path) } else { quote!(path) };
    quote! {
        fn #function(request: &crate::runtime::server::Incoming, #path_arg: &[&str]) -> Result<#name, crate::runtime::server::Rejection> {
            #(#checks)*
            Ok(#name { #(#fields)* http: request.head() })
        }
    }
}

fn write_answer(operation: &Operation) -> TokenStream {
    let function = function("write", operation);
    let output = output_type(operation, &quote!(super::));
    let write = |success: &crate::ir::Success, status: TokenStream| {
        let headers = success.headers.as_ref().map(|set| {
            let writer = header_writer(set);
            quote!(#writer(&response.headers, &mut answer);)
        });
        let body = match &success.body {
            None => None,
            Some(ValueKind::Json(_)) => Some(quote!(if let Some(body) = &response.body {
                answer.json_body(body);
            })),
            Some(ValueKind::Text) => {
                // The text is a Rust `String`: UTF-8, which the answer says.
                let media = match success.media_type.as_deref() {
                    Some(media) if media.to_ascii_lowercase().contains("charset") => media.to_owned(),
                    Some(media) => format!("{media}; charset=utf-8"),
                    None => "text/plain; charset=utf-8".to_owned(),
                };
                Some(quote!(answer.bytes_body(#media, response.body.into_bytes());))
            }
            Some(ValueKind::Bytes) => {
                let media = success.media_type.as_deref().unwrap_or("application/octet-stream");
                Some(quote!(answer.bytes_body(#media, response.body);))
            }
        };
        let mutable = if headers.is_some() || body.is_some() { quote!(mut) } else { TokenStream::new() };
        quote! {{
            let #mutable answer = crate::runtime::server::AnswerBuilder::new(#status, &response.raw_headers);
            #headers
            #body
            answer.finish()
        }}
    };
    let (input, body) = match operation.successes.as_slice() {
        [success] => (quote!(response), write(success, quote!(response.status))),
        successes => {
            let outcome = ident(&format!("{}Response", operation.name));
            let arms = successes.iter().map(|success| {
                let variant = ident(&success.variant);
                let code = proc_macro2::Literal::u16_unsuffixed(success.status);
                let answer = write(success, quote!(crate::runtime::server::status(#code)));
                quote!(super::#outcome::#variant(response) => #answer,)
            });
            let body = quote! {
                match output {
                    #(#arms)*
                    super::#outcome::Other(response) => crate::runtime::server::AnswerBuilder::new(response.status, &response.raw_headers).finish(),
                }
            };
            (quote!(output), body)
        }
    };
    quote! {
        fn #function(#input: #output) -> http::Response<Vec<u8>> {
            #body
        }
    }
}

/// The shape of an operation's `application/x-www-form-urlencoded` body, if it sends one, as
/// the runtime's `decode_form` takes it: for programs outside the crate that read a form as its
/// server does.
pub fn form_body_shape(ir: &Ir, operation: &Operation) -> Option<String> {
    let body = operation.body.as_ref().filter(|body| body.encoding == Encoding::Form)?;
    let models: HashMap<&str, &Model> = ir.models.iter().map(|model| (model.name(), model)).collect();
    Some(form_shape(&models, &Type::Named(body.model.clone()), 0).to_string())
}

/// What each field of a form or multipart body holds, for the runtime's `decode_form`: `"s"`,
/// `"i"`, `"n"`, `"b"`, `"f"` (a file), `[item]`, `{property: shape}`, `{"*": value}` (a map).
fn form_shape(models: &HashMap<&str, &Model>, ty: &Type, depth: usize) -> Value {
    match ty {
        Type::File => json!("f"),
        Type::I32 | Type::I64 => json!("i"),
        Type::F32 | Type::F64 => json!("n"),
        Type::Bool => json!("b"),
        Type::Vec(item) => json!([form_shape(models, item, depth + 1)]),
        Type::Map(value) => json!({ "*": form_shape(models, value, depth + 1) }),
        Type::Named(name) | Type::Boxed(name) if depth < 8 => match models.get(name.as_str()) {
            Some(Model::Struct(model)) => Value::Object(
                model
                    .fields
                    .iter()
                    .map(|field| (field.wire_name.clone(), form_shape(models, &field.ty, depth + 1)))
                    .filter(|(_, shape)| shape != "s")
                    .collect(),
            ),
            Some(Model::Enum(model)) if model.wire == EnumWire::Integer => json!("i"),
            _ => json!("s"),
        },
        _ => json!("s"),
    }
}
