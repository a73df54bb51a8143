//! The intermediate representation: what the emitters read. Every name is a checked Rust
//! identifier, every reference resolved, every list in output order.

/// Everything one run generates.
#[derive(Debug)]
pub struct Ir {
    /// The spec files, for the header of each generated file.
    pub sources: Vec<String>,
    /// Every model, sorted by name.
    pub models: Vec<Model>,
    /// The APIs, sorted by module name.
    pub apis: Vec<Api>,
    /// The JSON names of every secret property, sorted, for redaction in error texts.
    pub secret_properties: Vec<String>,
    /// The API features a model needs, by model name (sorted); a model without an entry is
    /// always compiled.
    pub model_gates: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug)]
pub enum Model {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
}

impl Model {
    pub fn name(&self) -> &str {
        match self {
            Model::Struct(model) => &model.name,
            Model::Enum(model) => &model.name,
            Model::Union(model) => &model.name,
        }
    }
}

/// An object with named properties.
#[derive(Debug, Clone)]
pub struct Struct {
    pub name: String,
    pub docs: Vec<String>,
    pub fields: Vec<Field>,
    /// Unknown properties are kept in an `additional_properties` map.
    pub keeps_extras: bool,
}

impl Struct {
    pub fn required_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|field| field.presence.is_required())
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust identifier (possibly raw, `r#type`).
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    pub docs: Vec<String>,
    pub ty: Type,
    pub presence: Presence,
    /// Clients may offer this object's properties as the outer object's own (setters); the wire
    /// shape stays nested (`clientFlatten` in the spec).
    pub client_flatten: bool,
    /// Set by the service (`readOnly`): a request body does not get a setter for it.
    pub read_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, may be `null`: `Option<T>`, written as `null` when `None`.
    RequiredNullable,
    /// May be absent: `Option<T>`, not written when `None`.
    Optional,
    /// May be absent or `null`: `Nullable<T>`.
    OptionalNullable,
}

impl Presence {
    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Secret,
    Timestamp,
    /// An HTTP date (`date-time-rfc1123`).
    HttpDate,
    Duration,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// Any JSON value.
    Json,
    /// A file of a `multipart/form-data` body (`runtime::FilePart`: bytes, file name, media type).
    File,
    Vec(Box<Type>),
    /// A map with string keys.
    Map(Box<Type>),
    /// A model by name.
    Named(String),
    /// A model by name, boxed because it contains itself.
    Boxed(String),
}

/// An open enum of strings or of integers.
#[derive(Debug)]
pub struct Enum {
    pub name: String,
    pub docs: Vec<String>,
    pub wire: EnumWire,
    pub variants: Vec<EnumVariant>,
    /// The variant that keeps an undocumented value.
    pub unknown_variant: String,
}

/// What an enum's values are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumWire {
    Text,
    /// Integers (the variant's `wire_value` is its decimal text, which fits an `i64`).
    Integer,
}

#[derive(Debug)]
pub struct EnumVariant {
    pub name: String,
    pub wire_value: String,
    pub docs: Vec<String>,
}

/// A union discriminated by a string property.
#[derive(Debug)]
pub struct Union {
    pub name: String,
    pub docs: Vec<String>,
    /// The discriminator's JSON name.
    pub tag: String,
    /// The discriminator's Rust field name in the fallback struct (and its accessor).
    pub tag_field: String,
    pub variants: Vec<UnionVariant>,
    /// The variant that keeps an unknown discriminator, and its struct.
    pub unknown_variant: String,
    pub unknown_struct: String,
    /// The base's properties, reachable on every variant; the discriminator first.
    pub shared_fields: Vec<Field>,
}

#[derive(Debug)]
pub struct UnionVariant {
    pub name: String,
    pub tag_value: String,
    pub struct_name: String,
    pub docs: Vec<String>,
}

/// One API: a module of request builders and response types.
#[derive(Debug)]
pub struct Api {
    /// The module and Cargo feature name.
    pub module: String,
    pub docs: Vec<String>,
    pub version: String,
    pub base_url: String,
    /// The `Client` method that gives this API's operations, and its doc line.
    pub client_method: String,
    pub title: String,
    /// The OAuth2 scope names of the API's security schemes.
    pub scopes: Vec<String>,
    pub path_rules: Vec<PathRule>,
    pub header_sets: Vec<HeaderSet>,
    pub operations: Vec<Operation>,
}

/// The checks of one or more path parameters, emitted once as a `static`.
#[derive(Debug, PartialEq, Eq)]
pub struct PathRule {
    /// The `static`'s name (SCREAMING_SNAKE_CASE).
    pub name: String,
    pub pattern: Option<String>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
}

/// A struct of typed response headers.
#[derive(Debug)]
pub struct HeaderSet {
    pub name: String,
    pub docs: Vec<String>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug)]
pub struct ResponseHeader {
    pub field: String,
    /// The lower-case header name.
    pub wire_name: String,
    pub docs: Vec<String>,
    pub ty: Type,
}

