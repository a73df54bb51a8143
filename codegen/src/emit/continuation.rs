//! How the client carries an operation past its first response: the `Pageable` impl of an
//! operation whose answer is one page of a list, the `LongRunning` impl of one the service
//! finishes later, and the builder methods that walk the pages or wait for the end.

use super::{ident, rust_type};
use crate::ir::{Field, Ir, LongRunning, Model, Operation, Presence, Struct, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The impls and methods that continue `operation`, if it is pageable or long-running.
pub fn emit(ir: &Ir, operation: &Operation, output: &TokenStream) -> TokenStream {
    let pages = emit_pageable(ir, operation, output);
    let polls = emit_long_running(operation);
    quote!(#pages #polls)
}

/// The page model of a pageable operation, its items field and the items' type: what `pages()`
/// and `items()` need (`None` when the operation does not have them).
pub(crate) fn page_shape<'a>(ir: &'a Ir, operation: &'a Operation) -> Option<(&'a Struct, &'a Field, &'a Type)> {
    let pageable = operation.pageable.as_ref()?;
    // One success with a model as its body: the page. (Lowering warns about anything else.)
    let [success] = operation.successes.as_slice() else { return None };
    let Some(Type::Named(page_model)) = success.json_body() else { return None };
    let page = find_struct(ir, page_model)?;
    let items = page.fields.iter().find(|field| field.name == pageable.item_field)?;
    let Type::Vec(item_type) = &items.ty else { return None };
    Some((page, items, item_type))
}

fn emit_pageable(ir: &Ir, operation: &Operation, output: &TokenStream) -> Option<TokenStream> {
    let pageable = operation.pageable.as_ref()?;
    let (page, items, item_type) = page_shape(ir, operation)?;
    let item = rust_type(item_type, &quote!(crate::models::));
    let items_field = ident(&items.name);
    let into_items = match items.presence {
        Presence::Required => quote!(body.#items_field),
        Presence::Optional | Presence::RequiredNullable => quote!(body.#items_field.unwrap_or_default()),
        Presence::OptionalNullable => quote!(body.#items_field.into_option().unwrap_or_default()),
    };
    let link_field = pageable.next_link.as_ref().and_then(|(_, field)| {
        let presence = page.fields.iter().find(|candidate| &candidate.name == field)?.presence;
        Some((ident(field), presence))
    });
    // Without a link field the page goes unread (`_page`).
    let page_param = if link_field.is_some() { quote!(page) } else { quote!(_page) };
    let next_link = match link_field {
        None => quote!(None),
        Some((field, presence)) => {
            let link = match presence {
                Presence::Required => quote!(Some(body.#field.as_str())),
                Presence::Optional | Presence::RequiredNullable => quote!(body.#field.as_deref()),
                Presence::OptionalNullable => quote!(body.#field.as_option().map(String::as_str)),
            };
            quote!(page.body.as_ref().and_then(|body| #link))
        }
    };
    let name = ident(&operation.name);
    Some(quote! {
        impl<C> crate::runtime::Pageable for #name<C> {
            type Item = #item;
            // A page without a body has no items and no next page.
            fn next_link(#page_param: &Self::Output) -> Option<&str> {
                #next_link
            }
            fn into_items(page: Self::Output) -> Vec<#item> {
                page.body.map(|body| #into_items).unwrap_or_default()
            }
        }
        #[cfg(feature = "client")]
        impl<'a> #name<&'a crate::Client> {
            /// Every page, following the next page links: see [`crate::runtime::Client::pages`].
            pub fn pages(self) -> impl crate::runtime::Stream<Item = Result<#output, crate::Error>> + 'a {
                let client = self.client;
                client.pages(self)
            }
            /// Every element of every page: see [`crate::runtime::Client::items`].
            pub fn items(self) -> impl crate::runtime::Stream<Item = Result<#item, crate::Error>> + 'a {
                let client = self.client;
                client.items(self)
            }
        }
    })
}

fn emit_long_running(operation: &Operation) -> Option<TokenStream> {
    let long_running = operation.long_running?;
    let via = match long_running {
        LongRunning::Default => quote!(None),
        LongRunning::AzureAsyncOperation => quote!(Some(crate::runtime::FinalStateVia::AzureAsyncOperation)),
        LongRunning::Location => quote!(Some(crate::runtime::FinalStateVia::Location)),
        LongRunning::OriginalUri => quote!(Some(crate::runtime::FinalStateVia::OriginalUri)),
        LongRunning::OperationLocation => quote!(Some(crate::runtime::FinalStateVia::OperationLocation)),
    };
    // The final resource is the body of the first success that has one; without one, whatever
    // JSON the service ends with.
    let final_type = operation
        .successes
        .iter()
        .find_map(|success| success.json_body())
        .map_or_else(|| quote!(crate::runtime::RawJson), |body| rust_type(body, &quote!(crate::models::)));
    let name = ident(&operation.name);
    // `wait` gives the runtime's future itself rather than being an `async fn` around it: one
    // coroutine fewer per operation for every build to check (1.4 ms of check each).
    Some(quote! {
        impl<C> crate::runtime::LongRunning for #name<C> {
            type Final = #final_type;
            const FINAL_STATE_VIA: Option<crate::runtime::FinalStateVia> = #via;
        }
        #[cfg(feature = "client")]
        impl #name<&crate::Client> {
            /// Sends the request and waits until the operation ends, then gives its final
            /// resource (`None` when it ends without one): see [`crate::runtime::Client::wait`].
            pub fn wait(self, polling: &crate::runtime::Polling) -> impl std::future::Future<Output = Result<Option<#final_type>, crate::Error>> {
                let client = self.client;
                client.wait(self, polling)
            }
        }
    })
}

/// The struct model named `name` (models are sorted by name).
fn find_struct<'a>(ir: &'a Ir, name: &str) -> Option<&'a Struct> {
    let index = ir.models.binary_search_by(|model| model.name().cmp(name)).ok()?;
    match &ir.models[index] {
        Model::Struct(model) => Some(model),
        _ => None,
    }
}
