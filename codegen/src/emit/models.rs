//! Emitting `models.rs`: structs, open enums and discriminated unions.

use super::{doc, field_type, ident, rust_type, widened_field_type};
use crate::ir::{Enum, EnumVariant, EnumWire, Field, Ir, Model, Presence, Struct, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// Some of the models; the `first` piece also holds the file's constants.
pub fn emit(ir: &Ir, first: bool, models: &[Model]) -> TokenStream {
    let models = models.iter().map(|model| {
        let gate = gate(ir.model_gates.get(model.name()));
        match model {
            Model::Struct(model) => emit_struct(model, &gate),
            Model::Enum(model) => emit_enum(model, &gate),
            Model::Union(model) => emit_union(model, &gate),
        }
    });
    let secrets = &ir.secret_properties;
    let constants = first.then(|| {
        quote! {
            /// The JSON names of the properties the spec marks secret: their values are redacted from
            /// the body text that errors carry.
            pub const SECRET_PROPERTIES: &[&str] = &[#(#secrets),*];
        }
    });
    quote! {
        #constants
        #(#models)*
    }
}

/// The `#[cfg]` of a model that only some APIs reach (nothing for one always compiled); it goes
/// on each of the model's items.
fn gate(features: Option<&Vec<String>>) -> TokenStream {
    match features.map(Vec::as_slice) {
        None => TokenStream::new(),
        Some([feature]) => quote!(#[cfg(feature = #feature)]),
        Some(features) => quote!(#[cfg(any(#(feature = #features),*))]),
    }
}

fn emit_struct(model: &Struct, gate: &TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc(&model.docs);
    let local = TokenStream::new();
    let fields = model.fields.iter().map(|field| {
        let docs = doc(&field.docs);
        let field_name = ident(&field.name);
        let ty = field_type(&field.ty, field.presence, &local);
        quote! { #docs pub #field_name: #ty, }
    });
    // Unknown properties are kept as sent and written back by every struct, so that reading a
    // resource and sending it back loses nothing a newer service version added; the field is
    // public where the spec declares additional properties, else private.
    let extras_name = extras_field(model);
    let extras = match model.keeps_extras {
        true => quote! {
            /// Properties this crate does not know, kept as sent and written back.
            pub additional_properties: crate::runtime::AdditionalProperties,
        },
        false => quote!(#extras_name: crate::runtime::AdditionalProperties,),
    };
    // Private, so not part of the API: which `Option` fields came as `null` (see `ReceivedNulls`).
    let nulls = model.has_optional_fields().then(|| quote!(__received_nulls: crate::runtime::object::ReceivedNulls,));
    let required: Vec<&Field> = model.required_fields().collect();
    let default = required.is_empty().then(|| quote!(Default,));
    let constructor = (!required.is_empty()).then(|| {
        let params = required.iter().map(|field| {
            let name = ident(&field.name);
            let ty = field_type(&field.ty, field.presence, &local);
            quote!(#name: #ty)
        });
        let inits = model.fields.iter().map(|field| {
            let name = ident(&field.name);
            if field.presence.is_required() { quote!(#name) } else { quote!(#name: Default::default()) }
        });
        let extras_init = quote!(#extras_name: Default::default(),);
        let nulls_init = model.has_optional_fields().then(|| quote!(__received_nulls: Default::default(),));
        let lint = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let doc_line =
            format!(" A `{}` with its required properties; set the optional ones on the result.", model.name);
        quote! {
            #gate
            impl #name {
                #[doc = #doc_line]
                #lint
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* #extras_init #nulls_init }
                }
            }
        }
    });
    let serialize = emit_struct_serialize(model);
    let deserialize = emit_struct_deserialize(model, gate);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extras
            #nulls
        }
        #constructor
        #gate
        #serialize
        #gate
        #deserialize
    }
}

/// The field that keeps a struct's unknown properties: `additional_properties` where the spec
/// declares them, else the private `__unknown`.
fn extras_field(model: &Struct) -> proc_macro2::Ident {
    ident(if model.keeps_extras { "additional_properties" } else { "__unknown" })
}

/// A `Serialize` that writes the object with one `ObjectWriter` call per property (see
/// `runtime::object`): an absent `Option` or `Nullable` is left out, unknown properties are
/// written back after the known ones, as serde's derive with `skip_serializing_if` and
/// `flatten` would.
fn emit_struct_serialize(model: &Struct) -> TokenStream {
    let name = ident(&model.name);
    let writes = model.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required | Presence::RequiredNullable => quote!(__object.field(#wire, &self.#field_name);),
            Presence::Optional => quote!(__object.optional(#wire, &self.#field_name, &self.__received_nulls);),
            Presence::OptionalNullable => quote!(__object.nullable(#wire, &self.#field_name);),
        }
    });
    let extras_name = extras_field(model);
    let extras = quote!(__object.extras(&self.#extras_name););
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut __object = crate::runtime::object::ObjectWriter::start(serializer)?;
                #(#writes)*
                #extras
                __object.end()
            }
        }
    }
}

/// A `Deserialize` that reads the object with one `visit_map` (see `runtime::object`): keys
/// matched into locals, each property at most once, unknown ones kept or skipped, and no
/// array form. Locals are the fields' own names; the visitor's are prefixed so none can clash.
fn emit_struct_deserialize(model: &Struct, gate: &TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let locals = model.fields.iter().map(|field| ident(&field.name));
    let arms = model.fields.iter().map(|field| {
        let local = ident(&field.name);
        let wire = &field.wire_name;
        let optional = field.presence == Presence::Optional;
        match widened_field_type(&field.ty, field.presence) {
            Some(wide) if optional => quote!(#wire => crate::runtime::object::optional_field_as::<#wide, _, _>(&mut __map, &mut #local, #wire, &mut __received_nulls),),
            Some(wide) => quote!(#wire => crate::runtime::object::field_as::<#wide, _, _>(&mut __map, &mut #local, #wire),),
            None if optional => quote!(#wire => crate::runtime::object::optional_field(&mut __map, &mut #local, #wire, &mut __received_nulls),),
            None => quote!(#wire => crate::runtime::object::field(&mut __map, &mut #local, #wire),),
        }
    });
    let (nulls_local, nulls_init) = if model.has_optional_fields() {
        (
            quote!(let mut __received_nulls = crate::runtime::object::ReceivedNulls::default();),
            quote!(__received_nulls,),
        )
    } else {
        (quote!(), quote!())
    };
    let inits = model.fields.iter().map(|field| {
        let local = ident(&field.name);
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required => quote!(#local: crate::runtime::object::required(#local, #wire)?,),
            // A missing `Option` is `None`, a missing `Nullable` is absent (as serde's derive reads them).
            _ => quote!(#local: #local.unwrap_or_default(),),
        }
    });
    let extras_name = extras_field(model);
    let extras_local = quote!(let mut #extras_name = crate::runtime::AdditionalProperties::new(););
    let unknown_arm = quote!(crate::runtime::object::extra(&mut __map, &mut #extras_name, __key));
    let extras_init = quote!(#extras_name,);
    // A struct without fields reads every key as unknown: no `match` of one arm. The arms
    // give a `Result` each and one `?` takes them all: a `?` per arm costs type checking and
    // borrow checking time in every build of the crate.
    let dispatch = if model.fields.is_empty() {
        quote!(#unknown_arm?;)
    } else {
        quote! {
            match __key.as_str() {
                #(#arms)*
                _ => #unknown_arm,
            }?;
        }
    };
    let name_text = &model.name;
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::object::deserialize(deserializer)
            }
        }
        #gate
        impl crate::runtime::object::Object for #name {
            const NAME: &'static str = #name_text;
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #(let mut #locals = None;)*
                #extras_local
                #nulls_local
                while let Some(__key) = __map.next_key::<crate::runtime::object::Key>()? {
                    #dispatch
                }
                Ok(Self { #(#inits)* #extras_init #nulls_init })
            }
        }
    }
}

/// An open enum: a variant per documented value and one that keeps any other. A string enum
/// reads and writes JSON strings; an integer enum is `Copy` and reads and writes JSON numbers.
fn emit_enum(model: &Enum, gate: &TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc(&model.docs);
    let unknown = ident(&model.unknown_variant);
    let variants = model.variants.iter().map(|variant| {
        let docs = doc(&variant.docs);
        let variant = ident(&variant.name);
        quote!(#docs #variant,)
    });
    let wire = |variant: &EnumVariant| match model.wire {
        EnumWire::Text => {
            let text = &variant.wire_value;
            quote!(#text)
        }
        EnumWire::Integer => {
            // Lowering checked that every value is an `i64`.
            let value: i64 = variant.wire_value.parse().unwrap_or_default();
            let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
            if value < 0 { quote!(-#magnitude) } else { quote!(#magnitude) }
        }
    };
    let from_arms = model.variants.iter().map(|variant| {
        let wire = wire(variant);
        let variant = ident(&variant.name);
        quote!(#wire => Self::#variant,)
    });
    let value_arms = model.variants.iter().map(|variant| {
        let wire = wire(variant);
        let variant = ident(&variant.name);
        quote!(Self::#variant => #wire,)
    });
    let (derives, kept, accessor, read_unknown, input, impls) = match model.wire {
        EnumWire::Text => (
            quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)]),
            quote!(/// A value this crate does not know, kept as sent.
                #unknown(crate::runtime::UnknownValue)),
            quote!(pub fn as_str(&self) -> &str),
            quote!(value.as_str()),
            quote!(&str),
            quote!(crate::runtime::open_enum_impls!(#name, #unknown);),
        ),
        EnumWire::Integer => (
            quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]),
            quote!(/// An integer this crate does not know, kept as sent.
                #unknown(crate::runtime::UnknownInteger)),
            quote!(pub fn value(self) -> i64),
            quote!(value.value()),
            quote!(i64),
            quote!(crate::runtime::open_integer_enum_impls!(#name, #unknown);),
        ),
    };
    quote! {
        #docs
        #gate
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #kept,
        }
        #gate
        impl #name {
            /// The value on the wire.
            #accessor {
                match self {
                    #(#value_arms)*
                    Self::#unknown(value) => #read_unknown,
                }
            }
            fn from_known(value: #input) -> Option<Self> {
                Some(match value {
                    #(#from_arms)*
                    _ => return None,
                })
            }
        }
        #gate
        #impls
    }
}

fn emit_union(model: &Union, gate: &TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let docs = doc(&model.docs);
    let tag = &model.tag;
    let unknown = ident(&model.unknown_variant);
    let unknown_struct = ident(&model.unknown_struct);
    let unknown_doc = format!(" A `{}` this crate does not know: its properties, every one kept as sent.", model.tag);
    let variants = model.variants.iter().map(|variant| {
        let docs = doc(&variant.docs);
        let tag_value = &variant.tag_value;
        let name = ident(&variant.name);
        let payload = ident(&variant.struct_name);
        quote!(#docs #[serde(rename = #tag_value)] #name(#payload),)
    });
    let dispatch = model.variants.iter().map(|variant| {
        let tag_value = &variant.tag_value;
        let name = ident(&variant.name);
        quote!(#tag_value => object.into_variant().map(Self::#name),)
    });
    let tag_arms = model.variants.iter().map(|variant| {
        let tag_value = &variant.tag_value;
        let name = ident(&variant.name);
        quote!(Self::#name(_) => #tag_value,)
    });
    let tag_accessor = ident(&model.tag_field);
    let tag_doc = format!(" The discriminator `{}`.", model.tag);
    let accessors = model.shared_fields.iter().map(|field| {
        let docs = doc(&field.docs);
        let field_name = ident(&field.name);
        let ty = rust_type(&field.ty, &TokenStream::new());
        let (output, read) = match field.presence {
            Presence::Required => (quote!(&#ty), quote!(&value.#field_name)),
            Presence::RequiredNullable | Presence::Optional => {
                (quote!(Option<&#ty>), quote!(value.#field_name.as_ref()))
            }
            Presence::OptionalNullable => (quote!(Option<&#ty>), quote!(value.#field_name.as_option())),
        };
        let arms = model.variants.iter().map(|variant| ident(&variant.name)).chain([unknown.clone()]);
        quote! {
            #docs
            pub fn #field_name(&self) -> #output {
                match self {
                    #(Self::#arms(value) => #read,)*
                }
            }
        }
    });
    let deserialize_doc = format!(" Reads `{tag}` first, then the variant it names; an unknown `{tag}` is kept whole.");
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #[serde(untagged)]
            #unknown(#unknown_struct),
        }
        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            #[doc = #deserialize_doc]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let object = crate::runtime::TaggedObject::read(deserializer, #tag)?;
                match object.tag() {
                    #(#dispatch)*
                    _ => object.into_unknown().map(Self::#unknown),
                }
            }
        }
        #gate
        impl #name {
            #[doc = #tag_doc]
            pub fn #tag_accessor(&self) -> &str {
                match self {
                    #(#tag_arms)*
                    Self::#unknown(value) => value.#tag_accessor.as_str(),
                }
            }
            #(#accessors)*
        }
    }
}
