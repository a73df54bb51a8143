//! Emitting one API module: path rules, header sets, request builders and their outcomes.

use super::{doc, field_type, ident, rust_type, wrap_value};
use crate::ir::{
    Api, Body, Encoding, HeaderSet, Ir, Operation, Param, ParamKind, PathPiece, PathRule, Success, Type, ValueBody,
    ValueKind,
};
use crate::lower::unraw;
use proc_macro2::TokenStream;
use quote::quote;

// An API module is emitted in pieces, rendered apart and concatenated in this order: the head,
// the operations (a few at a time), then the client methods. A large API (a thousand operations)
// so never holds the whole module's tokens and syntax tree at once.

/// The head of an API module: its docs, constants, path rules and header sets.
pub fn emit_head(api: &Api) -> TokenStream {
    let docs = api.docs.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    let base_url = &api.base_url;
    let version = &api.version;
    let rules = api.path_rules.iter().map(emit_rule);
    let header_sets = api.header_sets.iter().map(emit_header_set);
    quote! {
        #(#![doc = #docs])*

        /// The base URL of this API in the Azure public cloud; a [`crate::BaseUrl`] can point elsewhere.
        pub const DEFAULT_BASE_URL: &str = #base_url;
        /// The `api-version` the operations of this API send (an operation that sends another says so).
        pub const API_VERSION: &str = #version;

        #(#rules)*
        #(#header_sets)*
    }
}

/// The request builders (and outcome enums) of some of an API's operations.
pub fn emit_operations(ir: &Ir, api: &Api, operations: &[Operation]) -> TokenStream {
    let operations = operations.iter().map(|operation| emit_operation(ir, operation, &api.scopes));
    quote!(#(#operations)*)
}

/// `client.<api>()` and its methods, one per operation, returning builders bound to the client.
pub fn emit_client_methods(api: &Api) -> TokenStream {
    let method = ident(&api.client_method);
    let doc_line = format!(" The operations of {} on this client.", api.title);
    let methods = api.operations.iter().map(|operation| {
        let name = ident(&operation.name);
        let method = ident(&operation.client_method);
        let doc_line = format!(" Starts `{}` on this client: see [`{}`].", operation.id, operation.name);
        let arguments = constructor_arguments(operation);
        let names = arguments.iter().map(|(name, _)| name);
        let params = arguments.iter().map(|(name, ty)| quote!(#name: #ty));
        let lint = (arguments.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #[doc = #doc_line]
            #lint
            pub fn #method(&self, #(#params),*) -> #name<&'a crate::Client> {
                #name::new(#(#names),*).with_client(self.client)
            }
        }
    });
    quote! {
        #[doc = #doc_line]
        #[cfg(feature = "client")]
        #[derive(Debug, Clone, Copy)]
        pub struct Operations<'a> {
            client: &'a crate::Client,
        }
        #[cfg(feature = "client")]
        impl crate::Client {
            #[doc = #doc_line]
            pub fn #method(&self) -> Operations<'_> {
                Operations { client: self }
            }
        }
        #[cfg(feature = "client")]
        impl<'a> Operations<'a> {
            #(#methods)*
        }
    }
}

