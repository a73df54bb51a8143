//! Discriminated unions: read the discriminator first, then the variant it names, so an error
//! inside a known variant names the field that failed.

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Map, Value};

/// How a variant's error names its inner path (`at `path`: message`); [`join_nested_path`]
/// appends that path to the outer one.
const NESTED_START: &str = "at `";
const NESTED_END: &str = "`: ";

/// A JSON object whose discriminator has been read; generated `Deserialize` impls match on its tag.
#[derive(Debug)]
pub struct TaggedObject {
    tag_name: &'static str,
    tag: String,
    object: Map<String, Value>,
}

impl TaggedObject {
    /// Reads an object and its string discriminator `tag_name`.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D, tag_name: &'static str) -> Result<Self, D::Error> {
        let object = Map::deserialize(deserializer)?;
        let tag = match object.get(tag_name) {
            Some(Value::String(tag)) => tag.clone(),
            Some(other) => return Err(D::Error::custom(format_args!("`{tag_name}` must be a string, found {other}"))),
            None => return Err(D::Error::missing_field(tag_name)),
        };
        Ok(TaggedObject { tag_name, tag, object })
    }

    /// The discriminator's value.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Reads a known variant, whose type holds every property but the discriminator.
    pub fn into_variant<T: DeserializeOwned, E: serde::de::Error>(mut self) -> Result<T, E> {
        self.object.remove(self.tag_name);
        from_object(self.object)
    }

    /// Reads the fallback variant, whose type keeps the discriminator and every other property.
    pub fn into_unknown<T: DeserializeOwned, E: serde::de::Error>(self) -> Result<T, E> {
        from_object(self.object)
    }
}

thread_local! {
    /// Set while [`crate::runtime::decode_json`] re-reads a body that failed, to find where.
    static TRACKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` with variants tracking their inner paths (see [`join_nested_path`]).
pub(crate) fn tracking_paths<R>(read: impl FnOnce() -> R) -> R {
    /// Restores the flag even if `read` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            TRACKING.with(|tracking| tracking.set(self.0));
        }
    }
    let _restore = Restore(TRACKING.with(|tracking| tracking.replace(true)));
    read()
}

fn from_object<T: DeserializeOwned, E: serde::de::Error>(object: Map<String, Value>) -> Result<T, E> {
    if !TRACKING.with(std::cell::Cell::get) {
        return T::deserialize(Value::Object(object)).map_err(E::custom);
    }
    serde_path_to_error::deserialize(Value::Object(object)).map_err(|error| {
        let path = error.path().to_string();
        E::custom(format_args!("{NESTED_START}{path}{NESTED_END}{}", error.into_inner()))
    })
}

/// Joins an outer path (`properties`) and the inner path a variant reported in `message`
/// (`typeProperties.nodes[0]`) into one (`properties.typeProperties.nodes[0]`), recursively.
pub(crate) fn join_nested_path(outer: &str, mut message: String) -> (String, String) {
    let mut path = if outer == "." { String::new() } else { outer.to_owned() };
    while let Some(rest) = message.strip_prefix(NESTED_START) {
        let Some((inner, tail)) = rest.split_once(NESTED_END) else { break };
        if inner != "." {
            if !path.is_empty() && !inner.starts_with('[') {
                path.push('.');
            }
            path.push_str(inner);
        }
        message = tail.to_owned();
    }
    if path.is_empty() {
        path.push('.');
    }
    (path, message)
}
