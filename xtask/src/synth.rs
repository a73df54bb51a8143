//! `cargo xtask synth`: a synthetic spec of realistic shape, for benchmarks.
//!
//! The spec mixes what the real spec has: open string enums, a discriminated union per group
//! (`discriminator`, `extends`, `discriminatorValue`, `additionalProperties: true` on the base),
//! nested inline objects, string maps, `date-time` and `duration` strings, a `secret` string,
//! arrays, `$ref`s between definitions, and the `CloudError` every API needs; operations have path
//! parameters with `pattern`/`minLength`/`maxLength`, an `apiVersion` query parameter, an optional
//! query parameter, an `auto: uuid` header and an optional header, request bodies (some with
//! `bind`), several responses (200, 202 for some, `default`) and typed response headers.
//!
//! The same options give the same bytes (a small splitmix64 generator, no clock). This file uses
//! only `std`: the generator's Criterion benchmarks include it with `#[path]`.

use std::fmt::Write as _;

/// The API's name (its Rust module and Cargo feature).
pub const API_NAME: &str = "synthetic";
/// The source path the synthetic spec is given (as if it were a file of `spec/`).
pub const SOURCE_PATH: &str = "spec/synthetic.yaml";
/// Definitions per group: the 10 shapes of [`write_group`].
pub const GROUP: usize = 10;
/// `CloudError` and `CloudErrorBody`, always present.
pub const ERROR_DEFINITIONS: usize = 2;
/// The smallest spec: the error definitions and one group.
pub const MIN_DEFINITIONS: usize = ERROR_DEFINITIONS + GROUP;
/// The operation kinds each group cycles through.
const ACTIONS: [&str; 6] = ["Create", "Get", "List", "Delete", "Update", "GetStatus"];

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Definitions in all, `CloudError` and `CloudErrorBody` included.
    pub definitions: usize,
    /// Operations of the one API.
    pub operations: usize,
    /// Varies the property mix, enum sizes and optional responses; the shape stays the same.
    pub seed: u64,
}

impl Options {
    /// `definitions` definitions, one operation per ten definitions, seed 1.
    pub fn new(definitions: usize) -> Self {
        Options { definitions, operations: default_operations(definitions), seed: 1 }
    }
}

/// One operation per ten definitions (the ratio of large Azure specs is lower still: Data Factory
/// has 87 operations for about 1,200 types).
pub fn default_operations(definitions: usize) -> usize {
    (definitions / 10).max(1)
}

/// splitmix64: deterministic, tiny, good enough to vary a spec.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The spec text (one YAML file holding the API and every definition).
pub fn synth(options: &Options) -> Result<String, String> {
    if options.definitions < MIN_DEFINITIONS {
        return Err(format!(
            "--definitions must be at least {MIN_DEFINITIONS} (CloudError, CloudErrorBody and one group)"
        ));
    }
    let groups = (options.definitions - ERROR_DEFINITIONS) / GROUP;
    let extras = (options.definitions - ERROR_DEFINITIONS) % GROUP;
    let mut rng = Rng(options.seed);
    let mut out = String::with_capacity(options.definitions * 1_200 + options.operations * 1_500);
    let _ = writeln!(
        out,
        "# Synthetic spec: {} definitions, {} operations, seed {}. Written by `cargo xtask synth`; not a real API.\n",
        options.definitions, options.operations, options.seed
    );
    if options.operations > 0 {
        write_api(&mut out, options, groups, &mut rng);
    }
    out.push_str("definitions:\n");
    write_cloud_error(&mut out);
    for group in 0..groups {
        write_group(&mut out, group, &mut rng);
    }
    for extra in 0..extras {
        write_extra(&mut out, extra);
    }
    Ok(out)
}