fn emit_rule(rule: &PathRule) -> TokenStream {
    let name = ident(&rule.name);
    let pattern = match &rule.pattern {
        Some(pattern) => quote!(Some(crate::runtime::Pattern::new(#pattern))),
        None => quote!(None),
    };
    let option = |value: Option<u32>| match value {
        Some(value) => {
            let value = proc_macro2::Literal::u32_unsuffixed(value);
            quote!(Some(#value))
        }
        None => quote!(None),
    };
    let (min, max) = (option(rule.min_length), option(rule.max_length));
    quote! {
        static #name: crate::runtime::PathRule = crate::runtime::PathRule { pattern: #pattern, min_length: #min, max_length: #max };
    }
}

fn emit_header_set(set: &HeaderSet) -> TokenStream {
    let name = ident(&set.name);
    let docs = doc(&set.docs);
    let fields = set.headers.iter().map(|header| {
        let docs = doc(&header.docs);
        let wire = format!(" `{}`", header.wire_name);
        let field = ident(&header.field);
        let ty = rust_type(&header.ty, &quote!(crate::models::));
        quote!(#docs #[doc = ""] #[doc = #wire] pub #field: Option<#ty>,)
    });
    let reads = set.headers.iter().map(|header| {
        let field = ident(&header.field);
        let wire = &header.wire_name;
        quote!(#field: crate::runtime::header(headers, #wire),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            /// Reads these headers; one that is absent or does not parse is `None`.
            pub fn from_headers(headers: &http::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }
    }
}

/// The Rust type a parameter holds: `String`, or its typed value (`bool`, `i32`, a `Timestamp`,
/// a `Vec` of them, a `Secret`), written by `ParamValue` when the request is built.
pub(super) fn param_type(param: &Param) -> TokenStream {
    match &param.value_type {
        None | Some(Type::String) => quote!(String),
        Some(ty) => rust_type(ty, &quote!(crate::models::)),
    }
}

/// What a constructor argument or a setter of a parameter takes, and how `value` of it becomes
/// the field: text through `impl Into<String>` (a secret is wrapped), a typed value as it is.
fn param_input(param: &Param, value: TokenStream) -> (TokenStream, TokenStream) {
    let ty = param.value_type.as_ref().unwrap_or(&Type::String);
    converted_input(ty, &value).unwrap_or_else(|| (param_type(param), value))
}

/// The input of a value that is taken through a conversion: text through `impl Into<String>`
/// (a secret is wrapped), a file through `impl Into<FilePart>` (bytes, or a part with a file
/// name and type); `None` for a type taken as it is.
fn converted_input(ty: &Type, value: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    match ty {
        Type::String => Some((quote!(impl Into<String>), quote!(#value.into()))),
        Type::Secret => Some((quote!(impl Into<String>), quote!(crate::runtime::Secret::new(#value)))),
        Type::File => Some((quote!(impl Into<crate::runtime::FilePart>), quote!(#value.into()))),
        _ => None,
    }
}

/// The text of a parameter's value, for the query or a header.
fn param_text(param: &Param, value: TokenStream) -> TokenStream {
    match &param.value_type {
        None | Some(Type::String) => value,
        Some(_) => quote!(&crate::runtime::ParamValue::param_text(#value)),
    }
}

fn emit_operation(ir: &Ir, operation: &Operation, scopes: &[String]) -> TokenStream {
    let name = ident(&operation.name);
    let mut docs = operation.docs.clone();
    docs.extend(bodies_doc(operation));
    if !operation.failures.is_empty() {
        docs.extend(["".into(), "# Errors".into(), "".into()]);
        docs.push("Any status but a declared success is an [`crate::Error::Service`]; the spec documents:".into());
        docs.extend(operation.failures.iter().map(|failure| {
            let body = failure.body.as_ref().map_or_else(String::new, |ty| format!(" (body: {})", type_doc(ty)));
            format!("- `{}`{body}: {}", failure.status, failure.docs)
        }));
        if operation.failures.iter().any(|failure| failure.body.is_some()) {
            docs.push(String::new());
            docs.push(format!("[`{}::error_body`] reads the typed body of such an error.", operation.name));
        }
    }
    let docs = doc(&docs);
    let models = quote!(crate::models::);
    let param_fields = operation.params.iter().filter(|param| param.has_field()).map(|param| {
        let field = ident(&param.field);
        let ty = param_type(param);
        if param.is_optional() { quote!(#field: Option<#ty>,) } else { quote!(#field: #ty,) }
    });
    let body_field = operation.body.as_ref().map(|body| {
        let model = ident(&body.model);
        if body.optional { quote!(body: Option<#models #model>,) } else { quote!(body: #models #model,) }
    });
    let body_field = body_field.or_else(|| {
        operation.value_body.as_ref().map(|body| {
            let ty = value_body_type(body);
            if body.optional { quote!(body: Option<#ty>,) } else { quote!(body: #ty,) }
        })
    });

    let constructor = emit_constructor(operation);
    let setters = emit_setters(operation);
    let build = emit_build(operation);
    let (output, parse, outcome) = emit_outcome(operation);
    let (error_body, error_enum) = emit_error_body(operation);
    let continuation = super::continuation::emit(ir, operation, &output);
    let id = &operation.id;
    let method = ident(&operation.method);
    let idempotent = operation.idempotent;
    let moved_fields: Vec<_> =
        operation.params.iter().filter(|param| param.has_field()).map(|param| ident(&param.field)).collect();
    let moved_body = (operation.body.is_some() || operation.value_body.is_some()).then(|| quote!(body: self.body,));
    // A download (a bytes body) may be larger than the client's body limit: it can be streamed.
    let downloads = operation.successes.iter().any(|success| success.body == Some(ValueKind::Bytes));
    let send_streaming = downloads.then(|| {
        quote! {
            /// Sends the request and answers once the headers are in, with the body as a stream
            /// of chunks: see [`crate::runtime::Client::send_streaming`].
            pub fn send_streaming(
                self,
            ) -> impl std::future::Future<Output = Result<http::Response<crate::runtime::BodyStream>, crate::Error>> + 'a {
                let client = self.client;
                client.send_streaming_owned(self)
            }
        }
    });
    quote! {
        #docs
        ///
        /// `C` is `()` for a builder made with `new`, and `&Client` for one made by a
        /// [`crate::Client`], which adds `send`.
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until its request is built and sent"]
        pub struct #name<C = ()> {
            // Read only by `send`, which exists with the `client` feature.
            #[cfg_attr(not(feature = "client"), allow(dead_code))]
            client: C,
            #(#param_fields)*
            #body_field
        }
        impl #name {
            #constructor
            /// Reads a response: a declared success status gives the typed outcome, any other
            /// status an [`crate::Error::Service`], and a body or header that does not match the
            /// spec an [`crate::Error::Decode`]. (The same as [`crate::Operation::parse_response`].)
            pub fn parse_response(response: http::Response<Vec<u8>>) -> Result<#output, crate::Error> {
                #parse
            }
            #error_body
        }
        impl<C> #name<C> {
            #setters
            /// Binds this builder to a client (`&Client` gives it `send`).
            pub fn with_client<D>(self, client: D) -> #name<D> {
                #name { client, #(#moved_fields: self.#moved_fields,)* #moved_body }
            }
        }
        #[cfg(feature = "client")]
        impl<'a> #name<&'a crate::Client> {
            /// Sends the request with its client: see [`crate::runtime::Client::send`].
            pub fn send(self) -> impl std::future::Future<Output = Result<#output, crate::Error>> + 'a {
                let client = self.client;
                client.send_owned(self)
            }
            #send_streaming
        }
        impl<C> crate::runtime::Operation for #name<C> {
            type Output = #output;
            const OPERATION_ID: &'static str = #id;
            const METHOD: http::Method = http::Method::#method;
            const DEFAULT_BASE_URL: &'static str = DEFAULT_BASE_URL;
            const IDEMPOTENT: bool = #idempotent;
            const SCOPES: &'static [&'static str] = &[#(#scopes),*];
            const SECRET_PROPERTIES: &'static [&'static str] = crate::models::SECRET_PROPERTIES;
            fn build_request(&self, base_url: &crate::runtime::BaseUrl) -> Result<http::Request<Vec<u8>>, crate::Error> {
                #build
            }
            fn parse_response(response: http::Response<Vec<u8>>) -> Result<Self::Output, crate::Error> {
                #name::parse_response(response)
            }
        }
        #outcome
        #error_enum
        #continuation
    }
}

/// A type as the docs name it (`ErrorResponse`, `Vec<Error>`).
fn type_text(ty: &Type) -> String {
    rust_type(ty, &TokenStream::new()).to_string().replace(' ', "")
}

/// A type in docs: a model links to it, anything else is shown as code.
fn type_doc(ty: &Type) -> String {
    match ty {
        Type::Named(name) => format!("[`{name}`](crate::models::{name})"),
        _ => format!("`{}`", type_text(ty)),
    }
}

/// The doc lines that link an operation's request body and success bodies to their types.
fn bodies_doc(operation: &Operation) -> Vec<String> {
    let value_doc = |kind: &ValueKind| match kind {
        ValueKind::Json(ty) => type_doc(ty),
        ValueKind::Text => "text".to_owned(),
        ValueKind::Bytes => "bytes".to_owned(),
    };
    let request = match (&operation.body, &operation.value_body) {
        (Some(body), _) => Some(type_doc(&Type::Named(body.model.clone()))),
        (None, Some(body)) => Some(value_doc(&body.kind)),
        (None, None) => None,
    };
    let answers: Vec<String> = operation
        .successes
        .iter()
        .map(|success| match &success.body {
            Some(kind) => format!("`{}` {}", success.status, value_doc(kind)),
            None => format!("`{}` without a body", success.status),
        })
        .collect();
    let mut lines = vec![String::new()];
    if let Some(request) = request {
        lines.push(format!("Request body: {request}."));
    }
    if !answers.is_empty() {
        lines.push(format!("Answers: {}.", answers.join(", ")));
    }
    if lines.len() == 1 { Vec::new() } else { lines }
}

/// `error_body(&Error)`: the failure's body as the type the spec gives its status (an enum of
/// them where statuses have different types), and that enum.
fn emit_error_body(operation: &Operation) -> (TokenStream, TokenStream) {
    let Some(first) = operation.failures.iter().find_map(|failure| failure.body.as_ref()) else {
        return (TokenStream::new(), TokenStream::new());
    };
    let models = quote!(crate::models::);
    let enum_name = operation.has_error_enum().then(|| ident(&format!("{}ErrorBody", operation.name)));
    let read = |failure: &crate::ir::Failure| match (&failure.body, &enum_name) {
        (None, _) => quote!(None),
        (Some(_), None) => quote!(crate::runtime::read_error_body(error)),
        (Some(_), Some(enum_name)) => {
            let variant = ident(&failure.variant);
            quote!(crate::runtime::read_error_body(error).map(#enum_name::#variant))
        }
    };
    // One code, then ranges (`4XX`), then `default` (or no body) for every other status.
    let exact =
        operation.failures.iter().filter(|failure| failure.codes().is_some_and(|codes| codes.start() == codes.end()));
    let ranges =
        operation.failures.iter().filter(|failure| failure.codes().is_some_and(|codes| codes.start() != codes.end()));
    // Statuses read the same way share one arm (`400 | 404 => ...`), in order of their first.
    let mut arms: Vec<(String, TokenStream, Vec<TokenStream>)> = Vec::new();
    for failure in exact.chain(ranges) {
        let codes = failure.codes().expect("filtered on codes");
        let (start, end) = (*codes.start(), *codes.end());
        let (start_literal, end_literal) =
            (proc_macro2::Literal::u16_unsuffixed(start), proc_macro2::Literal::u16_unsuffixed(end));
        let pattern = if start == end { quote!(#start_literal) } else { quote!(#start_literal..=#end_literal) };
        let read = read(failure);
        match arms.iter_mut().find(|(key, _, _)| *key == read.to_string()) {
            Some((_, _, patterns)) => patterns.push(pattern),
            None => arms.push((read.to_string(), read, vec![pattern])),
        }
    }
    let arms = arms.into_iter().map(|(_, read, patterns)| quote!(#(#patterns)|* => #read,));
    let fallback =
        operation.failures.iter().find(|failure| failure.codes().is_none()).map_or_else(|| quote!(None), read);
    let output = match &enum_name {
        Some(name) => quote!(#name),
        None => rust_type(first, &models),
    };
    let shown = match &enum_name {
        Some(name) => format!("[`{name}`]"),
        None => format!("`{}`", type_text(first)),
    };
    let doc_line = format!(
        " The body of a service error of this operation, as the type the spec gives its status ({shown}); `None` for another error, a status without a declared body, or a body that is not of that type."
    );
    let arms: Vec<TokenStream> = arms.collect();
    // With `default` alone, every status is read alike.
    let read_status = if arms.is_empty() {
        fallback
    } else {
        quote!(match error.status.as_u16() {
            #(#arms)*
            _ => #fallback,
        })
    };
    let accessor = quote! {
        #[doc = #doc_line]
        pub fn error_body(error: &crate::Error) -> Option<#output> {
            let crate::Error::Service(error) = error else { return None };
            #read_status
        }
    };
    let Some(enum_name) = enum_name else { return (accessor, TokenStream::new()) };
    let variants = operation.failures.iter().filter_map(|failure| {
        let ty = rust_type(failure.body.as_ref()?, &models);
        let variant = ident(&failure.variant);
        let doc_line = format!(" The body of a `{}` error: {}", failure.status, failure.docs);
        Some(quote!(#[doc = #doc_line] #variant(#ty),))
    });
    let doc_line = format!(" The error bodies of [`{}`], by status.", operation.name);
    let error_enum = quote! {
        #[doc = #doc_line]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #enum_name {
            #(#variants)*
        }
    };
    (accessor, error_enum)
}

/// The arguments of `new`, names and types: required parameters, then unbound required body properties.
fn constructor_arguments(operation: &Operation) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let models = quote!(crate::models::);
    let parameters = operation
        .params
        .iter()
        .filter(|param| param.is_argument())
        .map(|param| (ident(&param.field), param_input(param, quote!()).0));
    let body = unbound_body_fields(operation)
        .map(|field| (ident(&field.name), field_type(&field.ty, field.presence, &models)));
    let value_body =
        operation.value_body.iter().filter(|body| !body.optional).map(|body| (ident("body"), value_body_type(body)));
    parameters.chain(body).chain(value_body).collect()
}

/// The Rust type of a body the builder takes whole.
pub(super) fn value_body_type(body: &ValueBody) -> TokenStream {
    match &body.kind {
        ValueKind::Json(ty) => rust_type(ty, &quote!(crate::models::)),
        ValueKind::Text => quote!(String),
        ValueKind::Bytes => quote!(Vec<u8>),
    }
}

fn unbound_body_fields(operation: &Operation) -> impl Iterator<Item = &crate::ir::Field> {
    operation.body.iter().flat_map(|body| &body.required).filter(|(_, source)| source.is_none()).map(|(field, _)| field)
}

fn emit_constructor(operation: &Operation) -> TokenStream {
    let models = quote!(crate::models::);
    let arguments: Vec<&Param> = operation.params.iter().filter(|param| param.is_argument()).collect();
    let unbound: Vec<_> = unbound_body_fields(operation).collect();
    let params: Vec<TokenStream> =
        constructor_arguments(operation).into_iter().map(|(name, ty)| quote!(#name: #ty)).collect();
    let mut argument_docs = vec![format!("Starts a `{}` request.", operation.id)];
    if !params.is_empty() {
        argument_docs.push(String::new());
    }
    for param in &arguments {
        let text = param.docs.join(" ");
        let text = if text.is_empty() { String::new() } else { format!(": {text}") };
        argument_docs.push(format!("- `{}` (`{}`){text}", unraw(&param.field), param.spec_name));
    }
    for field in &unbound {
        argument_docs.push(format!(
            "- `{}` (body `{}`): {}",
            unraw(&field.name),
            field.wire_name,
            field.docs.join(" ")
        ));
    }
    if let Some(body) = operation.value_body.as_ref().filter(|body| !body.optional) {
        let text = body.docs.join(" ");
        let text = if text.is_empty() { String::new() } else { format!(": {text}") };
        argument_docs.push(format!("- `body` (`{}`){text}", body.content_type));
    }
    let docs = doc(&argument_docs);
    let conversions = arguments.iter().map(|param| {
        let field = ident(&param.field);
        let (ty, convert) = (param_type(param), param_input(param, quote!(#field)).1);
        quote!(let #field: #ty = #convert;)
    });
    let inits = operation.params.iter().filter(|param| param.has_field()).map(|param| {
        let field = ident(&param.field);
        if param.is_argument() {
            quote!(#field,)
        } else if param.is_optional() {
            quote!(#field: None,)
        } else {
            quote!(#field: crate::runtime::new_request_id(),)
        }
    });
    let body = operation.body.as_ref().map(|body| {
        let model = ident(&body.model);
        let values = body.required.iter().map(|(field, source)| match source {
            Some(param) => {
                let param = ident(param);
                quote!(#param.clone())
            }
            None => {
                let name = ident(&field.name);
                quote!(#name)
            }
        });
        if body.optional {
            quote!(let body = None;)
        } else if body.required.is_empty() {
            quote!(let body = Default::default();)
        } else {
            quote!(let body = #models #model::new(#(#values),*);)
        }
    });
    let body_init = operation.body.as_ref().map(|_| quote!(body,));
    let body_init = body_init.or_else(|| {
        operation.value_body.as_ref().map(|body| if body.optional { quote!(body: None,) } else { quote!(body,) })
    });
    let mut lints = Vec::new();
    if params.len() > 7 {
        lints.push(quote!(#[allow(clippy::too_many_arguments)]));
    }
    if params.is_empty() {
        lints.push(quote!(#[allow(clippy::new_without_default)]));
    }
    quote! {
        #docs
        #(#lints)*
        pub fn new(#(#params),*) -> Self {
            #(#conversions)*
            #body
            Self { client: (), #(#inits)* #body_init }
        }
    }
}

fn emit_setters(operation: &Operation) -> TokenStream {
    let models = quote!(crate::models::);
    let param_setters =
        operation.params.iter().filter(|param| param.has_field() && !param.is_argument()).map(|param| {
            let field = ident(&param.field);
            let mut docs = param.docs.clone();
            docs.push(String::new());
            docs.push(format!("Sets `{}`.", param.spec_name));
            if matches!(param.kind, ParamKind::Header { auto_uuid: true, .. }) {
                docs.push(
                    "A fresh UUID v4 is chosen when the builder is made; set one to correlate requests yourself."
                        .into(),
                );
            }
            let docs = doc(&docs);
            let (input, convert) = param_input(param, quote!(value));
            let value = if param.is_optional() { quote!(Some(#convert)) } else { convert };
            quote! {
                #docs
                pub fn #field(mut self, value: #input) -> Self {
                    self.#field = #value;
                    self
                }
            }
        });
    let body_setters = operation.body.iter().flat_map(|body| body_setters(body, &models));
    let whole_body = operation.body.as_ref().map(|body| whole_body_setter(body, &models));
    let value_body = operation.value_body.as_ref().filter(|body| body.optional).map(|body| {
        let ty = value_body_type(body);
        let mut docs = body.docs.clone();
        docs.push(String::new());
        docs.push(format!("Sets the request body (`{}`); without it the request has none.", body.content_type));
        let docs = doc(&docs);
        quote! {
            #docs
            pub fn body(mut self, value: #ty) -> Self {
                self.body = Some(value);
                self
            }
        }
    });
    quote! { #(#param_setters)* #(#body_setters)* #whole_body #value_body }
}

/// `body(value)`: the whole request body at once (from a file, another response, or a test's
/// example), with the properties bound to path parameters set again from those parameters.
fn whole_body_setter(body: &Body, models: &TokenStream) -> TokenStream {
    let model = ident(&body.model);
    let rebind: Vec<TokenStream> = body
        .required
        .iter()
        .filter_map(|(field, source)| {
            let (field, param) = (ident(&field.name), ident(source.as_ref()?));
            Some(quote!(self.body.#field = self.#param.clone();))
        })
        .collect();
    let mut docs = vec![format!(
        "Replaces the whole request body, a [`{0}`]({models_path}{0}), with `value`.",
        body.model,
        models_path = "crate::models::"
    )];
    if !rebind.is_empty() {
        docs.push(String::new());
        docs.push("Properties bound to path parameters keep the values of those parameters.".into());
    }
    if body.optional {
        docs.push(String::new());
        docs.push("The body is optional: without this or a property's setter, the request has none.".into());
    }
    let docs = doc(&docs);
    let value = if body.optional { quote!(Some(value)) } else { quote!(value) };
    quote! {
        #docs
        pub fn body(mut self, value: #models #model) -> Self {
            self.body = #value;
            #(#rebind)*
            self
        }
    }
}

fn body_setters<'a>(body: &'a Body, models: &'a TokenStream) -> impl Iterator<Item = TokenStream> + 'a {
    body.setters.iter().map(move |setter| {
        let name = ident(&setter.name);
        let docs = doc(&setter.docs);
        let (parameter, value) = match &setter.ty {
            Type::Boxed(name) => {
                let name = ident(name);
                (quote!(#models #name), quote!(Box::new(value)))
            }
            ty => converted_input(ty, &quote!(value)).unwrap_or_else(|| (rust_type(ty, models), quote!(value))),
        };
        let value = wrap_value(value, setter.presence);
        let (last, parents) = setter.path.split_last().expect("a setter path is never empty");
        let last = ident(last);
        let parents = parents.iter().map(|parent| {
            let parent = ident(parent);
            quote!(.#parent.get_or_insert_with(Default::default))
        });
        // An optional body comes into being with its first property.
        let body =
            if body.optional { quote!(self.body.get_or_insert_with(Default::default)) } else { quote!(self.body) };
        quote! {
            #docs
            pub fn #name(mut self, value: #parameter) -> Self {
                #body #(#parents)* .#last = #value;
                self
            }
        }
    })
}

fn emit_build(operation: &Operation) -> TokenStream {
    let path = operation.path.iter().map(|piece| match piece {
        PathPiece::Literal(text) => quote!(request.path(#text);),
        PathPiece::Param(field) => {
            let param = operation
                .params
                .iter()
                .find(|param| &param.field == field)
                .expect("lowering resolved every placeholder");
            let ParamKind::Path { rule, raw } = &param.kind else {
                unreachable!("a placeholder names a path parameter")
            };
            let (field, spec_name, rule) = (ident(field), &param.spec_name, ident(rule));
            let text = param_text(param, quote!(&self.#field));
            if *raw {
                quote!(request.raw_segment(#spec_name, #text, &#rule)?;)
            } else {
                quote!(request.segment(#spec_name, #text, &#rule)?;)
            }
        }
    });
    // A constrained query or header value is checked against its rule before it is added.
    let check = |param: &Param, rule: &Option<String>, text: &TokenStream| {
        rule.as_ref().map(|rule| {
            let (spec_name, rule) = (&param.spec_name, ident(rule));
            quote!(request.check(#spec_name, #text, &#rule)?;)
        })
    };
    let literal_queries = operation.literal_query.iter().map(|(name, value)| quote!(request.query(#name, #value);));
    let queries = operation.params.iter().filter_map(|param| {
        let ParamKind::Query { wire_name, api_version, rule, .. } = &param.kind else { return None };
        let field = ident(&param.field);
        Some(if *api_version {
            match &operation.api_version {
                Some(version) => quote!(request.query(#wire_name, #version);),
                None => quote!(request.query(#wire_name, API_VERSION);),
            }
        } else if param.is_optional() {
            let text = param_text(param, quote!(value));
            let check = check(param, rule, &text);
            quote!(if let Some(value) = &self.#field { #check request.query(#wire_name, #text); })
        } else {
            let text = param_text(param, quote!(&self.#field));
            let check = check(param, rule, &text);
            quote!(#check request.query(#wire_name, #text);)
        })
    });
    let headers = operation.params.iter().filter_map(|param| {
        let ParamKind::Header { wire_name, rule, .. } = &param.kind else { return None };
        let field = ident(&param.field);
        let spec_name = &param.spec_name;
        Some(if param.is_optional() {
            let text = param_text(param, quote!(value));
            let check = check(param, rule, &text);
            quote!(if let Some(value) = &self.#field { #check request.header(#spec_name, #wire_name, #text)?; })
        } else {
            let text = param_text(param, quote!(&self.#field));
            let check = check(param, rule, &text);
            quote!(#check request.header(#spec_name, #wire_name, #text)?;)
        })
    });
    let body = operation.body.as_ref().map(|body| {
        let write = |value: TokenStream| match body.encoding {
            Encoding::Json => quote!(request.json_body(#value)?;),
            Encoding::Form => quote!(request.form_body(#value)?;),
            Encoding::Multipart => quote!(request.multipart_body(#value)?;),
        };
        if body.optional {
            let write = write(quote!(body));
            quote!(if let Some(body) = &self.body { #write })
        } else {
            write(quote!(&self.body))
        }
    });
    let body = body.or_else(|| {
        operation.value_body.as_ref().map(|body| {
            let content_type = &body.content_type;
            // `value` is the body (`self.body`) or a reference to it (`body`).
            let write = |value: TokenStream| match &body.kind {
                ValueKind::Json(_) => quote!(request.json_body(&#value)?;),
                ValueKind::Text => quote!(request.text_body(#content_type, #value.clone())?;),
                ValueKind::Bytes => quote!(request.bytes_body(#content_type, #value.clone())?;),
            };
            if body.optional {
                let write = write(quote!(body));
                quote!(if let Some(body) = &self.body { #write })
            } else {
                write(quote!(self.body))
            }
        })
    });
    quote! {
        let mut request = crate::runtime::RequestBuilder::new(base_url);
        #(#path)*
        #(#literal_queries)*
        #(#queries)*
        #(#headers)*
        #body
        request.finish(Self::METHOD)
    }
}

/// The `Output` type of an operation: the one success's `Response`, or the enum of outcomes.
/// `module` is the path prefix of the API module's own types (empty inside it).
pub(super) fn output_type(operation: &Operation, module: &TokenStream) -> TokenStream {
    match operation.successes.as_slice() {
        [success] => response_type(success, module),
        _ => {
            let outcome = ident(&format!("{}Response", operation.name));
            quote!(#module #outcome)
        }
    }
}

/// The `Response` of one success: its body type and its header set.
fn response_type(success: &Success, module: &TokenStream) -> TokenStream {
    let body = match &success.body {
        None => quote!(()),
        Some(ValueKind::Json(ty)) => {
            let ty = rust_type(ty, &quote!(crate::models::));
            quote!(Option<#ty>)
        }
        Some(ValueKind::Text) => quote!(String),
        Some(ValueKind::Bytes) => quote!(Vec<u8>),
    };
    let headers = success.headers.as_ref().map_or_else(
        || quote!(()),
        |set| {
            let set = ident(set);
            quote!(#module #set)
        },
    );
    quote!(crate::Response<#body, #headers>)
}

/// The `Output` type, the body of `parse_response`, and the outcome enum where several statuses succeed.
fn emit_outcome(operation: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    let response_type = |success: &Success| response_type(success, &TokenStream::new());
    let read = |success: &Success| {
        let headers = success.headers.as_ref().map_or_else(
            || quote!(()),
            |set| {
                let set = ident(set);
                quote!(#set::from_headers(&parts.headers))
            },
        );
        let body = match &success.body {
            None => quote!(()),
            Some(ValueKind::Json(_)) => {
                quote!(crate::runtime::decode_optional_json(&parts, &body, crate::models::SECRET_PROPERTIES)?)
            }
            Some(ValueKind::Text) => quote!(crate::runtime::decode_text(&parts, body)?),
            Some(ValueKind::Bytes) => quote!(body),
        };
        quote!(crate::Response::new(parts.status, #headers, #body, parts.headers))
    };
    let fallback = quote!(_ => Err(crate::runtime::service_error(parts, body, crate::models::SECRET_PROPERTIES)),);
    // The outcomes are successes, or redirects for an operation that lists no success.
    let redirects = operation.successes.first().is_some_and(|success| success.status >= 300);
    let (class, in_class) =
        if redirects { (quote!(300..=399), quote!(is_redirection)) } else { (quote!(200..=299), quote!(is_success)) };
    if let [success] = operation.successes.as_slice() {
        let read = read(success);
        // The declared status, and any other of its class, is read as the one outcome, keeping its
        // real status: a declared JSON body may be absent (`None`); one that does not match is a
        // decode error.
        let parse = quote! {
            let (parts, body) = response.into_parts();
            match parts.status.as_u16() {
                #class => Ok(#read),
                #fallback
            }
        };
        return (output_type(operation, &TokenStream::new()), parse, TokenStream::new());
    }
    let outcome = ident(&format!("{}Response", operation.name));
    let arms = operation.successes.iter().map(|success| {
        let status = proc_macro2::Literal::u16_unsuffixed(success.status);
        let variant = ident(&success.variant);
        let read = read(success);
        quote!(#status => Ok(#outcome::#variant(#read)),)
    });
    let variants = operation.successes.iter().map(|success| {
        let variant = ident(&success.variant);
        let docs = doc(&success.docs);
        let ty = response_type(success);
        quote!(#docs #variant(#ty),)
    });
    let parse = quote! {
        let (parts, body) = response.into_parts();
        match parts.status.as_u16() {
            #(#arms)*
            _ if parts.status.#in_class() => Ok(#outcome::Other(crate::Response::new(parts.status, (), (), parts.headers))),
            #fallback
        }
    };
    let doc_line = format!(" The success outcomes of [`{}`], one per status.", operation.name);
    let class_name = if redirects { "redirect" } else { "success" };
    let other_doc = doc(&[
        format!("A {class_name} status the spec does not list: its real status and headers (a body,"),
        "if any, is not read).".to_owned(),
    ]);
    let outcome_enum = quote! {
        #[doc = #doc_line]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #outcome {
            #(#variants)*
            #other_doc
            Other(crate::Response<(), ()>),
        }
    };
    (output_type(operation, &TokenStream::new()), parse, outcome_enum)
}
