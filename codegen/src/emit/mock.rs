//! The bodies the generated server makes up rather than reads: each `Mock` answer (the spec's
//! example, else the least valid body of its type) and the API's error body for a refused request.

use super::api::output_type;
use super::ident;
use super::server::request_name;
use crate::ir::{Api, EnumWire, Model, Operation, Presence, Type, ValueKind};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The largest example answer a `Mock` embeds; it answers a larger one's least valid body, so
/// that a few huge examples do not weigh on every build of the crate.
const MAX_EXAMPLE_BYTES: usize = 16 * 1024;

/// The `Mock`'s method of one operation.
pub(super) fn mock_method(models: &HashMap<&str, &Model>, operation: &Operation) -> TokenStream {
    let method = ident(&operation.client_method);
    let request = request_name(operation);
    let output = output_type(operation, &quote!(super::));
    let answer = match operation.successes.first() {
        Some(success) => {
            let code = proc_macro2::Literal::u16_unsuffixed(success.status);
            let body = match &success.body {
                None => quote!(()),
                Some(ValueKind::Json(ty)) => {
                    let least = minimal_json(models, ty, 0).to_string();
                    match success.example.as_ref().filter(|example| example.len() <= MAX_EXAMPLE_BYTES) {
                        Some(example) => quote!(Some(crate::runtime::server::mock_body_or(#example, #least)?)),
                        None => quote!(Some(crate::runtime::server::mock_body(#least)?)),
                    }
                }
                Some(ValueKind::Text) => quote!(String::new()),
                Some(ValueKind::Bytes) => quote!(Vec::new()),
            };
            let headers = match &success.headers {
                Some(set) => {
                    let set = ident(set);
                    quote!(super::#set::default())
                }
                None => quote!(()),
            };
            let response = quote! {
                crate::Response::new(crate::runtime::server::status(#code), #headers, #body, http::HeaderMap::new())
            };
            if operation.successes.len() == 1 {
                response
            } else {
                let (outcome, variant) = (ident(&format!("{}Response", operation.name)), ident(&success.variant));
                quote!(super::#outcome::#variant(#response))
            }
        }
        None => {
            let outcome = ident(&format!("{}Response", operation.name));
            quote!(super::#outcome::Other(crate::Response::new(http::StatusCode::OK, (), (), http::HeaderMap::new())))
        }
    };
    quote! {
        async fn #method(&self, _request: #request) -> Result<#output, crate::runtime::server::ErrorAnswer> {
            Ok(#answer)
        }
    }
}

/// The least JSON value of a type: the required properties of an object only, the first value
/// of an enum, the first variant of a union, empty text and arrays, zero. A model that can only
/// hold itself through required properties ends in `null` past a few levels.
fn minimal_json(models: &HashMap<&str, &Model>, ty: &Type, depth: usize) -> Value {
    match ty {
        Type::String | Type::Secret => json!(""),
        Type::Timestamp => json!("1970-01-01T00:00:00Z"),
        Type::HttpDate => json!("Thu, 01 Jan 1970 00:00:00 GMT"),
        Type::Duration => json!("PT0S"),
        Type::I32 | Type::I64 => json!(0),
        Type::F32 | Type::F64 => json!(0.0),
        Type::Bool => json!(false),
        Type::Json | Type::Map(_) => json!({}),
        Type::File => json!(""),
        Type::Vec(_) => json!([]),
        Type::Named(name) | Type::Boxed(name) => {
            if depth > 8 {
                return Value::Null;
            }
            match models.get(name.as_str()) {
                Some(Model::Struct(model)) => object(models, &model.fields, depth),
                Some(Model::Enum(model)) => match (model.wire, model.variants.first()) {
                    (EnumWire::Integer, Some(first)) => first.wire_value.parse::<i64>().map_or(json!(0), |n| json!(n)),
                    (EnumWire::Integer, None) => json!(0),
                    (EnumWire::Text, first) => json!(first.map_or("", |first| first.wire_value.as_str())),
                },
                Some(Model::Union(model)) => {
                    let first = model.variants.first();
                    let variant = first.and_then(|variant| models.get(variant.struct_name.as_str()));
                    let mut value = match variant {
                        Some(Model::Struct(variant)) => object(models, &variant.fields, depth),
                        _ => object(models, &model.shared_fields, depth),
                    };
                    let tag = first.map_or_else(|| "unknown".to_owned(), |variant| variant.tag_value.clone());
                    value[model.tag.as_str()] = json!(tag);
                    value
                }
                None => Value::Null,
            }
        }
    }
}

fn object(models: &HashMap<&str, &Model>, fields: &[crate::ir::Field], depth: usize) -> Value {
    let mut object = serde_json::Map::new();
    for field in fields {
        match field.presence {
            Presence::Required => {
                object.insert(field.wire_name.clone(), minimal_json(models, &field.ty, depth + 1));
            }
            Presence::RequiredNullable => {
                object.insert(field.wire_name.clone(), Value::Null);
            }
            Presence::Optional | Presence::OptionalNullable => {}
        }
    }
    Value::Object(object)
}

/// The API's error body for a refused request, from the error type most of its operations give
/// a `400` (their `400`, else `4XX`, else `default` answer): its least valid body with markers
/// where the runtime puts the code, message, parameter and status (see
/// `Rejection::into_response_in`). Azure's `{"error": {...}}` nests them; other APIs name them
/// by convention (`message`, `detail`; `code`, `error`, `title`; `target`, `field`; an integer
/// `status` or `code`). `None` when no operation types its 400 or the type has no place for a
/// message: the runtime then answers in Azure's shape.
pub(super) fn rejection_shape(models: &HashMap<&str, &Model>, api: &Api) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for operation in &api.operations {
        let covering = |wanted: &dyn Fn(&crate::ir::Failure) -> bool| operation.failures.iter().find(|f| wanted(f));
        let failure = covering(&|failure| failure.status == "400")
            .or_else(|| covering(&|failure| failure.codes().is_some_and(|codes| codes.contains(&400))))
            .or_else(|| covering(&|failure| failure.status == "default"));
        if let Some(Type::Named(name) | Type::Boxed(name)) = failure.and_then(|failure| failure.body.as_ref()) {
            match counts.iter_mut().find(|(known, _)| known == name) {
                Some((_, count)) => *count += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    // The most used type; of as many, the first met.
    let (name, _) = counts.iter().rev().max_by_key(|(_, count)| *count)?;
    let ty = Type::Named((*name).to_owned());
    let mut body = minimal_json(models, &ty, 0);
    mark_places(models, name, &mut body, 0).then(|| body.to_string())
}

/// Puts the markers into `body`, a value of the struct `name`; whether it found a place for the
/// message.
fn mark_places(models: &HashMap<&str, &Model>, name: &str, body: &mut Value, depth: usize) -> bool {
    let Some(Model::Struct(model)) = models.get(name) else { return false };
    if depth > 2 || !body.is_object() {
        return false;
    }
    // Azure's shape: the fields inside `error`.
    let nested = model.fields.iter().find(|field| field.wire_name == "error");
    if let Some(Type::Named(inner) | Type::Boxed(inner)) = nested.map(|field| &field.ty)
        && matches!(models.get(inner.as_str()), Some(Model::Struct(_)))
    {
        let mut inner_body = body.get("error").filter(|value| value.is_object()).cloned();
        let inner_body = inner_body.get_or_insert_with(|| minimal_json(models, &Type::Named(inner.clone()), 0));
        if mark_places(models, inner, inner_body, depth + 1) {
            body["error"] = inner_body.take();
            return true;
        }
    }
    let mut taken: Vec<&str> = Vec::new();
    for field in &model.fields {
        let wire = field.wire_name.to_ascii_lowercase();
        let text = matches!(field.ty, Type::String);
        let integer = matches!(field.ty, Type::I32 | Type::I64);
        let role = match wire.as_str() {
            "message" | "detail" | "error_description" | "errormessage" | "description" if text => "message",
            "code" | "errorcode" | "error_code" | "error" | "title" if text => "code",
            "target" | "field" | "parameter" | "param" if text => "target",
            "status" | "code" | "statuscode" | "status_code" if integer => "status",
            _ => continue,
        };
        if !taken.contains(&role) {
            taken.push(role);
            body[field.wire_name.as_str()] = json!(format!("\u{0}{role}"));
        }
    }
    taken.contains(&"message")
}
