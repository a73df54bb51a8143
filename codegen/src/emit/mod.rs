//! Stage 3: the IR to token streams with `quote!`, one per generated file.

mod api;
pub(crate) mod continuation;
mod mock;
mod models;
pub(crate) mod server;

use crate::ir::{Api, Ir, Model, Operation, Presence, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// How many models one piece of `models.rs` holds: each piece is emitted and rendered on its
/// own, so that memory stays bounded and pieces render in parallel.
const MODELS_PER_PIECE: usize = 64;

/// How many operations one piece of an API module holds (see `MODELS_PER_PIECE`).
const OPERATIONS_PER_PIECE: usize = 16;

/// What one piece of a generated file holds.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// `mod.rs`: the module index.
    Index,
    /// Part of `models.rs`; the first part also holds the file's constants.
    Models { first: bool, models: &'a [Model] },
    /// The head of an API module: docs, constants, path rules, header sets.
    ApiHead(&'a Api),
    /// Some of an API module's request builders.
    ApiOperations { api: &'a Api, operations: &'a [Operation] },
    /// The client's methods of an API module.
    ApiClient(&'a Api),
    /// The end of an API module: its `server` module.
    ApiServer(&'a Api),
}

/// Every piece of every generated file, in output order: `(file path, piece)`. A file is the
/// concatenation of its pieces' rendered text.
pub fn plan(ir: &Ir) -> Vec<(String, Piece<'_>)> {
    let mut pieces = vec![("mod.rs".to_owned(), Piece::Index)];
    let chunks: Vec<&[Model]> =
        if ir.models.is_empty() { vec![&[]] } else { ir.models.chunks(MODELS_PER_PIECE).collect() };
    for (index, models) in chunks.into_iter().enumerate() {
        pieces.push(("models.rs".to_owned(), Piece::Models { first: index == 0, models }));
    }
    for api in &ir.apis {
        let path = format!("{}.rs", api.module);
        pieces.push((path.clone(), Piece::ApiHead(api)));
        for operations in api.operations.chunks(OPERATIONS_PER_PIECE) {
            pieces.push((path.clone(), Piece::ApiOperations { api, operations }));
        }
        pieces.push((path.clone(), Piece::ApiClient(api)));
        pieces.push((path, Piece::ApiServer(api)));
    }
    pieces
}

/// The tokens of one piece.
pub fn emit(ir: &Ir, piece: Piece) -> TokenStream {
    match piece {
        Piece::Index => module_index(ir),
        Piece::Models { first, models } => models::emit(ir, first, models),
        Piece::ApiHead(api) => api::emit_head(api),
        Piece::ApiOperations { api, operations } => api::emit_operations(ir, api, operations),
        Piece::ApiClient(api) => api::emit_client_methods(api),
        Piece::ApiServer(api) => server::emit_server(ir, api),
    }
}

fn module_index(ir: &Ir) -> TokenStream {
    let apis = ir.apis.iter().map(|api| {
        let module = ident(&api.module);
        let feature = &api.module;
        let summary = api.docs.first().map(|line| doc(std::slice::from_ref(line))).unwrap_or_default();
        quote! {
            #summary
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! {
        /// The models of every API: structs, open enums and discriminated unions.
        pub mod models;
        #(#apis)*
        #CLIENT
    }
}

/// The crate's client: the runtime's, to which each API module adds its method (an inherent
/// `impl` needs a type of this crate), and which dereferences to it for `send`, `pages`,
/// `items` and `wait`.
const CLIENT: Client = Client;

struct Client;

impl quote::ToTokens for Client {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote! {
            /// Calls the service: [`crate::runtime::Client`] (token, timeout, retries, paging,
            /// polling), with one method per API that starts its operations. Cheap to clone.
            #[cfg(feature = "client")]
            #[derive(Debug, Clone)]
            pub struct Client(crate::runtime::Client);
            #[cfg(feature = "client")]
            impl Client {
                /// A client with the default settings: each API's base URL, the `reqwest`
                /// transport, a 60 s timeout and the default retry policy.
                #[cfg(feature = "reqwest")]
                pub fn new(credential: impl crate::runtime::Credential + 'static) -> Self {
                    Client(crate::runtime::Client::new(credential))
                }
                /// Starts a client with other settings; `build()` gives this crate's client.
                pub fn builder(credential: impl crate::runtime::Credential + 'static) -> crate::runtime::ClientBuilder<Client> {
                    crate::runtime::ClientBuilder::new(credential)
                }
            }
            #[cfg(feature = "client")]
            impl From<crate::runtime::Client> for Client {
                fn from(client: crate::runtime::Client) -> Self {
                    Client(client)
                }
            }
            #[cfg(feature = "client")]
            impl std::ops::Deref for Client {
                type Target = crate::runtime::Client;
                fn deref(&self) -> &crate::runtime::Client {
                    &self.0
                }
            }
        });
    }
}

/// An identifier; names starting with `r#` become raw identifiers. Lowering made every name valid.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc attributes, one per line, each with the leading space `///` comments have.
fn doc(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #(#[doc = #lines])* }
}

/// The Rust type of a value; `models` is the path prefix of model types (empty inside `models`).
fn rust_type(ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Secret => quote!(crate::runtime::Secret),
        Type::Timestamp => quote!(crate::runtime::Timestamp),
        Type::HttpDate => quote!(crate::runtime::HttpDate),
        Type::Duration => quote!(crate::runtime::IsoDuration),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Json => quote!(serde_json::Value),
        Type::File => quote!(crate::runtime::FilePart),
        Type::Vec(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Type::Named(name) => {
            let name = ident(name);
            quote!(#models #name)
        }
        Type::Boxed(name) => {
            let name = ident(name);
            quote!(Box<#models #name>)
        }
    }
}

/// The Rust type of a value as code outside the generated crate names it, the crate being
/// `krate` (`Vec < my_api :: models :: Thing >`): for programs that call a generated crate.
pub fn type_path(ty: &Type, krate: &str) -> String {
    let krate = ident(krate);
    rust_type(ty, &quote!(#krate::models::)).to_string().replace("crate :: runtime", &format!("{krate} :: runtime"))
}

/// The type of a field with this presence.
fn field_type(ty: &Type, presence: Presence, models: &TokenStream) -> TokenStream {
    with_presence(rust_type(ty, models), presence)
}

/// The type a field's value is read as where its JSON form is wider than its Rust type (an
/// integer anywhere in it: `runtime::object::Integral`), else `None`: the field's own type.
fn widened_field_type(ty: &Type, presence: Presence) -> Option<TokenStream> {
    fn widened(ty: &Type) -> Option<TokenStream> {
        match ty {
            Type::I32 => Some(quote!(crate::runtime::object::Integral<i32>)),
            Type::I64 => Some(quote!(crate::runtime::object::Integral<i64>)),
            Type::Vec(item) => widened(item).map(|item| quote!(Vec<#item>)),
            Type::Map(value) => widened(value).map(|value| quote!(std::collections::BTreeMap<String, #value>)),
            _ => None,
        }
    }
    let ty = widened(ty)?;
    // An `Optional` field's reader adds the `Option` itself.
    Some(if presence == Presence::Optional { ty } else { with_presence(ty, presence) })
}

/// `ty` as a field of this presence: itself, an `Option` or a `Nullable`.
fn with_presence(ty: TokenStream, presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(crate::runtime::Nullable<#ty>),
    }
}

/// An expression that wraps `value` for a field with this presence.
fn wrap_value(value: TokenStream, presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => value,
        Presence::RequiredNullable | Presence::Optional => quote!(Some(#value)),
        Presence::OptionalNullable => quote!(crate::runtime::Nullable::Value(#value)),
    }
}