impl Struct {
    /// Whether a field is optional and not nullable (an `Option` that reads `null` as `None`):
    /// the struct then remembers which of them came as `null`.
    pub fn has_optional_fields(&self) -> bool {
        self.fields.iter().any(|field| field.presence == Presence::Optional)
    }
}

#[derive(Debug)]
pub struct Operation {
    /// The operation id in the spec.
    pub id: String,
    /// The builder struct's name.
    pub name: String,
    pub docs: Vec<String>,
    /// `GET`, `PUT`, ...
    pub method: String,
    /// The `Client` method that starts this operation.
    pub client_method: String,
    /// Whether repeating the request is safe.
    pub idempotent: bool,
    /// The path template, without a literal query.
    pub path_template: String,
    pub path: Vec<PathPiece>,
    /// Query pairs the path itself carries (`/values?op=add`), sent first with every request.
    pub literal_query: Vec<(String, String)>,
    /// Parameters in the order of `new`, then the setters.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// A request body that is not an object model (an array, a string, bytes); never beside `body`.
    pub value_body: Option<ValueBody>,
    pub successes: Vec<Success>,
    /// Documented error statuses (`404`, `4XX`, `default`), in spec order.
    pub failures: Vec<Failure>,
    /// The response is one page of a list (`pageable` in the spec).
    pub pageable: Option<Pageable>,
    /// The operation is polled until done (`longRunning` in the spec).
    pub long_running: Option<LongRunning>,
    /// The `api-version` it sends where that is not its API's (`apiVersion` in the spec).
    pub api_version: Option<String>,
}

/// Where a page's items and the next page's link are in the success body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pageable {
    /// The items' JSON property and its Rust field in the body model.
    pub item_wire_name: String,
    pub item_field: String,
    /// The next link's JSON property and its Rust field; `None`: the list has one page.
    pub next_link: Option<(String, String)>,
}

/// How a long-running operation ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongRunning {
    /// As the service's headers say (`Azure-AsyncOperation`, then `Location`).
    Default,
    /// The final result is read from the `Azure-AsyncOperation` URL.
    AzureAsyncOperation,
    /// The final result is read from the `Location` URL.
    Location,
    /// The final result is a GET of the request's own URL.
    OriginalUri,
    /// The final result is read from the `Operation-Location` URL.
    OperationLocation,
}

#[derive(Debug)]
pub enum PathPiece {
    Literal(String),
    /// A path parameter's field name.
    Param(String),
}

#[derive(Debug)]
pub struct Param {
    /// The builder field and setter name.
    pub field: String,
    /// The name in the spec (path placeholder, query name or header name as written).
    pub spec_name: String,
    pub docs: Vec<String>,
    pub kind: ParamKind,
    /// The value's type when it is not a plain string (`None`: a string, as every parameter was
    /// before typed parameters). Arrays are sent comma-separated.
    pub value_type: Option<Type>,
    /// The documented values of an enum parameter (still sent as a string).
    pub values: Vec<String>,
    /// A setting of the client rather than of each call (`client: true` in the spec).
    pub client_level: bool,
}

impl Param {
    /// Whether the parameter is an argument of the builder's `new` (otherwise it has a setter,
    /// or no field at all).
    pub fn is_argument(&self) -> bool {
        match &self.kind {
            ParamKind::Path { .. } => true,
            ParamKind::Query { required, api_version, .. } => *required && !api_version,
            ParamKind::Header { required, auto_uuid, .. } => *required && !auto_uuid,
        }
    }

    /// Whether the builder holds the parameter (an `api-version` takes the API's and has no field).
    pub fn has_field(&self) -> bool {
        !matches!(self.kind, ParamKind::Query { api_version: true, .. })
    }

    /// Whether the parameter is optional (a setter and an `Option` field) rather than an argument.
    pub fn is_optional(&self) -> bool {
        !self.is_argument() && !matches!(self.kind, ParamKind::Header { auto_uuid: true, .. })
    }

    /// Whether the builder takes the parameter as text (`impl Into<String>`), not as a typed value.
    pub fn is_text(&self) -> bool {
        matches!(self.value_type, None | Some(Type::String | Type::Secret))
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// A required path parameter, checked by the named rule; `raw` ones go into the path as
    /// they are, `/` included (`skipUrlEncoding`), and may span segments.
    Path { rule: String, raw: bool },
    /// A query parameter; `api_version` ones take the API's version and have no field. A rule,
    /// if the spec gives a pattern or lengths, checks the value as a path parameter's is checked.
    Query { wire_name: String, required: bool, api_version: bool, rule: Option<String> },
    /// A header (lower-case name); `auto_uuid` ones default to a fresh UUID. A rule as for a query.
    Header { wire_name: String, required: bool, auto_uuid: bool, rule: Option<String> },
}

/// How a request body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON (`application/json` or another `+json` type).
    Json,
    /// `application/x-www-form-urlencoded`: an object's properties as form fields.
    Form,
    /// `multipart/form-data`: an object's properties as parts, its files as file parts.
    Multipart,
}

