//! The examples of one set, read from its input files as a user's tool would: Swagger's
//! `x-ms-examples` (each a file with the request's parameters and the responses) and OpenAPI's
//! response `example`/`examples`. Each becomes an `example_check::Case` of the operation the
//! generator made for the same method and path; what cannot become one is a [`Problem`].

use example_check::Case;
use restgen::ir::{Api, Operation};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// An example that is not checked, and why: it is listed in the report like a contradiction.
#[derive(Debug, Clone)]
pub struct Problem {
    pub id: String,
    pub file: String,
    pub reason: String,
}

/// The input documents, read once each, by absolute path.
struct Documents {
    read: HashMap<PathBuf, Value>,
    /// The files a `$ref` of the inputs names that are not there.
    missing: BTreeSet<PathBuf>,
}

impl Documents {
    fn get(&mut self, path: &Path) -> Result<&Value, String> {
        if !self.read.contains_key(path) {
            let text = std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
            let display = path.display().to_string();
            let (root, _) = restgen::import::parse_document(&display, &text)
                .map_err(|diagnostic| format!("{display}: {}", diagnostic.message))?;
            self.read.insert(path.to_owned(), root.to_json());
        }
        Ok(&self.read[path])
    }

    /// `value`, or what its `$ref` names (followed through chains), with the file it is in.
    fn resolve(&mut self, file: &Path, value: &Value) -> Result<(PathBuf, Value), String> {
        let (mut file, mut value) = (file.to_owned(), value.clone());
        for _ in 0..16 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return Ok((file, value)) };
            let (target, pointer) = reference.split_once('#').unwrap_or((reference, ""));
            if !target.is_empty() {
                file = normalize(&file.parent().unwrap_or(Path::new("")).join(target));
            }
            let document = match self.get(&file) {
                Ok(document) => document,
                Err(reason) => {
                    if !file.exists() {
                        self.missing.insert(file);
                    }
                    return Err(reason);
                }
            };
            value = document.pointer(pointer).cloned().ok_or_else(|| format!("`{reference}` names nothing"))?;
        }
        Err("a `$ref` chain longer than 16".into())
    }
}

