//! The spec format: Rust types that mirror the YAML files in `spec/` one to one (see `spec/README.md`).
//!
//! Nothing is checked here beyond what serde checks (types, unknown keys, duplicate keys):
//! every rule about meaning lives in `lower`. Names and references keep their source position
//! (`Spanned`) so that lowering can point at them.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A string with the line and column it was read from.
pub type Text = Spanned<String>;

/// One YAML file of the spec. A file may describe one API (its `api` block and operations) and
/// any number of definitions; definitions of all files share one namespace.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Data Factory client spec",
    description = "One file of the hand-authored spec (see spec/README.md)."
)]
pub struct SpecFile {
    /// The file an import read to write this one (`cargo xtask generate --emit-spec`): the
    /// `@generated` header names it instead of this file, so that Rust generated from the
    /// written YAML is byte for byte the Rust generated from the original input.
    #[serde(default, rename = "importedFrom")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
    /// The API this file describes; absent in a file that only holds definitions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<Api>,
    /// Parameters shared by several operations, referred to as `$ref: Name`.
    #[serde(default)]
    #[schemars(with = "IndexMap<String, Parameter>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<Text, Parameter>,
    /// Named sets of typed response headers, referred to by `headers: Name` in a response.
    #[serde(default, rename = "responseHeaders")]
    #[schemars(with = "IndexMap<String, IndexMap<String, Header>>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_headers: IndexMap<Text, IndexMap<Text, Header>>,
    /// Operations keyed by operation id (`Group_Action`).
    #[serde(default)]
    #[schemars(with = "IndexMap<String, Operation>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub operations: IndexMap<Text, Operation>,
    /// Model definitions keyed by name.
    #[serde(default)]
    #[schemars(with = "IndexMap<String, Schema>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub definitions: IndexMap<Text, Schema>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The Rust module and Cargo feature name of this API (`snake_case`).
    #[schemars(with = "String")]
    pub name: Text,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    /// The `api-version` every operation of this API sends.
    #[schemars(with = "String")]
    pub version: Text,
    #[serde(rename = "baseUrl")]
    #[schemars(with = "String")]
    pub base_url: Text,
    #[serde(default)]
    #[schemars(with = "IndexMap<String, SecurityScheme>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub security: IndexMap<Text, SecurityScheme>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityScheme {
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    #[serde(rename = "authorizationUrl")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[serde(default)]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub scopes: IndexMap<String, String>,
    /// An `apiKey` scheme's header, query parameter or cookie name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where an `apiKey` scheme's key goes: `header`, `query` or `cookie`.
    #[serde(rename = "in")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A request parameter, either inline or `$ref: Name` to a shared one.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    #[serde(rename = "$ref")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text>,
    /// The name in the path template, query string or header.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub required: bool,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Text>,
    #[serde(rename = "minLength")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(rename = "maxLength")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// The value is the API's `version`; the caller never sets it.
    #[serde(default, rename = "apiVersion")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub api_version: bool,
    /// `uuid`: filled with a fresh UUID v4 unless the caller sets one.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto: Option<Text>,
    /// The value's type: `string` (the default), `integer`, `number`, `boolean` or `array`.
    #[serde(rename = "type")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Text>,
    /// As for a schema: `int32`, `int64`, `float`, `double`, or a string format.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Text>,
    /// The items of an `array` value (sent comma-separated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// The documented values of a string parameter.
    #[serde(rename = "enum")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValue>>,
    /// The value is a setting of the client rather than of each call, such as the subscription
    /// id (Azure's `x-ms-parameter-location: client`).
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub client: bool,
    /// A path parameter whose value goes into the path as it is, `/` included, such as a scope
    /// (`subscriptions/1/resourceGroups/g`): Azure's `x-ms-skip-url-encoding`.
    #[serde(default, rename = "skipUrlEncoding")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub skip_url_encoding: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    /// `string` (the default) or `integer`.
    #[serde(rename = "type")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Text>,
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub description: Description,
    /// `GET`, `PUT`, `POST`, `PATCH` or `DELETE`.
    #[schemars(with = "String")]
    pub method: Text,
    /// The path template below the base URL, with `{name}` placeholders.
    #[schemars(with = "String")]
    pub path: Text,
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(rename = "requestBody")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Responses keyed by status code (`"200"`) or `default`.
    #[schemars(with = "IndexMap<String, Response>")]
    pub responses: IndexMap<Text, Response>,
    #[serde(default)]
    #[schemars(with = "IndexMap<String, Example>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<Text, Example>,
    /// Whether repeating the request is safe; by default `true` for GET, HEAD, PUT, DELETE and
    /// OPTIONS, `false` for POST and PATCH.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "strict_optional_bool")]
    pub idempotent: Option<bool>,
    /// The response is one page of a list; the next page is at a link in the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pageable: Option<Pageable>,
    /// The service may answer before the work is done; the client polls until it is.
    #[serde(rename = "longRunning")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long_running: Option<LongRunning>,
    /// The `api-version` this operation sends where it is not its API's `version` (one API
    /// gathered from files of several versions, as Azure's Swagger folders are).
    #[serde(rename = "apiVersion")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub api_version: Option<Text>,
}

/// How a pageable operation's response holds its items and the link to the next page
/// (Azure's `x-ms-pageable`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pageable {
    /// The property of the success body that holds the next page's URL; absent or `null`: the
    /// list has one page.
    #[serde(rename = "nextLinkName")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_link_name: Option<Text>,
    /// The array property of the success body that holds the items (default `value`).
    #[serde(rename = "itemName")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_name: Option<Text>,
}

