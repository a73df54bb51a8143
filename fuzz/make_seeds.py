#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/seeds/<target>/) and dictionaries (fuzz/dictionaries/) from the
repository's own files: the spec, the fixtures, the import fixtures, the vendored inputs and the
example bodies. Run from anywhere; it rewrites both folders whole. Needs PyYAML."""

import glob, hashlib, json, os, re, shutil, yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ = os.path.join(ROOT, "fuzz")
SEP = "\n#--file--\n"  # datafactory_fuzz::FILE_SEPARATOR
SECRET = "ADF#fuzzed-secret@value"  # datafactory_fuzz::SECRET
# Larger inputs make every run slow; libFuzzer also sizes -max_len by the largest seed.
MAX_SEED = 24 * 1024


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def write_seeds(target, seeds):
    folder = os.path.join(FUZZ, "seeds", target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for seed in seeds:
        if len(seed) <= MAX_SEED:
            with open(os.path.join(folder, hashlib.sha1(seed).hexdigest()), "wb") as f:
                f.write(seed)


def quote(token):
    """A JSON string of the token (for dictionary entries that are JSON keys)."""
    return json.dumps(token, ensure_ascii=False)


def dict_entry(token):
    """A libFuzzer dictionary line: printable ASCII as is, anything else as \\xNN bytes."""
    out = ""
    for byte in token.encode():
        if 0x20 <= byte < 0x7F and byte not in b'"\\':
            out += chr(byte)
        else:
            out += "\\x%02X" % byte
    return '"' + out + '"'


def write_dict(name, tokens):
    tokens = sorted({t for t in tokens if t and len(t.encode()) < 64})
    with open(os.path.join(FUZZ, "dictionaries", name), "w") as f:
        f.write("# Made by fuzz/make_seeds.py from the repository's files; do not edit.\n")
        f.writelines(dict_entry(t) + "\n" for t in tokens)


def small_swagger(path, keep_paths, keep_defs):
    """The first paths and definitions of a vendored Swagger file: a realistic seed that is small."""
    doc = json.loads(read(path))
    doc["paths"] = dict(list(doc.get("paths", {}).items())[:keep_paths])
    doc["definitions"] = dict(list(doc.get("definitions", {}).items())[:keep_defs])
    return json.dumps(doc, indent=1).encode()


def load(path):
    """The file as YAML (JSON is YAML), or nothing: some fixtures are broken on purpose."""
    try:
        return yaml.safe_load(read(path))
    except yaml.YAMLError:
        return None


def keys_of(value, out):
    if isinstance(value, dict):
        for key, inner in value.items():
            out.add(str(key))
            keys_of(inner, out)
    elif isinstance(value, list):
        for inner in value:
            keys_of(inner, out)
    elif isinstance(value, str) and len(value) < 40 and " " not in value:
        out.add(value)


own = sorted(glob.glob("spec/*.yaml", root_dir=ROOT)) + sorted(glob.glob("tests/fixtures/*.yaml", root_dir=ROOT)) \
    + sorted(glob.glob("tests/diagnostics/*.yaml", root_dir=ROOT))
swagger = [p for p in sorted(glob.glob("tests/import/*.*", root_dir=ROOT)) if b"swagger" in read(p)]
openapi = [p for p in sorted(glob.glob("tests/import/*.*", root_dir=ROOT)) if b"openapi" in read(p)]
multi = read("tests/import/multi_file/main.yaml").replace(b"./defs/types.json", b"defs/types.json") \
    + SEP.encode() + read("tests/import/multi_file/defs/types.json")
vendored = [small_swagger("vendor/azure-datafactory-2018-06-01/datafactory.json", n, 12) for n in (2, 6)] \
    + [small_swagger("vendor/progenitor-nexus/nexus.json", 0, 0)] \
    + [small_swagger("vendor/azure-datafactory-2018-06-01/entityTypes/IntegrationRuntime.json", 0, n) for n in (8, 30)]

# read_spec: a mode byte (0: alone, 3: beside a fixture) before each spec file.
write_seeds("read_spec", [bytes([mode]) + read(p) for p in own for mode in (0, 3)])


def as_json(path):
    """A YAML fixture as JSON, one value per line (the import targets mutate JSON inputs as trees),
    or nothing for a file that is JSON already or does not parse."""
    text = read(path)
    try:
        json.loads(text)
        return None
    except ValueError:
        pass
    value = load(path)
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False, indent=1).encode()


def one_per_line(path):
    """A JSON file with one value per line (a diagnostic renders its whole line)."""
    return json.dumps(json.loads(read(path)), ensure_ascii=False, indent=1).encode()


multi_json = json.dumps(load("tests/import/multi_file/main.yaml"), default=str, indent=1).encode() \
    .replace(b"./defs/types.json", b"defs/types.json") + SEP.encode() + read("tests/import/multi_file/defs/types.json")
# The import targets mutate JSON as trees (fuzz/src/mutate.rs): their seeds are JSON, YAML
# fixtures converted (a YAML seed would only ever be mutated byte by byte, and its runs spent in
# the YAML parser); JSON fixtures, the broken ones too, stay as they are.


def json_seeds(paths):
    return [as_json(p) or read(p) for p in paths]


exports = [one_per_line(p) for p in sorted(glob.glob("spec/openapi/*.json", root_dir=ROOT))]
write_seeds("read_swagger", json_seeds(swagger) + [multi_json] + vendored)
write_seeds("read_openapi", json_seeds(openapi) + exports)
write_seeds("render", [read(p) for p in own + swagger + openapi] + [multi] + vendored)

# decode: [mode, choice, body...] (fuzz_targets/decode.rs). Every example body of the spec and of
# the vendored examples, read by its own operation with its own status where the target has it;
# integration runtime status bodies also for the union (mode 1); texts for mode 2.
STATUSES = [200, 201, 202, 204, 400, 500]
OPERATIONS = ["Gateways_Create", "Gateways_Delete", "Gateways_Get", "Gateways_List", "Gateways_RegenerateKey",
              "Gateways_Update", "IntegrationRuntimes_GetStatus", "Factories_Get", "Factories_List",
              "IntegrationRuntimes_GetStatus_v2", "IntegrationRuntimes_ListAuthKeys", "IntegrationRuntimes_Start",
              "LinkedServices_Get", "Pipelines_CreateRun", "Triggers_Get"]
examples = []  # (operation id, status, body)
for path in sorted(glob.glob("spec/*.yaml", root_dir=ROOT)):
    for operation in (yaml.safe_load(read(path)).get("operations") or {}).values():
        for name, example in ((operation or {}).get("examples") or {}).items():
            response = example.get("response") or {}
            if response.get("body") is not None:
                examples.append((name.split("_Example")[0], int(response.get("status", 200)), response["body"]))
for path in sorted(glob.glob("vendor/azure-datafactory-2018-06-01/examples/*.json", root_dir=ROOT)):
    name = os.path.basename(path)[:-len(".json")]
    name = name + "_v2" if name == "IntegrationRuntimes_GetStatus" else name
    for status, response in json.loads(read(path)).get("responses", {}).items():
        if isinstance(response, dict) and "body" in response and status.isdigit():
            examples.append((name, int(status), response["body"]))
bodies = [body for _, _, body in examples]
seeds = []
for name, status, body in examples:
    text = json.dumps(body).encode()
    mode = 3 * STATUSES.index(status) if status in STATUSES else 0
    choices = [OPERATIONS.index(name)] if name in OPERATIONS else [2, 12]  # else: a Get of each crate
    seeds += [bytes([mode, choice]) + text for choice in choices]
    if isinstance(body, dict) and isinstance(body.get("properties"), dict) and "state" in body["properties"]:
        seeds.append(b"\x01\x00" + json.dumps(body["properties"]).encode())
secret_bodies = [{"name": "gw", "properties": {"key": SECRET, "status": 5}},
                 {"error": {"code": "C", "message": "echo " + SECRET}, "key": SECRET}]
seeds += [bytes([mode, 2]) + json.dumps(body).encode() for body in secret_bodies for mode in (0, 12)]
seeds += [b"\x00\x0a" + json.dumps({"value": [{"keyName": "authKey1", "value": SECRET}]}).encode()]
for text in ["2018-06-14T14:51:44.9237069Z", "0001-01-01T00:00:00", "2018-06-14T14:51:44+05:30", "PT3H",
             "-PT5H30M", "P1DT2H", "P2W", "PT0.5S", "120", "Sun, 06 Nov 1994 08:49:37 GMT",
             "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"]:
    seeds.append(b"\x02\x00" + text.encode())
write_seeds("decode", seeds)

# Dictionaries: the keys each format uses, taken from the files themselves.
own_keys = set()
keys_of(json.loads(read("spec/spec.schema.json")), own_keys)
for path in own:
    keys_of(load(path), own_keys)
write_dict("spec.dict", {k + ":" for k in own_keys if re.fullmatch(r"[$A-Za-z][\w.-]*", k)} | own_keys
           | {"$ref: ", "type: object", "type: string", "required: true", "secret: true", "\n  ", "- "})

swagger_keys = set()
for path in swagger + ["vendor/azure-datafactory-2018-06-01/datafactory.json",
                       "vendor/azure-datafactory-2018-06-01/entityTypes/IntegrationRuntime.json"]:
    keys_of(load(path), swagger_keys)
swagger_keys = {k for k in swagger_keys if not k.startswith("/")}
write_dict("swagger.dict", {quote(k) + ":" for k in swagger_keys} | {k + ":" for k in swagger_keys}
           | {"swagger: \"2.0\"", "\"swagger\": \"2.0\"", "#/definitions/", "#/parameters/", "$ref",
              "defs/types.json", "common.yaml", "main.json", SEP, "{", "}", "[", "]", "null", "true"})

openapi_keys = set()
for path in openapi:
    keys_of(load(path), openapi_keys)
openapi_keys |= {"openapi", "components", "schemas", "oneOf", "anyOf", "allOf", "discriminator", "mapping",
                 "propertyName", "nullable", "const", "servers", "securitySchemes", "flows", "scopes", "requestBody",
                 "content", "application/json", "tags", "2XX", "4XX", "default", "examples", "prefixItems"}
openapi_keys = {k for k in openapi_keys if not k.startswith("/")}
write_dict("openapi.dict", {quote(k) + ":" for k in openapi_keys} | {k + ":" for k in openapi_keys}
           | {"openapi: 3.0.3", "openapi: 3.1.0", "\"openapi\": \"3.1.0\"", "#/components/schemas/", "$ref",
              "type: [string, \"null\"]", "defs/types.json", "common.yaml", SEP, "{", "}", "null", "true"})

body_keys = set()
for body in bodies:
    keys_of(body, body_keys)
write_dict("decode.dict", {quote(k) for k in body_keys} | {quote(k) + ":" for k in body_keys}
           | {"\"key\":", "\"k\\u0065y\":", "\"value\":", quote(SECRET), "\"key\": " + quote(SECRET),
              "\"value\": " + quote(SECRET), "\"type\":", "\"Managed\"", "\"SelfHosted\"", "\"error\":",
              "\"nextLink\":", "null", "true", "1e400", "-0", "\\u0000", "\\ud800", "PT", "P", "T", "Z", "GMT",
              "+05:30", "Sun, ", " Nov ", "-Nov-94 "})