/// `a/b/../c` as `a/c`, so that one file read through two paths is read once.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Every example of the inputs (paths relative to `root`), against the generated `operations`;
/// `relative_to` is the folder the report names example files from.
pub fn collect(
    root: &Path,
    inputs: &[String],
    operations: &[(&Api, &Operation)],
    relative_to: &Path,
) -> (Vec<Case>, Vec<Problem>) {
    let mut documents = Documents { read: HashMap::new(), missing: BTreeSet::new() };
    let (mut cases, mut problems) = (Vec::new(), Vec::new());
    for input in inputs {
        let file = normalize(&root.join(input));
        let document = match documents.get(&file) {
            Ok(document) => document.clone(),
            Err(reason) => {
                problems.push(Problem { id: String::new(), file: input.clone(), reason });
                continue;
            }
        };
        let openapi = document.get("openapi").is_some();
        let path_sets = ["paths", "x-ms-paths"];
        for (template, item) in path_sets.iter().filter_map(|key| document.get(*key)?.as_object()).flatten() {
            let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !["get", "put", "post", "patch", "delete", "head", "options"].contains(&method.as_str()) {
                    continue;
                }
                let id = operation.get("operationId").and_then(Value::as_str).unwrap_or_default().to_owned();
                let method = method.to_uppercase();
                let found = operations
                    .iter()
                    .position(|(_, generated)| generated.method == method && full_path(generated) == *template);
                let own = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
                let mut parameters: Vec<(String, String)> = Vec::new();
                let mut raw_path: Vec<String> = Vec::new();
                for parameter in shared.iter().chain(&own) {
                    match documents.resolve(&file, parameter) {
                        Ok((_, parameter)) => {
                            let key = (text(&parameter, "name"), text(&parameter, "in"));
                            if key.1 == "path" && parameter.get("x-ms-skip-url-encoding") == Some(&Value::Bool(true)) {
                                raw_path.push(key.0.clone());
                            }
                            // An operation's own parameter overrides the path item's of the same name and place.
                            parameters.retain(|known| *known != key);
                            parameters.push(key);
                        }
                        // In a file that cannot be read: said once for the file, below.
                        Err(_) if parameter_file_missing(&documents, &file, parameter) => {}
                        Err(reason) => problems.push(Problem { id: id.clone(), file: input.clone(), reason }),
                    }
                }
                // A placeholder no parameter declares (its `$ref` names a file not in the
                // corpus) is a path parameter of its name, as the generator reads it.
                let path_part = template.split('?').next().unwrap_or_default();
                for placeholder in path_part.split('{').skip(1).filter_map(|rest| Some(rest.split_once('}')?.0)) {
                    let key = (placeholder.to_owned(), "path".to_owned());
                    if !placeholder.is_empty() && !parameters.contains(&key) {
                        parameters.push(key);
                    }
                }
                if openapi && operation.get("requestBody").is_some() {
                    parameters.push((OPENAPI_BODY.to_owned(), "body".to_owned()));
                }
                let all: Vec<Value> = shared.iter().chain(&own).cloned().collect();
                let examples = if openapi {
                    openapi_examples(&mut documents, &file, input, operation, &all)
                } else {
                    azure_examples(&mut documents, &file, operation, relative_to)
                };
                for example in examples {
                    let (name, example, request) = match example {
                        Ok(found) => found,
                        Err((name, reason)) => {
                            problems.push(Problem { id: id.clone(), file: name, reason });
                            continue;
                        }
                    };
                    let Some(index) = found else {
                        let reason = format!("no generated operation for {method} {template}");
                        problems.push(Problem { id: id.clone(), file: name, reason });
                        continue;
                    };
                    cases.push(Case {
                        operation: index,
                        id: id.clone(),
                        file: name,
                        method: method.clone(),
                        path: template.clone(),
                        parameters: parameters.clone(),
                        raw_path: raw_path.clone(),
                        request,
                        example,
                    });
                }
            }
        }
    }
    for missing in &documents.missing {
        let file = missing.strip_prefix(root).unwrap_or(missing).display().to_string();
        let reason =
            "cannot be read: the parameters named in it are not known, a placeholder is a path parameter".to_owned();
        problems.push(Problem { id: String::new(), file, reason });
    }
    cases.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
    (cases, problems)
}

/// Whether the `$ref` of `parameter`, written in `file`, names a file that could not be read.
fn parameter_file_missing(documents: &Documents, file: &Path, parameter: &Value) -> bool {
    let written = parameter.get("$ref").and_then(Value::as_str).unwrap_or_default();
    let target = written.split('#').next().unwrap_or_default();
    !target.is_empty() && documents.missing.contains(&normalize(&file.parent().unwrap_or(Path::new("")).join(target)))
}

/// An operation's path as its input's key writes it: the template, then any literal query.
fn full_path(operation: &Operation) -> String {
    let pairs: Vec<String> = operation
        .literal_query
        .iter()
        .map(|(name, value)| if value.is_empty() { name.clone() } else { format!("{name}={value}") })
        .collect();
    if pairs.is_empty() {
        operation.path_template.clone()
    } else {
        format!("{}?{}", operation.path_template, pairs.join("&"))
    }
}

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// One example: (where it is, the case's example, whether its request is built), or why not.
type Found = Result<(String, Value, bool), (String, String)>;

/// The example files an operation's `x-ms-examples` name, each as (its path from `relative_to`, its JSON).
fn azure_examples(documents: &mut Documents, file: &Path, operation: &Value, relative_to: &Path) -> Vec<Found> {
    let references = operation.get("x-ms-examples").and_then(Value::as_object).into_iter().flatten();
    references
        .map(|(title, reference)| {
            let target = reference.get("$ref").and_then(Value::as_str).unwrap_or_default();
            let path = normalize(&file.parent().unwrap_or(Path::new("")).join(target));
            let name = path.strip_prefix(relative_to).unwrap_or(&path).display().to_string();
            match documents.get(&path) {
                Ok(example) => Ok((name, example.clone(), true)),
                Err(reason) => Err((name, format!("the example `{title}`: {reason}"))),
            }
        })
        .collect()
}