/// How a long-running operation reports its end (Azure's `x-ms-long-running-operation`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LongRunning {
    /// Where the final result is read: `azure-async-operation`, `location`, `original-uri` or
    /// `operation-location`; absent: as the service's headers say.
    #[serde(rename = "finalStateVia")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_state_via: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    pub schema: Schema,
    /// Body properties whose value is taken from a parameter: `{ name: GatewayName }`.
    #[serde(default)]
    #[schemars(with = "IndexMap<String, String>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub bind: IndexMap<Text, Text>,
    /// The request may go without a body (default `false`: the body is always sent).
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub optional: bool,
    /// The media type sent (default `application/json`): `application/x-www-form-urlencoded`
    /// sends an object's properties as a form, a `text/*` type a string, any other type bytes.
    #[schemars(with = "Option<String>")]
    #[serde(default, rename = "contentType", skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub description: Description,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    /// The name of a `responseHeaders` set.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<Text>,
    /// The media type of the body (default `application/json`): a JSON type is read as
    /// `schema`; a `text/*` or XML type as a `String` and any other type as bytes, without a
    /// `schema`.
    #[schemars(with = "Option<String>")]
    #[serde(default, rename = "contentType", skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Text>,
    /// An example body of this answer (an OpenAPI response's `example`), for the generated
    /// `Mock`; the operation's `examples` come first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// A sample exchange, kept verbatim from the reference pages (see the comments beside each).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub request: ExampleRequest,
    pub response: ExampleResponse,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleResponse {
    pub status: u16,
    #[serde(default)]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}

/// A schema: a definition, a property, an array item or a map value.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// The name of a definition; excludes every other key but the property flags.
    #[serde(rename = "$ref")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text>,
    /// `object`, `string`, `integer`, `number`, `boolean` or `array`.
    #[serde(rename = "type")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Text>,
    /// `date-time`, `duration` and the text formats (see `spec/README.md`) for strings; `int32`,
    /// `int64` for integers; `float`, `double` for numbers.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    #[serde(default)]
    #[schemars(with = "IndexMap<String, Schema>")]
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<Text, Schema>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// `true` keeps unknown properties of an object as JSON; a schema makes a string map.
    #[serde(rename = "additionalProperties")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(rename = "enum")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValue>>,
    /// The property whose value selects the variant of this base definition.
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Text>,
    /// The base definition this one extends (its properties come first).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<Text>,
    /// The discriminator value that selects this definition.
    #[serde(rename = "discriminatorValue")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator_value: Option<Text>,
    // Property flags: meaningful on an object's properties only.
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub required: bool,
    #[serde(default, rename = "readOnly")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub read_only: bool,
    /// The service may send `null`; an absent and a `null` value stay distinct.
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub nullable: bool,
    /// The value is a secret: redacted in `Debug` output.
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub secret: bool,
    /// The properties of this object property are shown as the outer object's own by clients
    /// (Azure's `x-ms-client-flatten`); the wire shape stays nested.
    #[serde(default, rename = "clientFlatten")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[serde(deserialize_with = "strict_bool")]
    pub client_flatten: bool,
    /// The Rust name of this property (in `snake_case` as for any property), where the JSON
    /// name would be a poor or clashing one (Azure's `x-ms-client-name`); the wire name stays.
    #[serde(rename = "clientName")]
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AdditionalProperties {
    Keep(bool),
    Values(Box<Schema>),
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire: text, or for `type: integer` an integer.
    #[schemars(with = "String")]
    pub value: Text,
    /// The Rust variant's name, where the value makes a poor one (an integer's `V512`).
    #[schemars(with = "Option<String>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
}

/// A description: plain text (English), or text per locale with `en` as the default and the
/// fallback: `{ en: "Creates a new gateway.", pt-BR: "Cria um novo gateway." }`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Description {
    Text(String),
    Localized(IndexMap<String, String>),
}

impl Description {
    /// The English text (the `en` entry of a localized description).
    pub fn english(&self) -> Option<&str> {
        match self {
            Description::Text(text) => Some(text),
            Description::Localized(texts) => texts.get("en").map(String::as_str),
        }
    }

    /// The text in `locale`, if this description has one (`en` is plain text's locale).
    pub fn in_locale(&self, locale: &str) -> Option<&str> {
        match self {
            Description::Text(text) => (locale == "en").then_some(text.as_str()),
            Description::Localized(texts) => texts.get(locale).map(String::as_str),
        }
    }

    /// The locales other than `en` this description is written in.
    pub fn translations(&self) -> impl Iterator<Item = &str> {
        let texts = match self {
            Description::Text(_) => None,
            Description::Localized(texts) => Some(texts),
        };
        texts.into_iter().flat_map(|texts| texts.keys().map(String::as_str)).filter(|locale| *locale != "en")
    }
}

/// A spec boolean: `true` or `false`, never a string that looks like one (`"false"`), which
/// YAML readers would otherwise turn into a boolean behind the author's back.
fn strict_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Strict;
    impl serde::de::Visitor<'_> for Strict {
        type Value = bool;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("`true` or `false` (unquoted)")
        }
        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
    }
    deserializer.deserialize_any(Strict)
}

fn strict_optional_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    strict_bool(deserializer).map(Some)
}