fn write_api(out: &mut String, options: &Options, groups: usize, rng: &mut Rng) {
    out.push_str("api:\n");
    out.push_str(&format!("  name: {API_NAME}\n"));
    out.push_str(concat!(
        "  title: \"Synthetic Resources\"\n",
        "  description: \"A synthetic API of the shape of the Data Factory management APIs.\"\n",
        "  version: \"2024-01-01\"\n",
        "  baseUrl: \"https://management.azure.com\"\n",
        "  security:\n",
        "    azure_auth:\n",
        "      type: oauth2\n",
        "      description: \"Azure Active Directory OAuth2 Flow.\"\n",
        "      flow: implicit\n",
        "      authorizationUrl: \"https://login.microsoftonline.com/common/oauth2/authorize\"\n",
        "      scopes:\n",
        "        user_impersonation: \"impersonate your user account\"\n\n",
        "parameters:\n",
        "  SubscriptionId: { name: subscriptionId, in: path, required: true, description: \"The subscription identifier.\", minLength: 1 }\n",
        "  ResourceGroupName: { name: resourceGroupName, in: path, required: true, description: \"The resource group name.\", pattern: '^[-\\w\\._\\(\\)]+$', minLength: 1, maxLength: 90 }\n",
        "  FactoryName: { name: factoryName, in: path, required: true, description: \"The factory name.\", pattern: '^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$', minLength: 3, maxLength: 63 }\n",
        "  ResourceName: { name: resourceName, in: path, required: true, description: \"The resource name.\", pattern: '^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$', minLength: 3, maxLength: 63 }\n",
        "  ApiVersion: { name: api-version, in: query, required: true, description: \"The API version.\", apiVersion: true }\n",
        "  Filter: { name: filter, in: query, description: \"An OData filter of the listed resources.\" }\n",
        "  ClientRequestId: { name: x-ms-client-request-id, in: header, required: true, description: \"The operation id for this request.\", auto: uuid }\n",
        "  IfMatch: { name: If-Match, in: header, description: \"The ETag the resource must have.\" }\n\n",
        "responseHeaders:\n",
        "  ReadHeaders:\n",
        "    x-ms-request-id: { type: string, description: \"A unique identifier of the request, generated by the service.\" }\n",
        "    x-ms-correlation-request-id: { type: string, description: \"The tracing correlation id of the request.\" }\n",
        "    x-ms-ratelimit-remaining-subscription-reads: { type: integer, format: int64, description: \"The number of read requests remaining.\" }\n",
        "  WriteHeaders:\n",
        "    x-ms-request-id: { type: string, description: \"A unique identifier of the request, generated by the service.\" }\n",
        "    x-ms-correlation-request-id: { type: string, description: \"The tracing correlation id of the request.\" }\n",
        "    x-ms-ratelimit-remaining-subscription-writes: { type: integer, format: int64, description: \"The number of write requests remaining.\" }\n\n",
        "operations:\n",
    ));
    for index in 0..options.operations {
        let action = ACTIONS[index % ACTIONS.len()];
        let group = (index / ACTIONS.len()) % groups;
        let round = index / (ACTIONS.len() * groups);
        let suffix = if round == 0 { String::new() } else { format!("V{round}") };
        write_operation(out, action, group, &suffix, rng);
    }
    out.push('\n');
}

fn write_operation(out: &mut String, action: &str, group: usize, suffix: &str, rng: &mut Rng) {
    let collection = format!(
        "/subscriptions/{{subscriptionId}}/resourceGroups/{{resourceGroupName}}/providers/Microsoft.Synthetic/factories/{{factoryName}}/resources{group}{}",
        suffix.to_ascii_lowercase()
    );
    let item = format!("{collection}/{{resourceName}}");
    let (method, path, description) = match action {
        "Create" => ("PUT", item, format!("Creates or replaces a resource of group {group}.")),
        "Get" => ("GET", item, format!("Gets a resource of group {group}.")),
        "List" => ("GET", collection, format!("Lists the resources of group {group}.")),
        "Delete" => ("DELETE", item, format!("Deletes a resource of group {group}.")),
        "Update" => ("PATCH", item, format!("Updates the properties of a resource of group {group}.")),
        _ => ("POST", format!("{item}/getStatus"), format!("Gets the status of a resource of group {group}.")),
    };
    let write = matches!(method, "PUT" | "PATCH" | "DELETE" | "POST");
    let headers = if write { "WriteHeaders" } else { "ReadHeaders" };
    let _ = writeln!(out, "  Synthetic_{action}Resource{group}{suffix}:");
    let _ = writeln!(out, "    description: \"{description}\"");
    let _ = writeln!(out, "    method: {method}");
    if action == "GetStatus" {
        out.push_str("    idempotent: true\n");
    }
    let _ = writeln!(out, "    path: \"{path}\"");
    out.push_str(
        "    parameters:\n      - $ref: SubscriptionId\n      - $ref: ResourceGroupName\n      - $ref: FactoryName\n",
    );
    if action != "List" {
        out.push_str("      - $ref: ResourceName\n");
    }
    out.push_str("      - $ref: ApiVersion\n");
    if action == "List" {
        out.push_str("      - $ref: Filter\n");
    }
    out.push_str("      - $ref: ClientRequestId\n      - $ref: IfMatch\n");
    match action {
        "Create" => {
            let _ = writeln!(
                out,
                "    requestBody:\n      description: \"The resource to create.\"\n      schema: {{ $ref: Resource{group} }}\n      bind: {{ name: resourceName }}"
            );
        }
        "Update" => {
            let _ = writeln!(
                out,
                "    requestBody:\n      description: \"The properties to update.\"\n      schema: {{ $ref: ResourceProperties{group} }}"
            );
        }
        _ => {}
    }
    out.push_str("    responses:\n");
    let ok_body = match action {
        "Create" | "Get" | "Update" => Some(format!("Resource{group}")),
        "List" => Some(format!("ResourceList{group}")),
        "GetStatus" => Some(format!("KindResponse{group}")),
        _ => None,
    };
    match ok_body {
        Some(body) => {
            let _ = writeln!(
                out,
                "      \"200\": {{ description: \"OK.\", schema: {{ $ref: {body} }}, headers: {headers} }}"
            );
        }
        None => {
            let _ = writeln!(out, "      \"200\": {{ description: \"OK.\", headers: {headers} }}");
        }
    }
    let accepted = match action {
        "Create" | "GetStatus" => rng.chance(60),
        "Delete" => true,
        _ => false,
    };
    if accepted {
        let _ = writeln!(out, "      \"202\": {{ description: \"Accepted.\", headers: {headers} }}");
    }
    let _ = writeln!(
        out,
        "      default: {{ description: \"An error response received from the service.\", schema: {{ $ref: CloudError }}, headers: {headers} }}"
    );
}