/// An OpenAPI operation's examples, one case per example name: the request body's example of
/// that name (and a value for each required parameter, see [`sample_parameters`]) and every JSON
/// response example of that name. The request is built only where its body example exists (or
/// the operation takes no body) and every required parameter has a value.
fn openapi_examples(
    documents: &mut Documents,
    file: &Path,
    input: &str,
    operation: &Value,
    parameters: &[Value],
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut named: Vec<(String, Value, Option<Value>)> = Vec::new();
    let entry = |named: &mut Vec<(String, Value, Option<Value>)>, name: &str| -> usize {
        match named.iter().position(|(known, _, _)| known == name) {
            Some(index) => index,
            None => {
                named.push((name.to_owned(), json!({}), None));
                named.len() - 1
            }
        }
    };
    let body = operation.get("requestBody").map(|body| documents.resolve(file, body));
    let body = match body {
        Some(Ok((_, body))) => Some(body),
        Some(Err(reason)) => {
            found.push(Err((format!("{input}#/requestBody"), reason)));
            None
        }
        None => None,
    };
    let body_media = body.as_ref().and_then(|body| {
        body.get("content")?.as_object()?.iter().next().map(|(media, content)| (media.clone(), content.clone()))
    });
    if let Some((media, content)) = &body_media {
        let at = format!("{input}#/requestBody/content/{}", media.replace('/', "~1"));
        for (name, value) in media_examples(documents, file, &at, content, &mut found) {
            let index = entry(&mut named, &name);
            named[index].2 = Some(value);
        }
    }
    for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
        let Ok((_, response)) = documents.resolve(file, response) else { continue };
        let Some(content) = response.get("content").and_then(Value::as_object) else { continue };
        for (media, body) in content.iter().filter(|(media, _)| is_json(media)) {
            let at = format!("{input}#/responses/{status}/content/{}", media.replace('/', "~1"));
            for (name, value) in media_examples(documents, file, &at, body, &mut found) {
                let index = entry(&mut named, &name);
                named[index].1[status] = json!({ "body": value });
            }
        }
    }
    let sampled = sample_parameters(documents, file, parameters);
    for (name, responses, body) in named {
        let mut example = json!({ "responses": responses });
        let takes_body = body_media.is_some();
        let request = match &sampled {
            Some(parameters) if body.is_some() || !takes_body => {
                let mut parameters = parameters.clone();
                if let Some(body) = body {
                    parameters.insert(OPENAPI_BODY.to_owned(), body);
                }
                example["parameters"] = Value::Object(parameters);
                true
            }
            _ => false,
        };
        found.push(Ok((format!("{input}#{}/{name}", operation_pointer(operation)), example, request)));
    }
    found
}

/// The examples of one media type: `example` (named so) and each of `examples`; those that
/// cannot be read go to `found` as problems.
fn media_examples(
    documents: &mut Documents,
    file: &Path,
    at: &str,
    media: &Value,
    found: &mut Vec<Found>,
) -> Vec<(String, Value)> {
    let mut values = Vec::new();
    if let Some(example) = media.get("example") {
        values.push(("example".to_owned(), example.clone()));
    }
    for (name, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        match documents.resolve(file, example) {
            Ok((_, example)) => match example.get("value") {
                Some(value) => values.push((name.clone(), value.clone())),
                // An `externalValue` names a file outside the document: nothing to read here.
                None => found.push(Err((format!("{at}/examples/{name}"), "an example without a `value`".into()))),
            },
            Err(reason) => found.push(Err((format!("{at}/examples/{name}"), reason))),
        }
    }
    values
}

/// The name a case gives an OpenAPI request body among its parameters (OpenAPI names none).
pub const OPENAPI_BODY: &str = "requestBody";