/// A request body that is an object model: the builder holds it and fills it through setters.
#[derive(Debug)]
pub struct Body {
    pub model: String,
    pub encoding: Encoding,
    /// Required properties of the body model in `new` order, each with the parameter field that
    /// supplies it (a bound parameter) or `None` (an argument of its own).
    pub required: Vec<(Field, Option<String>)>,
    /// One setter per reachable optional property.
    pub setters: Vec<BodySetter>,
    /// The request goes without a body until a setter or `body` gives one (`optional: true` in
    /// the spec, and no required property that `new` would have to take).
    pub optional: bool,
}

/// A request body the builder takes whole: JSON of any type, text or bytes.
#[derive(Debug)]
pub struct ValueBody {
    pub kind: ValueKind,
    /// The media type sent.
    pub content_type: String,
    /// The request goes without a body unless one is set (`body` is a setter, not an argument).
    pub optional: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// A JSON value of this type.
    Json(Type),
    /// A `String` sent or read as it is (`text/plain` and other `text/*` types).
    Text,
    /// A `Vec<u8>` sent or read as it is (`application/octet-stream` and any other type).
    Bytes,
}

/// A setter for an optional property of the body, possibly inside nested optional objects.
#[derive(Debug)]
pub struct BodySetter {
    pub name: String,
    pub docs: Vec<String>,
    /// The fields from the body to the property; every one before the last is an optional
    /// object whose model has `Default`.
    pub path: Vec<String>,
    pub ty: Type,
    pub presence: Presence,
}

/// A documented error status and the body the spec gives it.
#[derive(Debug)]
pub struct Failure {
    /// `404`, `4XX` or `default`, as the spec writes it.
    pub status: String,
    /// The description, as one line.
    pub docs: String,
    /// The error body's type, when the spec gives one.
    pub body: Option<Type>,
    /// Its variant in the operation's enum of error bodies (`Status404`, `Status4XX`,
    /// `Default`), made when the failures have bodies of different types.
    pub variant: String,
}

impl Ir {
    /// The files read, each once, in the order first read (an import makes one spec file per
    /// operation group, all named after the one input).
    pub fn source_files(&self) -> Vec<String> {
        unique(&self.sources).into_iter().map(str::to_owned).collect()
    }
}

/// Each name once, in the order of its first appearance.
pub fn unique(names: &[String]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if !seen.contains(&name.as_str()) {
            seen.push(name);
        }
    }
    seen
}

impl Operation {
    /// Whether the builder's `new` takes only text (every argument `impl Into<String>`), so that
    /// a usage example can call the operation with string literals.
    pub fn takes_only_text(&self) -> bool {
        self.params.iter().filter(|param| param.is_argument()).all(Param::is_text)
            && self.body.iter().flat_map(|body| &body.required).all(|(_, source)| source.is_some())
            && self.value_body.as_ref().is_none_or(|body| body.optional)
    }

    /// Whether the failures' bodies have more than one type, so that `error_body` gives an
    /// enum of them (`<Operation>ErrorBody`), not the one type.
    pub fn has_error_enum(&self) -> bool {
        let mut types = self.failures.iter().filter_map(|failure| failure.body.as_ref());
        let first = types.next();
        types.any(|ty| Some(ty) != first)
    }
}

impl Failure {
    /// The statuses this entry covers: one code, a range (`4XX`), or (`None`) every status
    /// that no other entry names.
    pub fn codes(&self) -> Option<std::ops::RangeInclusive<u16>> {
        if let Ok(code) = self.status.parse::<u16>() {
            return Some(code..=code);
        }
        let hundreds =
            self.status.strip_suffix("XX").or_else(|| self.status.strip_suffix("xx"))?.parse::<u16>().ok()?;
        Some(hundreds * 100..=hundreds * 100 + 99)
    }
}

/// A success status and what it carries.
#[derive(Debug)]
pub struct Success {
    pub status: u16,
    /// The variant name when the operation has several successes (`Ok`, `Accepted`).
    pub variant: String,
    pub docs: Vec<String>,
    /// JSON of a type, text or bytes.
    pub body: Option<ValueKind>,
    /// The header set's struct name.
    pub headers: Option<String>,
    /// The body of the spec's first example answer with this status, as JSON text: what the
    /// generated `Mock` answers.
    pub example: Option<String>,
    /// The media type of a body that is not JSON, where the spec names one (`image/png`): what
    /// the generated server answers it as.
    pub media_type: Option<String>,
}

impl Success {
    /// The type of a JSON body.
    pub fn json_body(&self) -> Option<&Type> {
        match &self.body {
            Some(ValueKind::Json(ty)) => Some(ty),
            _ => None,
        }
    }
}