fn write_cloud_error(out: &mut String) {
    out.push_str(concat!(
        "  CloudError:\n",
        "    type: object\n",
        "    description: \"The object that defines the structure of an error response.\"\n",
        "    properties:\n",
        "      error: { $ref: CloudErrorBody, description: \"The error.\", required: true }\n",
        "  CloudErrorBody:\n",
        "    type: object\n",
        "    description: \"The object that defines the structure of an error.\"\n",
        "    properties:\n",
        "      code: { type: string, description: \"Error code.\", required: true }\n",
        "      message: { type: string, description: \"Error message.\", required: true }\n",
        "      target: { type: string, description: \"Property name or path in the request associated with the error.\" }\n",
        "      details: { type: array, description: \"Array with additional error details.\", items: { $ref: CloudError } }\n",
    ));
}

const STATUS_VALUES: [&str; 8] =
    ["Online", "Offline", "Limited", "NeedRegistration", "Starting", "Stopped", "Upgrading", "InitializeFailed"];

/// Ten definitions: two enums, a resource with nested properties, an item, a union of two
/// variants, a list and a response holding the union.
fn write_group(out: &mut String, g: usize, rng: &mut Rng) {
    // 1. An open string enum of 3 to 8 values.
    let values = 3 + rng.below(STATUS_VALUES.len() - 2);
    let _ = writeln!(
        out,
        "  Status{g}:\n    type: string\n    description: \"The status of a resource of group {g}.\"\n    enum:"
    );
    for value in &STATUS_VALUES[..values] {
        let _ = writeln!(out, "      - value: \"{value}\"");
    }
    // 2. The union's discriminator enum.
    let _ = writeln!(
        out,
        "  KindType{g}:\n    type: string\n    description: \"The kind of a resource of group {g}.\"\n    enum:\n      - value: \"Alpha\"\n      - value: \"Beta\""
    );
    // 3. A resource: the bound `name`, ids, and its properties.
    let _ = writeln!(
        out,
        "  Resource{g}:\n    type: object\n    description: \"A resource of group {g}.\"\n    properties:"
    );
    let _ = writeln!(out, "      name: {{ type: string, description: \"The name of the resource.\", required: true }}");
    let _ = writeln!(out, "      location: {{ type: string, description: \"The location of the resource.\" }}");
    let _ = writeln!(out, "      id: {{ type: string, description: \"The resource identifier.\", readOnly: true }}");
    let _ = writeln!(out, "      etag: {{ type: string, description: \"The entity tag.\", readOnly: true }}");
    let _ = writeln!(
        out,
        "      properties: {{ $ref: ResourceProperties{g}, description: \"Properties of the resource.\" }}"
    );
    // 4. The properties: every kind of field, some left out by the seed.
    let _ = writeln!(
        out,
        "  ResourceProperties{g}:\n    type: object\n    description: \"Properties of a resource of group {g}.\"\n    properties:"
    );
    let _ = writeln!(out, "      description: {{ type: string, description: \"Description of the resource.\" }}");
    let _ =
        writeln!(out, "      status: {{ $ref: Status{g}, description: \"Status of the resource.\", readOnly: true }}");
    let _ = writeln!(
        out,
        "      createTime: {{ type: string, format: date-time, description: \"The time the resource was created.\", readOnly: true }}"
    );
    if rng.chance(80) {
        let _ = writeln!(
            out,
            "      lastModifiedTime: {{ type: string, format: date-time, description: \"The time the resource was last modified.\", nullable: true, readOnly: true }}"
        );
    }
    let _ = writeln!(
        out,
        "      timeout: {{ type: string, format: duration, description: \"The timeout of an operation, e.g. PT3H.\" }}"
    );
    let _ = writeln!(
        out,
        "      tags: {{ type: object, description: \"Resource tags.\", additionalProperties: {{ type: string }} }}"
    );
    let _ = writeln!(
        out,
        "      key: {{ type: string, description: \"The access key of the resource.\", secret: true, nullable: true, readOnly: true }}"
    );
    if rng.chance(80) {
        let _ = writeln!(out, "      count: {{ type: integer, format: int32, description: \"The number of nodes.\" }}");
    }
    if rng.chance(60) {
        let _ = writeln!(
            out,
            "      size: {{ type: integer, format: int64, description: \"The size in bytes.\", readOnly: true }}"
        );
    }
    if rng.chance(60) {
        let _ = writeln!(out, "      ratio: {{ type: number, format: double, description: \"The load ratio.\" }}");
    }
    let _ = writeln!(out, "      enabled: {{ type: boolean, description: \"Whether the resource is enabled.\" }}");
    let _ = writeln!(
        out,
        "      endpoints: {{ type: array, description: \"The endpoints of the resource.\", items: {{ type: string }} }}"
    );
    let _ = writeln!(
        out,
        "      settings:\n        type: object\n        description: \"Settings of the resource.\"\n        properties:"
    );
    let _ = writeln!(out, "          mode: {{ type: string, description: \"The mode.\" }}");
    let _ =
        writeln!(out, "          retries: {{ type: integer, format: int32, description: \"The number of retries.\" }}");
    let _ = writeln!(out, "          window: {{ type: string, format: duration, description: \"The retry window.\" }}");
    let _ = writeln!(
        out,
        "      history: {{ type: array, description: \"The nodes of the resource.\", items: {{ $ref: Item{g} }}, readOnly: true }}"
    );
    // References across groups, in chains of at most four groups: a chain through every group
    // would nest types deeper than rustc's recursion limit (drop check overflows at about 100).
    if !g.is_multiple_of(4) {
        let _ = writeln!(
            out,
            "      related: {{ $ref: ResourceList{}, description: \"Resources of another group.\", readOnly: true }}",
            g - 1
        );
    }
    // 5. An item with a map, a timestamp and an enum.
    let _ = writeln!(out, "  Item{g}:\n    type: object\n    description: \"A node of group {g}.\"\n    properties:");
    let _ = writeln!(out, "      nodeName: {{ type: string, description: \"Name of the node.\", readOnly: true }}");
    let _ = writeln!(out, "      status: {{ $ref: Status{g}, description: \"Status of the node.\", readOnly: true }}");
    let _ = writeln!(
        out,
        "      registerTime: {{ type: string, format: date-time, description: \"The time the node was registered.\", readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "      capabilities: {{ type: object, description: \"The node capabilities.\", additionalProperties: {{ type: string }}, readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "      isActive: {{ type: boolean, description: \"Whether the node is active.\", readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "      maxJobs: {{ type: integer, format: int32, description: \"The maximum concurrent jobs.\", readOnly: true }}"
    );
    // 6-8. A union: its base keeps unknown properties; two variants with inline objects.
    let _ = writeln!(
        out,
        "  Kind{g}:\n    type: object\n    description: \"The status of a resource of group {g}, by kind.\"\n    discriminator: type\n    additionalProperties: true\n    properties:"
    );
    let _ = writeln!(out, "      type: {{ $ref: KindType{g}, description: \"The kind.\", required: true }}");
    let _ = writeln!(out, "      state: {{ $ref: Status{g}, description: \"The state.\", readOnly: true }}");
    let _ = writeln!(out, "      factoryName: {{ type: string, description: \"The factory name.\", readOnly: true }}");
    let _ = writeln!(
        out,
        "  AlphaKind{g}:\n    type: object\n    description: \"The Alpha kind.\"\n    extends: Kind{g}\n    discriminatorValue: Alpha\n    properties:"
    );
    let _ = writeln!(
        out,
        "      typeProperties:\n        type: object\n        description: \"Alpha properties.\"\n        required: true\n        properties:"
    );
    let _ = writeln!(
        out,
        "          createTime: {{ type: string, format: date-time, description: \"The creation time.\", readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "          nodes: {{ type: array, description: \"The nodes.\", items: {{ $ref: Item{g} }}, readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "          offset: {{ type: string, format: duration, description: \"The local time zone offset.\", readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "  BetaKind{g}:\n    type: object\n    description: \"The Beta kind.\"\n    extends: Kind{g}\n    discriminatorValue: Beta\n    properties:"
    );
    let _ = writeln!(
        out,
        "      typeProperties:\n        type: object\n        description: \"Beta properties.\"\n        required: true\n        properties:"
    );
    let _ = writeln!(out, "          version: {{ type: string, description: \"The version.\", readOnly: true }}");
    let _ = writeln!(
        out,
        "          serviceUrls: {{ type: array, description: \"The service URLs.\", items: {{ type: string }}, readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "          capabilities: {{ type: object, description: \"The capabilities.\", additionalProperties: {{ type: string }}, readOnly: true }}"
    );
    let _ = writeln!(
        out,
        "          autoUpdate: {{ $ref: Status{g}, description: \"The auto update state.\", readOnly: true }}"
    );
    // 9. A list.
    let _ = writeln!(
        out,
        "  ResourceList{g}:\n    type: object\n    description: \"A list of resources of group {g}.\"\n    properties:"
    );
    let _ = writeln!(
        out,
        "      value: {{ type: array, description: \"The resources.\", items: {{ $ref: Resource{g} }} }}"
    );
    let _ = writeln!(
        out,
        "      nextLink: {{ type: string, description: \"The link to the next page.\", readOnly: true }}"
    );
    // 10. A response holding the union.
    let _ = writeln!(
        out,
        "  KindResponse{g}:\n    type: object\n    description: \"The status response of group {g}.\"\n    properties:"
    );
    let _ = writeln!(out, "      name: {{ type: string, description: \"The resource name.\", readOnly: true }}");
    let _ = writeln!(out, "      properties: {{ $ref: Kind{g}, description: \"The status.\", required: true }}");
}

/// A small object, to reach the exact number of definitions.
fn write_extra(out: &mut String, k: usize) {
    let _ = writeln!(out, "  Extra{k}:\n    type: object\n    description: \"An extra definition.\"\n    properties:");
    let _ = writeln!(out, "      name: {{ type: string, description: \"The name.\" }}");
    let _ = writeln!(out, "      value: {{ type: integer, format: int64, description: \"The value.\" }}");
    let _ = writeln!(
        out,
        "      labels: {{ type: object, description: \"The labels.\", additionalProperties: {{ type: string }} }}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(options: &Options) -> restgen::SourceFile {
        restgen::SourceFile { path: SOURCE_PATH.to_owned(), text: synth(options).expect("synth") }
    }

    #[test]
    fn deterministic_and_seed_dependent() {
        let options = Options::new(100);
        assert_eq!(synth(&options), synth(&options));
        assert_ne!(synth(&options), synth(&Options { seed: 2, ..options }));
    }

    #[test]
    fn the_generator_accepts_synthetic_specs() {
        for definitions in [MIN_DEFINITIONS, 100, 107, 1_000] {
            let options = Options::new(definitions);
            let source = source(&options);
            let ir = restgen::lower_sources(std::slice::from_ref(&source))
                .unwrap_or_else(|diagnostics| panic!("{definitions} definitions: {diagnostics}"));
            let named = ir.models.len();
            // Every definition is a model; inline objects add more.
            assert!(named >= definitions, "{definitions} definitions gave {named} models");
            assert_eq!(ir.apis[0].operations.len(), options.operations);
            restgen::generate(&[source]).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        }
    }

    #[test]
    fn every_action_of_a_group_and_more_operations_than_groups() {
        // 12 definitions make one group; 13 operations cycle its actions twice and then some.
        let source = source(&Options { definitions: MIN_DEFINITIONS, operations: 13, seed: 7 });
        restgen::generate(&[source]).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    }

    #[test]
    fn too_few_definitions() {
        assert!(synth(&Options::new(MIN_DEFINITIONS - 1)).is_err());
    }
}
