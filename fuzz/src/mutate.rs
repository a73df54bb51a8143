//! Structure-aware mutation for the import targets: inputs whose files are JSON stay JSON.
//!
//! libFuzzer's byte-level mutations turn a JSON document into text that is JSON no more, which
//! the loader then reads as YAML: most runs were spent in the YAML parser and ended at a syntax
//! error, far from the readers. Here an input whose files all parse as JSON is mutated as trees
//! (a value removed, replaced by a scalar or by another value of the input, a key renamed or
//! added, a value wrapped), and written back as JSON; other inputs, and one mutation in sixteen,
//! still go to the byte-level mutator, so the loaders' error paths keep being fuzzed.

use serde_json::Value;

/// A small xorshift generator: the mutator must be deterministic for its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u32) -> Rng {
        Rng(u64::from(seed) << 1 | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `bound` (which must not be 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// One step into a tree: a key of an object or an index of an array.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// How many nodes `value` has (itself included).
fn count(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(count).sum(),
        Value::Array(items) => items.iter().map(count).sum(),
        _ => 0,
    }
}

/// The steps to the `n`-th node of `value` in pre-order (the root is the 0th); `n` counts down.
fn path_to(value: &Value, n: &mut usize, steps: &mut Vec<Step>) -> bool {
    if *n == 0 {
        return true;
    }
    *n -= 1;
    let mut within = |step: Step, inner: &Value| {
        steps.push(step);
        let found = path_to(inner, n, steps);
        if !found {
            steps.pop();
        }
        found
    };
    match value {
        Value::Object(map) => map.iter().any(|(key, inner)| within(Step::Key(key.clone()), inner)),
        Value::Array(items) => items.iter().enumerate().any(|(index, inner)| within(Step::Index(index), inner)),
        _ => false,
    }
}

/// The steps to a node of `value` chosen at random.
fn random_path(value: &Value, rng: &mut Rng) -> Vec<Step> {
    let mut n = rng.below(count(value));
    let mut steps = Vec::new();
    path_to(value, &mut n, &mut steps);
    steps
}

fn get_mut<'a>(value: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(value, |value, step| match (value, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

fn get<'a>(value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(value, |value, step| match (value, step) {
        (Value::Object(map), Step::Key(key)) => map.get(key),
        (Value::Array(items), Step::Index(index)) => items.get(*index),
        _ => None,
    })
}

/// The `pick`-th of the keys and short strings of `value` (schema names, `$ref` targets,
/// parameter names), in pre-order: what renamed keys and new strings are drawn from. `pick`
/// counts down over the words passed.
fn word<'a>(value: &'a Value, pick: &mut usize) -> Option<&'a str> {
    fn take<'a>(text: &'a str, pick: &mut usize) -> Option<&'a str> {
        if *pick == 0 {
            return Some(text);
        }
        *pick -= 1;
        None
    }
    match value {
        Value::Object(map) => map.iter().find_map(|(key, inner)| take(key, pick).or_else(|| word(inner, pick))),
        Value::Array(items) => items.iter().find_map(|inner| word(inner, pick)),
        Value::String(text) if text.len() < 64 => take(text, pick),
        _ => None,
    }
}

/// A word of the input, or one a reader treats specially.
fn random_word(all: &[Value], rng: &mut Rng) -> String {
    // Counting down from the largest number past every word counts them.
    let mut past = usize::MAX;
    for file in all {
        let _ = word(file, &mut past);
    }
    let counted = usize::MAX - past;
    let mut pick = rng.below(counted + SPECIAL_WORDS.len());
    if pick < SPECIAL_WORDS.len() {
        return SPECIAL_WORDS[pick].to_owned();
    }
    pick -= SPECIAL_WORDS.len();
    all.iter().find_map(|file| word(file, &mut pick)).unwrap_or_default().to_owned()
}

const SPECIAL_WORDS: [&str; 12] = [
    "$ref",
    "allOf",
    "oneOf",
    "discriminator",
    "required",
    "additionalProperties",
    "nullable",
    "x-ms-discriminator-value",
    "#/components/schemas/",
    "#/definitions/",
    "{name}",
    "",
];

/// A scalar of some kind the readers must cope with anywhere.
fn scalar(rng: &mut Rng, all: &[Value]) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => Value::from(0),
        3 => Value::from(-1),
        4 => Value::from(u64::MAX),
        5 => Value::from(1.5),
        6 => Value::String(SPECIAL_WORDS[rng.below(SPECIAL_WORDS.len())].to_owned()),
        _ => Value::String(random_word(all, rng)),
    }
}