fn operation_pointer(operation: &Value) -> String {
    operation.get("operationId").and_then(Value::as_str).map(|id| format!("/{id}")).unwrap_or_default()
}

/// A value for every path parameter and every other required one, from what the description
/// gives (`example`, the schema's `example`, `default`, first `enum` value), else one made to
/// match the schema's `pattern` or type; `None` when one cannot be made.
fn sample_parameters(
    documents: &mut Documents,
    file: &Path,
    parameters: &[Value],
) -> Option<serde_json::Map<String, Value>> {
    let mut values = serde_json::Map::new();
    for parameter in parameters {
        let (_, parameter) = documents.resolve(file, parameter).ok()?;
        let place = text(&parameter, "in");
        let required = place == "path" || parameter.get("required").and_then(Value::as_bool).unwrap_or(false);
        if !required {
            continue;
        }
        let schema = match parameter.get("schema") {
            Some(schema) => documents.resolve(file, schema).ok()?.1,
            None => parameter.clone(),
        };
        let given = parameter.get("example").or_else(|| schema.get("example")).or_else(|| schema.get("default"));
        let given = given.cloned().or_else(|| schema.get("enum")?.as_array()?.first().cloned());
        let value = match given {
            Some(value) => value,
            None => match (schema.get("pattern").and_then(Value::as_str), schema.get("type").and_then(Value::as_str)) {
                (Some(pattern), _) => Value::String(sample_for_pattern(pattern)?),
                (None, Some("integer" | "number")) => json!(1),
                (None, Some("boolean")) => json!(true),
                (None, Some("string") | None) => Value::String(format!("sample-{}", text(&parameter, "name"))),
                (None, Some(_)) => return None,
            },
        };
        values.insert(text(&parameter, "name"), value);
    }
    Some(values)
}

/// A string that matches `pattern`, for the plain patterns descriptions use (literals, classes,
/// `\d`, `\w`, and the quantifiers `{n}`, `{n,m}`, `+`, `*`, `?`, anchored or not); `None` for
/// anything else (groups, alternatives).
fn sample_for_pattern(pattern: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = pattern.trim_start_matches('^').trim_end_matches('$').chars().peekable();
    while let Some(c) = chars.next() {
        let atom = match c {
            '[' => {
                let mut class: Vec<char> = Vec::new();
                loop {
                    match chars.next()? {
                        ']' => break,
                        '\\' => class.push(escaped(chars.next()?)?),
                        other => class.push(other),
                    }
                }
                if class.first() == Some(&'^') {
                    return None;
                }
                *class.first()?
            }
            '\\' => escaped(chars.next()?)?,
            '(' | ')' | '|' | '.' | '^' | '$' => return None,
            literal => literal,
        };
        let times = match chars.peek() {
            Some('{') => {
                chars.next();
                let mut count = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    count.push(c);
                }
                count.split(',').next()?.trim().parse::<usize>().ok()?.max(1)
            }
            Some('+') | Some('*') | Some('?') => {
                let quantifier = chars.next()?;
                usize::from(quantifier == '+')
            }
            _ => 1,
        };
        out.extend(std::iter::repeat_n(atom, times));
    }
    Some(out)
}

/// The character an escape in a pattern stands for (`\d` a digit, `\w` a letter).
fn escaped(c: char) -> Option<char> {
    match c {
        'd' => Some('0'),
        'w' => Some('a'),
        c if c.is_ascii_punctuation() => Some(c),
        _ => None,
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::sample_for_pattern;

    #[test]
    fn plain_patterns_get_a_matching_sample_and_others_none() {
        assert_eq!(sample_for_pattern("^CH[0-9a-fA-F]{32}$"), Some(format!("CH{}", "0".repeat(32))));
        assert_eq!(sample_for_pattern(r"^\d{2,4}-[a-z]+x?$").as_deref(), Some("00-a"));
        assert_eq!(sample_for_pattern("^(a|b)$"), None);
        assert_eq!(sample_for_pattern("^[^/]+$"), None);
    }
}