/// One tree mutation of `root`, using the words and values of `all` (every file of the input).
fn mutate_value(root: &mut Value, all: &[Value], rng: &mut Rng, shrink: bool) {
    let target = random_path(root, rng);
    let donor = |rng: &mut Rng| {
        let file = &all[rng.below(all.len())];
        get(file, &random_path(file, rng)).cloned().unwrap_or(Value::Null)
    };
    // A large input is cut down half of the time: copied subtrees make inputs grow, and every
    // run reads the whole input.
    let operation = if shrink && rng.below(2) == 0 { 0 } else { rng.below(7) };
    match (operation, target.split_last()) {
        // Remove the node from its parent.
        (0, Some((last, parent))) => match (get_mut(root, parent), last) {
            (Some(Value::Object(map)), Step::Key(key)) => drop(map.shift_remove(key)),
            (Some(Value::Array(items)), Step::Index(index)) => drop(items.remove(*index)),
            _ => {}
        },
        // Rename a key of its parent object.
        (1, Some((Step::Key(key), parent))) => {
            if let Some(Value::Object(map)) = get_mut(root, parent)
                && let Some(value) = map.shift_remove(key)
            {
                map.insert(random_word(all, rng), value);
            }
        }
        (operation, _) => {
            let Some(node) = get_mut(root, &target) else { return };
            match operation {
                // Replace it with a scalar.
                2 => *node = scalar(rng, all),
                // Replace it with another value of the input (a subtree spliced elsewhere).
                3 => *node = donor(rng),
                // Add a member (a known key) or an element, copied from elsewhere.
                4 => {
                    let value = donor(rng);
                    match node {
                        Value::Object(map) => drop(map.insert(random_word(all, rng), value)),
                        Value::Array(items) => items.insert(rng.below(items.len() + 1), value),
                        _ => *node = value,
                    }
                }
                // Wrap it: in an array, or in an `allOf` of one.
                5 => {
                    let inner = node.take();
                    *node = if rng.below(2) == 0 {
                        Value::Array(vec![inner])
                    } else {
                        serde_json::json!({ "allOf": [inner] })
                    };
                }
                // Point it somewhere: a `$ref` to a name of the input.
                _ => {
                    let prefix = if rng.below(2) == 0 { "#/components/schemas/" } else { "#/definitions/" };
                    *node = serde_json::json!({ "$ref": format!("{prefix}{}", random_word(all, rng)) });
                }
            }
        }
    }
}

/// Inputs larger than this are more often cut down than grown.
const SHRINK_ABOVE: usize = 4 * 1024;

/// libFuzzer's custom mutator for the import targets: `data[..size]` is the input, at most
/// `max_size` bytes may be written; returns the new size. `byte_level` is libFuzzer's own
/// mutator (`libfuzzer_sys::fuzzer_mutate`), used for inputs that are not all JSON and for one
/// mutation in sixteen.
pub fn mutate_json(
    data: &mut [u8],
    size: usize,
    max_size: usize,
    seed: u32,
    byte_level: impl FnOnce(&mut [u8], usize, usize) -> usize,
) -> usize {
    let mut rng = Rng::new(seed);
    if rng.below(16) == 0 {
        return byte_level(data, size, max_size);
    }
    let Ok(text) = std::str::from_utf8(&data[..size]) else { return byte_level(data, size, max_size) };
    let files: Option<Vec<Value>> =
        text.split(super::FILE_SEPARATOR).map(|file| serde_json::from_str::<Value>(file).ok()).collect();
    let Some(mut files) = files else { return byte_level(data, size, max_size) };
    let mutations = 1 + rng.below(3);
    for _ in 0..mutations {
        let index = rng.below(files.len());
        let mut file = files[index].clone();
        mutate_value(&mut file, &files, &mut rng, size > SHRINK_ABOVE);
        files[index] = file;
    }
    // One line per value: a diagnostic renders its whole line, and a document on one line made
    // rendering most of each run.
    let written: Vec<String> =
        files.iter().map(|file| serde_json::to_string_pretty(file).unwrap_or_default()).collect();
    let out = written.join(super::FILE_SEPARATOR);
    if out.len() > max_size {
        return byte_level(data, size, max_size);
    }
    data[..out.len()].copy_from_slice(out.as_bytes());
    out.len()
}
